import type { AuditEntry } from '@/lib/types/audit';
import { AuditRow, auditColumnHeaders } from './audit-row';

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table className="w-full min-w-max border-collapse text-sm">
      <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          {auditColumnHeaders.map((header) => (
            <th
              key={header}
              scope="col"
              className={`whitespace-nowrap px-2 py-2 ${header.endsWith('age') ? 'text-right' : ''}`}
            >
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <AuditRow key={entry.id} entry={entry} />
        ))}
      </tbody>
    </table>
  );
}
