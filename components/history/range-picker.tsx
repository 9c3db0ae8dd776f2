'use client';

import { ConsoleLink } from '@/components/layout/console-link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { historyViewToParams, type HistoryRange, type HistoryView } from '@/lib/types/history';

const presets: { range: Exclude<HistoryRange, 'custom'>; label: string }[] = [
  { range: 'hour', label: 'Last hour' },
  { range: 'day', label: 'Last day' },
  { range: 'week', label: 'Last week' },
];

const inputClass =
  'rounded border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';

/** datetime-local inputs in UTC, so the server and the browser render the same values. */
const toInput = (iso: string) => iso.slice(0, 16);
const fromInput = (value: string) => `${value}:00.000Z`;

export function RangePicker({ view, shown }: { view: HistoryView; shown: { from: string; to: string } | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const [from, setFrom] = useState(toInput(view.from ?? shown?.from ?? ''));
  const [to, setTo] = useState(toInput(view.to ?? shown?.to ?? ''));

  function apply(event: FormEvent) {
    event.preventDefault();
    if (!from || !to) return;
    router.push(`${pathname}?${historyViewToParams({ range: 'custom', from: fromInput(from), to: fromInput(to) })}`);
  }

  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <nav className="flex gap-1" aria-label="Time range">
        {presets.map((preset) => (
          <ConsoleLink
            key={preset.range}
            href={`${pathname}?range=${preset.range}`}
            aria-current={view.range === preset.range ? 'page' : undefined}
            data-testid={`history-range-${preset.range}`}
            className={`rounded border px-2 py-1 ${view.range === preset.range ? 'border-zinc-900 bg-zinc-900 text-white dark:border-white dark:bg-white dark:text-zinc-900' : 'border-zinc-300 dark:border-zinc-700'}`}
          >
            {preset.label}
          </ConsoleLink>
        ))}
      </nav>
      <form onSubmit={apply} className="flex flex-wrap items-end gap-2" data-testid="history-range-custom">
        <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
          From (UTC)
          <input
            type="datetime-local"
            className={inputClass}
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            required
          />
        </label>
        <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
          To (UTC)
          <input
            type="datetime-local"
            className={inputClass}
            value={to}
            onChange={(event) => setTo(event.target.value)}
            required
          />
        </label>
        <button
          type="submit"
          aria-pressed={view.range === 'custom'}
          className={`${inputClass} font-medium ${view.range === 'custom' ? 'ring-2 ring-zinc-900 dark:ring-white' : ''}`}
        >
          Show range
        </button>
      </form>
    </div>
  );
}
