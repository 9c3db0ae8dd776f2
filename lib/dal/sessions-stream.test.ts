import { describe, expect, it, vi } from 'vitest';
import type { SessionsDiff } from '@/lib/types/sessions-page';
import { parseSessionView } from '@/lib/types/session-view';
import { monitoredClustersForFile } from '@/test/pgwarden-config';
import { testServers } from '@/test/servers';
import { signedIn } from '@/test/signed-in';

// Only who is signed in is stubbed; the sampler, the view hub and the stream are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { openSessionsStream } = await import('./sessions-stream');

const server = testServers()[0]!;
monitoredClustersForFile('sessions-stream', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250 },
  roles: [{ role: 'viewer', email: 'viewer@test.dev' }],
  owners: [{ team: 'everyone', contact: '#all', users: ['*'] }],
});

/** The stream's events, parsed, until `count` diffs have arrived. */
async function readDiffs(stream: ReadableStream<Uint8Array>, count: number): Promise<SessionsDiff[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const diffs: SessionsDiff[] = [];
  let text = '';
  while (diffs.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.startsWith('event: diff\n')) diffs.push(JSON.parse(block.slice(block.indexOf('data: ') + 6)));
    }
  }
  await reader.cancel();
  return diffs;
}

describe('the live sessions stream', () => {
  it('encodes its first view with the same owners and guard rails as every later snapshot: no diff re-sends teams', async () => {
    signedIn.identity = { email: 'viewer@test.dev', name: null, groups: [], provider: 'local' };
    const aborted = new AbortController();
    const opened = await openSessionsStream(
      { clusterId: server.name, view: parseSessionView({ interval: '1000' }) },
      aborted.signal,
    );
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const diffs = await readDiffs(opened.data, 3);
    aborted.abort();
    expect(diffs).toHaveLength(3);
    // Every user is on team "everyone" in every snapshot: a team in a changed row means a view was encoded without it.
    const teamChanges = diffs.flatMap((diff) => diff.changed.filter((row) => 'team' in row));
    expect(teamChanges).toEqual([]);
  });
});
