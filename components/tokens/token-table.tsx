'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { revokeTokenAction } from '@/app/tokens/actions';
import type { TokenRecord } from '@/lib/tokens/token-schema';
import { formatUtc } from '@/lib/types/audit';

const headers = ['Name', 'Role', 'Clusters', 'Status', 'Created by', 'Last used', 'Expires', 'Note', ''];
const cell = 'border-b border-zinc-100 px-2 py-1 align-top dark:border-zinc-800';

export function TokenTable({ tokens }: { tokens: TokenRecord[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function revoke(name: string) {
    if (!window.confirm(`Revoke ${name}? Scripts using it stop working at once.`)) return;
    const result = await revokeTokenAction(name);
    setError(result.ok ? null : result.message);
    router.refresh();
  }

  if (tokens.length === 0) return <p className="text-sm text-zinc-500">No tokens yet.</p>;
  return (
    <>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <table className="w-full min-w-max border-collapse text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="whitespace-nowrap px-2 py-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr
              key={token.id}
              data-testid="token-row"
              data-name={token.name}
              className={token.status === 'active' ? '' : 'text-zinc-400'}
            >
              <td className={`${cell} font-mono`}>{token.name}</td>
              <td className={cell}>{token.role}</td>
              <td className={cell}>{token.clusters.join(', ')}</td>
              <td className={cell}>{token.status}</td>
              <td className={cell}>{token.createdBy}</td>
              <td className={`${cell} whitespace-nowrap`}>
                {token.lastUsedAt ? formatUtc(token.lastUsedAt) : 'never'}
              </td>
              <td className={`${cell} whitespace-nowrap`}>{formatUtc(token.expiresAt)}</td>
              <td className={cell}>{token.note}</td>
              <td className={cell}>
                {token.status === 'active' && (
                  <button
                    type="button"
                    onClick={() => revoke(token.name)}
                    className="text-red-700 hover:underline"
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
