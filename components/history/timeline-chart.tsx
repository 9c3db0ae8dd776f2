// Long queries over time, stacked per owner: an inline SVG, nothing fetched from anywhere.
import { ConsoleLink } from '@/components/layout/console-link';
import { ownerLiveHref, type HistoryReport } from '@/lib/types/history';
import { formatInstant, formatTick } from './format';

const WIDTH = 720;
const HEIGHT = 160;
const LEFT = 28;
const BOTTOM = 18;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#71717a'];

export function TimelineChart({ clusterId, timeline }: { clusterId: string; timeline: HistoryReport['timeline'] }) {
  const { bucketStarts, bucketMs, series } = timeline;
  const totals = bucketStarts.map((_, index) => series.reduce((sum, line) => sum + (line.counts[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotHeight = HEIGHT - BOTTOM - 4;
  const slot = (WIDTH - LEFT) / Math.max(1, bucketStarts.length);
  const span = bucketMs * bucketStarts.length;
  const ticks = [0, Math.floor(bucketStarts.length / 2), bucketStarts.length - 1].filter(
    (index, at, all) => all.indexOf(index) === at,
  );

  return (
    <section aria-labelledby="history-timeline-title" data-testid="history-timeline">
      <h2 id="history-timeline-title" className="mb-1 font-semibold">
        Long queries over time, by owner
      </h2>
      {series.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No long query in this window.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            className="h-40 w-full max-w-3xl"
            role="img"
            aria-label="Long queries started per interval, stacked by owner"
          >
            <line
              x1={LEFT}
              y1={HEIGHT - BOTTOM}
              x2={WIDTH}
              y2={HEIGHT - BOTTOM}
              stroke="currentColor"
              strokeOpacity={0.3}
            />
            <text x={LEFT - 4} y={10} textAnchor="end" fontSize={10} fill="currentColor">
              {max}
            </text>
            <text x={LEFT - 4} y={HEIGHT - BOTTOM} textAnchor="end" fontSize={10} fill="currentColor">
              0
            </text>
            {bucketStarts.map((start, index) => {
              let base = HEIGHT - BOTTOM;
              return series.map((line, lineIndex) => {
                const count = line.counts[index] ?? 0;
                if (count === 0) return null;
                const height = (count / max) * plotHeight;
                base -= height;
                return (
                  <rect
                    key={`${index}-${lineIndex}`}
                    x={LEFT + index * slot + 1}
                    y={base}
                    width={Math.max(1, slot - 2)}
                    height={height}
                    fill={COLORS[lineIndex % COLORS.length]}
                  >
                    <title>{`${line.label}: ${count} from ${formatInstant(start)}`}</title>
                  </rect>
                );
              });
            })}
            {ticks.map((index) => (
              <text key={index} x={LEFT + index * slot} y={HEIGHT - 4} fontSize={10} fill="currentColor">
                {formatTick(bucketStarts[index]!, span)}
              </text>
            ))}
          </svg>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {series.map((line, index) => (
              <li key={line.label} className="flex items-center gap-1">
                <span
                  aria-hidden
                  className="inline-block h-2.5 w-2.5 rounded-sm"
                  style={{ background: COLORS[index % COLORS.length] }}
                />
                {line.owner ? (
                  <ConsoleLink
                    href={ownerLiveHref(clusterId, line.owner.user, line.owner.application)}
                    className="underline"
                  >
                    {line.label}
                  </ConsoleLink>
                ) : (
                  line.label
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
