import { describe, expect, it } from 'vitest';
import { configSchema, DEFAULT_DELIVERY } from './schema';
import { describeConfigIssues } from './load';

const cluster = { id: 'prod', url: 'postgres://monitor@db.internal/postgres' };
const receiver = {
  id: 'oncall',
  url: 'https://hooks.example.com/pgwarden',
  secret: 's'.repeat(32),
  events: ['signal'],
};

function problems(notifications: unknown): string {
  const result = configSchema.safeParse({ clusters: [cluster], notifications });
  return result.success ? '' : describeConfigIssues(result.error);
}

describe('notifications in the config', () => {
  it('fills in the documented defaults', () => {
    const config = configSchema.parse({ clusters: [cluster], notifications: { receivers: [receiver] } });
    expect(config.notifications.delivery).toEqual(DEFAULT_DELIVERY);
    expect(config.notifications.receivers[0]).toMatchObject({ format: 'json', clusters: ['*'] });
    expect(configSchema.parse({ clusters: [cluster] }).notifications).toEqual({
      receivers: [],
      delivery: DEFAULT_DELIVERY,
    });
  });

  it('names the field and says what to do for each bad value', () => {
    expect(problems({ receivers: [{ ...receiver, url: 'ftp://x' }] })).toContain(
      'notifications.receivers.0.url: must be an http:// or https:// URL',
    );
    expect(problems({ receivers: [{ ...receiver, secret: 'short' }] })).toContain(
      'notifications.receivers.0.secret: must be at least 32 characters (openssl rand -hex 32)',
    );
    expect(problems({ receivers: [{ ...receiver, events: ['ask_owner'] }] })).toContain(
      'notifications.receivers.0.events.0',
    );
    expect(problems({ receivers: [{ ...receiver, format: 'teams' }] })).toContain('notifications.receivers.0.format');
    expect(problems({ receivers: [{ ...receiver, id: 'On Call' }] })).toContain(
      'notifications.receivers.0.id: must be lower-case letters',
    );
    expect(problems({ receivers: [receiver, receiver] })).toContain(
      'notifications.receivers.1.id: "oncall" is used twice',
    );
    expect(problems({ receivers: [{ ...receiver, clusters: ['staging'] }] })).toContain(
      'notifications.receivers.0.clusters.0: "staging" is not a configured cluster id',
    );
    expect(problems({ receivers: [], delivery: { maxAttempts: 0 } })).toContain('notifications.delivery.maxAttempts');
    expect(problems({ receivers: [], delivery: { timeoutMs: 60_001 } })).toContain('notifications.delivery.timeoutMs');
  });

  it('never echoes the secret in its message', () => {
    const secret = 'not-long-enough-but-secret';
    expect(problems({ receivers: [{ ...receiver, secret }] })).not.toContain(secret);
  });
});
