import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { TokenForm } from '@/components/tokens/token-form';
import { TokenTable } from '@/components/tokens/token-table';
import { listServiceTokens, requireTokensPage } from '@/lib/dal/tokens';

export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const access = await requireTokensPage();
  const tokens = await listServiceTokens();
  return (
    <div className="flex min-h-screen flex-col">
      <ConsoleHeader access={access} section="tokens" />
      <main {...mainContentProps} className="outline-none flex flex-col gap-6 p-4">
        <section className="flex flex-col gap-2">
          <h1 className="text-lg font-semibold">Service tokens</h1>
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            For scripts and the <code>pgwarden</code> command line: sent as <code>Authorization: Bearer</code>, never as
            a cookie. A call made with a token is audited as <code>token:&lt;name&gt;</code> with the admin who created
            it. pgwarden keeps only a hash of the secret.
          </p>
          <TokenForm clusters={access.adminClusters} />
        </section>
        <section>
          {tokens.ok ? (
            <TokenTable tokens={tokens.data} />
          ) : (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {tokens.message}
            </p>
          )}
        </section>
      </main>
    </div>
  );
}
