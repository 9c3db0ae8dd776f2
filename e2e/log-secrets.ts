// After the whole e2e suite: the app's log must contain none of the secrets the app was configured with (cluster
// and state database passwords, local users' passwords, the OIDC client secret, NEXTAUTH_SECRET).
import { readFileSync } from 'node:fs';

/** Every secret in a pgwarden config file, by where it sits (the name is safe to print, the value is not). */
export function secretsOfConfig(config: unknown, at = 'config'): Map<string, string> {
  const found = new Map<string, string>();
  if (Array.isArray(config))
    config.forEach((item, index) => secretsOfConfig(item, `${at}[${index}]`).forEach((v, k) => found.set(k, v)));
  else if (config && typeof config === 'object')
    for (const [key, value] of Object.entries(config)) {
      const where = `${at}.${key}`;
      if (typeof value === 'string' && /secret|password$/i.test(key)) found.set(where, value);
      else if (typeof value === 'string' && /^postgres(ql)?:\/\//.test(value)) {
        const password = decodeURIComponent(new URL(value).password);
        if (password) found.set(`${where} password`, password);
      } else secretsOfConfig(value, where).forEach((v, k) => found.set(k, v));
    }
  return found;
}

/** The names of the secrets that appear in the log file. */
export function leakedSecrets(logFile: string, secrets: Map<string, string>): string[] {
  const log = readFileSync(logFile, 'utf8');
  return [...secrets].filter(([, value]) => value.length >= 6 && log.includes(value)).map(([name]) => name);
}
