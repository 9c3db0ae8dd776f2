// Every secret-looking value of a pgwarden config file (URLs, their users, passwords and host:port, tokens, webhook
// receivers' URLs and secrets), so a spec can check that an unauthenticated answer contains none of them.
import type { AppConfigInput } from './app-under-test';

function partsOf(url: string): string[] {
  const parsed = new URL(url);
  return [
    url,
    decodeURIComponent(parsed.username),
    decodeURIComponent(parsed.password),
    `${parsed.hostname}:${parsed.port || '5432'}`,
  ];
}

export function secretsOf(config: AppConfigInput): string[] {
  const values = [
    ...config.clusters.flatMap((cluster) => partsOf(cluster.url)),
    ...(config.stateDatabaseUrl ? partsOf(config.stateDatabaseUrl) : []),
    config.auth?.secret,
    config.auth?.oidc?.clientSecret,
    ...(config.auth?.localUsers ?? []).map((user) => user.passwordHash),
    config.metrics?.token,
    // A receiver's URL may itself be a secret (a Slack webhook URL is).
    ...(config.notifications?.receivers ?? []).flatMap((receiver) => [receiver.url, receiver.secret]),
  ];
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

/** The secrets found in a body (an empty list is the expected answer). */
export function leakedSecrets(body: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => body.includes(secret));
}
