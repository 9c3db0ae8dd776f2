// pgwarden tokens create | list | revoke, for admins with an admin token.
import { Command, Option } from 'commander';
import type { TokenRecord } from '@/lib/tokens/token-schema';
import { apiClient } from './api-client';
import { printJson, printTable, say, type OutputFormat } from './output';

export function addTokenCommands(program: Command, format: () => OutputFormat): void {
  const tokens = program
    .command('tokens')
    .description('Service tokens (admins, with an admin token): create, list, revoke');

  tokens
    .command('list')
    .description('List the tokens you administer: name, role, clusters, created by, last used, expiry')
    .action(async () => {
      const { tokens: list } = await apiClient().get<{ tokens: TokenRecord[] }>('/api/v1/tokens');
      if (format() === 'json') return printJson({ tokens: list });
      printTable(
        ['NAME', 'ROLE', 'CLUSTERS', 'STATUS', 'CREATED BY', 'LAST USED', 'EXPIRES', 'NOTE'],
        list.map((token) => [
          token.name,
          token.role,
          token.clusters.join(','),
          token.status,
          token.createdBy,
          token.lastUsedAt ?? 'never',
          token.expiresAt,
          token.note,
        ]),
      );
    });

  tokens
    .command('create <name>')
    .description('Create a token; its secret is printed once and never again')
    .addOption(
      new Option('--role <role>', 'what the token may do')
        .choices(['viewer', 'operator', 'admin'])
        .makeOptionMandatory(),
    )
    .requiredOption('--clusters <ids>', 'comma-separated cluster ids, or * for every cluster')
    .requiredOption('--expires <duration>', 'lifetime, at most 365d, e.g. 12h or 90d')
    .option('--note <text>', 'what the token is for')
    .action(async (name: string, options: { role: string; clusters: string; expires: string; note?: string }) => {
      const created = await apiClient().send<{ token: TokenRecord; secret: string }>('POST', '/api/v1/tokens', {
        name,
        role: options.role,
        clusters: options.clusters
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
        expiresIn: options.expires,
        ...(options.note ? { note: options.note } : {}),
      });
      if (format() === 'json') return printJson(created);
      say(
        `Token ${created.token.name} (${created.token.role} on ${created.token.clusters.join(',')}) expires ${created.token.expiresAt}.`,
      );
      say('Its secret, shown only now:');
      process.stdout.write(`${created.secret}\n`);
    });

  tokens
    .command('revoke <name>')
    .description('Revoke a token; its next call is refused on every pgwarden instance')
    .action(async (name: string) => {
      const revoked = await apiClient().send<TokenRecord>('DELETE', `/api/v1/tokens/${encodeURIComponent(name)}`);
      if (format() === 'json') return printJson(revoked);
      say(`Token ${revoked.name} revoked at ${revoked.revokedAt}.`);
    });
}
