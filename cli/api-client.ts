// The CLI's only way to pgwarden: HTTP to /api/v1 with PGWARDEN_URL and PGWARDEN_TOKEN (never the database).
import { EXIT } from './exit-codes';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

function exitCodeOf(status: number): number {
  return status >= 500 ? EXIT.unreachable : EXIT.refused;
}

export function apiClient(env: NodeJS.ProcessEnv = process.env): ApiClient {
  const base = (env.PGWARDEN_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const token = env.PGWARDEN_TOKEN;
  if (!token) {
    throw new CliError(
      'PGWARDEN_TOKEN is not set: create a service token (Tokens page, or `pgwarden tokens create` with an admin token) and export it.',
      EXIT.refused,
    );
  }
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(90_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
      const why =
        cause?.code ?? cause?.errors?.[0]?.code ?? (cause as Error | undefined)?.message ?? (error as Error).message;
      throw new CliError(`Cannot reach pgwarden at ${base} (${why}). Check PGWARDEN_URL.`, EXIT.unreachable);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CliError(
        `pgwarden at ${base} answered HTTP ${response.status} without JSON: is PGWARDEN_URL the console's address?`,
        response.status >= 500 ? EXIT.unreachable : EXIT.refused,
      );
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } }).error;
      throw new CliError(
        `${error?.message ?? `HTTP ${response.status}`} (${error?.code ?? response.status})`,
        exitCodeOf(response.status),
      );
    }
    return parsed as T;
  }
  return {
    get: (path, query = {}) => {
      const params = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const search = params.size ? `?${params}` : '';
      return call(`GET`, `${path}${search}`);
    },
    send: (method, path, body, headers) => call(method, path, body, headers),
  };
}
