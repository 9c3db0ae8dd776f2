import type { SignalOutcome } from '@/lib/types/signal';

const tones: Record<SignalOutcome, string> = {
  terminated: 'bg-emerald-600 text-white',
  cancelled: 'bg-emerald-600 text-white',
  signal_sent: 'bg-sky-600 text-white',
  still_running: 'bg-amber-500 text-black',
  already_gone: 'bg-zinc-400 text-black',
  not_permitted: 'bg-red-600 text-white',
  refused: 'bg-red-600 text-white',
  failed: 'bg-red-700 text-white',
};

export function OutcomeBadge({ outcome }: { outcome: SignalOutcome }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tones[outcome]}`}>{outcome.replace('_', ' ')}</span>
  );
}
