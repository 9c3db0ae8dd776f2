'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createTokenAction } from '@/app/tokens/actions';
import { filterInputClass } from '@/components/ui/filter-controls';
import { tokenRoles } from '@/lib/tokens/token-schema';

const expiries = ['12h', '7d', '30d', '90d', '365d'];
const label = 'flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400';

/** Creates a token and shows its secret once; the list below refreshes from the server. */
export function TokenForm({ clusters }: { clusters: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const chosen = form.getAll('clusters').map(String);
    const result = await createTokenAction({
      name: String(form.get('name') ?? ''),
      role: String(form.get('role') ?? ''),
      clusters: chosen,
      expiresIn: String(form.get('expiresIn') ?? ''),
      note: String(form.get('note') ?? '') || undefined,
    });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setCreated({ name: result.data.token.name, secret: result.data.secret });
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      <form action={submit} className="flex flex-wrap items-end gap-3" aria-label="Create a token">
        <label className={label}>
          Name
          <input name="name" required aria-label="Name" placeholder="nightly-cleanup" className={filterInputClass} />
        </label>
        <label className={label}>
          Role
          <select name="role" aria-label="Role" defaultValue="viewer" className={filterInputClass}>
            {tokenRoles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <legend className="mb-1">Clusters</legend>
          {clusters.map((id) => (
            <label key={id} className="flex items-center gap-1">
              <input type="checkbox" name="clusters" value={id} defaultChecked={clusters.length === 1} /> {id}
            </label>
          ))}
        </fieldset>
        <label className={label}>
          Expires in
          <select name="expiresIn" aria-label="Expires in" defaultValue="30d" className={filterInputClass}>
            {expiries.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label className={label}>
          Note
          <input name="note" aria-label="Note" placeholder="what it is for" className={`${filterInputClass} w-64`} />
        </label>
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Create token
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {created && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:bg-amber-950">
          <p>
            Token <strong>{created.name}</strong> created. Copy its secret now: it is not shown again.
          </p>
          <code data-testid="token-secret" className="mt-1 block select-all break-all font-mono">
            {created.secret}
          </code>
        </div>
      )}
    </div>
  );
}
