import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config/load';
import { configSchema } from '@/lib/config/schema';
import { metricsResponse, tokenMatches } from './metrics-endpoint';

const TOKEN = 'metrics-token-'.padEnd(40, 'x');
const base = { clusters: [{ id: 'prod', url: 'postgres://u:p@db:5432/app' }], auth: { secret: 'a'.repeat(40) } };

function request(authorization?: string): Request {
  return new Request('http://pgwarden.test/metrics', { headers: authorization ? { authorization } : {} });
}

describe('GET /metrics', () => {
  const withToken = configSchema.parse({ ...base, metrics: { token: TOKEN } });

  it('is off without a token, and says how to turn it on', async () => {
    const response = await metricsResponse(request(`Bearer ${TOKEN}`), configSchema.parse(base));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('PGWARDEN_METRICS_TOKEN');
  });

  it('refuses a missing, wrong, truncated or non-bearer token', async () => {
    for (const header of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await metricsResponse(request(header), withToken);
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain(TOKEN);
    }
  });

  it('answers the Prometheus text format to the right token', async () => {
    const response = await metricsResponse(request(`Bearer ${TOKEN}`), withToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await response.text()).toContain('# TYPE pgwarden_cluster_up gauge');
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches('short', TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});

describe('metrics token in the config', () => {
  function fileWith(content: unknown): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgwarden-metrics-')), 'config.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
  }

  it('comes from the file or PGWARDEN_METRICS_TOKEN', () => {
    expect(parseConfig({ PGWARDEN_CONFIG: fileWith({ ...base, metrics: { token: TOKEN } }) }).metrics.token).toBe(
      TOKEN,
    );
    expect(parseConfig({ PGWARDEN_CONFIG: fileWith(base), PGWARDEN_METRICS_TOKEN: TOKEN }).metrics.token).toBe(TOKEN);
    expect(parseConfig({ PGWARDEN_CONFIG: fileWith(base) }).metrics.token).toBeUndefined();
  });

  it('must be at least 32 characters; the message names the field, not the value', () => {
    let message = '';
    try {
      parseConfig({ PGWARDEN_CONFIG: fileWith(base), PGWARDEN_METRICS_TOKEN: 'too-short-token' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('metrics.token: must be at least 32 characters');
    expect(message).not.toContain('too-short-token');
  });
});
