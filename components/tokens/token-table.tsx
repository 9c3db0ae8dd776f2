'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { revokeTokenAction } from '@/app/tokens/actions';
import type { TokenRecord } from '@/lib/tokens/token-schema';
import { formatUtc } from '@/lib/types/audit';
import { CellLabel, stackedTable } from '@/components/ui/stacked-table';

const headers = ['Name', 'Role', 'Clusters', 'Status', 'Created by', 'Last used', 'Expires', 'Note', ''];
// Cards on a phone: an admin checks one token at a time (who made it, when it was last used), and revokes it there.
const cell = `${stackedTable.cell} md:align-top`;

export function TokenTable({ tokens }: { tokens: TokenRecord[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function revoke(name: string) {
    if (!window.confirm(`Revoke ${name}? Scripts using it stop working at once.`)) return;
    const result = await revokeTokenAction(name);
    setError(result.ok ? null : result.message);
    router.refresh();
  }

  if (tokens.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No tokens yet.</p>;
  return (
    <>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <table className={`${stackedTable.table} border-collapse`}>
        <thead
          className={`${stackedTable.head} bg-zinc-50 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400`}
        >
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="whitespace-nowrap px-2 py-2">
                {header || <span className="sr-only">Revoke</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={stackedTable.body}>
          {tokens.map((token) => (
            <tr
              key={token.id}
              data-testid="token-row"
              data-name={token.name}
              className={`${stackedTable.row} ${token.status === 'active' ? '' : 'text-zinc-600 dark:text-zinc-400'}`}
            >
              <td className={`${cell} font-mono font-medium break-all`}>{token.name}</td>
              <td className={cell}>
                <CellLabel>Role</CellLabel>
                {token.role}
              </td>
              <td className={cell}>
                <CellLabel>Clusters</CellLabel>
                {token.clusters.join(', ')}
              </td>
              <td className={cell}>
                <CellLabel>Status</CellLabel>
                {token.status}
              </td>
              <td className={`${cell} break-all`}>
                <CellLabel>Created by</CellLabel>
                {token.createdBy}
              </td>
              <td className={`${cell} md:whitespace-nowrap`}>
                <CellLabel>Last used</CellLabel>
                {token.lastUsedAt ? formatUtc(token.lastUsedAt) : 'never'}
              </td>
              <td className={`${cell} md:whitespace-nowrap`}>
                <CellLabel>Expires</CellLabel>
                {formatUtc(token.expiresAt)}
              </td>
              <td className={cell}>
                {token.note && <CellLabel>Note</CellLabel>}
                {token.note}
              </td>
              <td className={cell}>
                {token.status === 'active' && (
                  <button
                    type="button"
                    onClick={() => revoke(token.name)}
                    className="text-red-700 dark:text-red-400 hover:underline"
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
