// Property-based fuzzing of the built app over HTTP with real session cookies: generated signal requests and GET
// query strings each get a well-formed refusal or a valid answer, never a 5xx; invalid signal input runs no statement
// on the monitored cluster (pg_stat_statements); the server answers afterwards. Fixed seeds: fast-check prints the
// seed and the failing case's path, so a failure replays exactly.
import fc from 'fast-check';
import { signalInputSchema } from '../lib/types/signal';
import { cookieHeader } from './direct-terminate';
import { freshCaller } from './audit-evidence';
import { expect, test } from './fixtures';
import { lookupAndSignalCalls } from './fuzz-evidence';
import { serverActionId } from './server-action';
import { mintSessionToken } from './session-cookie';
import { signalCallCount } from './signal-evidence';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const WELL_FORMED_REFUSALS = ['forbidden', 'invalid_input', 'not_found', 'conflict', 'rate_limited'];

// About a minute each on an idle machine; several times that when the machine is shared.
test.describe.configure({ timeout: 600_000 });

// Pids above Linux's largest pid_max: a valid-looking target never matches a real backend.
const pid = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 4_200_000, max: 2 ** 31 - 1 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, null, '42')) },
);
const realTimestamp = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().replace('T', ' ').replace('Z', '+00'));
const two = (max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(2, '0'));
const regexPassingTimestamp = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), two(19), two(39), two(29), two(69), two(69), two(99), two(99))
  .map(([y, mo, d, h, mi, s, oh, om]) => `${String(y).padStart(4, '0')}-${mo}-${d} ${h}:${mi}:${s}+${oh}:${om}`);
const timestamp = fc.oneof(
  { weight: 3, arbitrary: realTimestamp },
  { weight: 3, arbitrary: regexPassingTimestamp },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 80 }), fc.constant(null), fc.integer()) },
);
const target = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      { pid, backendStart: timestamp, queryStart: fc.option(timestamp) },
      { requiredKeys: ['pid', 'backendStart'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const manyTargets = fc
  .integer({ min: 995, max: 1010 })
  .map((count) =>
    Array.from({ length: count }, (_, i) => ({ pid: 4_200_000 + i, backendStart: '2026-01-01 00:00:00+00' })),
  );
const signalInput = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record(
      {
        clusterId: fc.oneof(
          fc.constant('main'),
          fc.constantFrom('nope', 'MAIN', '', 'a'.repeat(64)),
          fc.string({ maxLength: 300 }),
        ),
        action: fc.oneof(fc.constantFrom('cancel', 'terminate'), fc.string({ maxLength: 20 })),
        targets: fc.oneof(
          { weight: 8, arbitrary: fc.array(target, { minLength: 1, maxLength: 3 }) },
          { weight: 1, arbitrary: manyTargets },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        ),
        timeoutMs: fc.oneof(
          fc.integer({ min: 0, max: 60_000 }),
          fc.integer(),
          fc.double(),
          fc.string({ maxLength: 10 }),
        ),
        confirmation: fc.oneof(fc.string({ maxLength: 120 }), fc.integer()),
        acknowledgeSpecial: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
      },
      { requiredKeys: ['clusterId', 'action', 'targets'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
/** Requests the schema accepts: made-up targets on main (or an unknown cluster), as an operator may send them. */
const validBody = fc
  .record(
    {
      clusterId: fc.constantFrom('main', 'nope'),
      action: fc.constantFrom('cancel', 'terminate'),
      targets: fc.array(
        fc.record({ pid: fc.integer({ min: 4_200_000, max: 2 ** 31 - 1 }), backendStart: realTimestamp }),
        { minLength: 1, maxLength: 3 },
      ),
      timeoutMs: fc.integer({ min: 0, max: 1000 }),
      confirmation: fc.string({ maxLength: 20 }),
      acknowledgeSpecial: fc.boolean(),
    },
    { requiredKeys: ['clusterId', 'action', 'targets'] },
  )
  .map((input) => ({ input, body: JSON.stringify([input]) }));
/** The whole body: the arguments as React sends them, or text that is not such a body at all. */
const actionBody = fc.oneof(
  { weight: 20, arbitrary: signalInput.map((input) => ({ input, body: JSON.stringify([input]) })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('[', '[{"clusterId":', '["$@1"]', '[{"a":"$Q0"}]'),
        fc.integer({ min: 20, max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      )
      .map((body) => ({ input: undefined, body })),
  },
);

/** Runs `runs` cases of `check`, split over concurrent fast-check runs, one per fixed seed. */
async function inParallel<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  runs: number,
  seeds: number[],
): Promise<void> {
  await Promise.all(
    seeds.map((seed) =>
      fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: Math.ceil(runs / seeds.length), seed }),
    ),
  );
}

test('generated signal requests: a clean answer each, and invalid ones reach no statement', async ({
  request,
  baseURL,
  authSecret,
  db,
}) => {
  const actionId = serverActionId('app/clusters/[cluster]/sessions/actions.ts', 'signalSessionsAction');
  const isValid = ({ input }: { input: unknown }) => input !== undefined && signalInputSchema.safeParse(input).success;
  const send = async ({ body }: { body: string }) => {
    // A fresh operator per case, so the refusal limit (which this spec is not about) never answers instead.
    const operator = await freshCaller(authSecret, 'dba');
    const response = await request.post('/clusters/main/sessions', {
      headers: {
        ...operator.headers,
        Origin: baseURL!,
        'Next-Action': actionId,
        'Content-Type': 'text/plain;charset=UTF-8',
        Accept: 'text/x-component',
      },
      data: body,
      maxRedirects: 0,
      // Generous: four streams at once on a shared two-core machine.
      timeout: 60_000,
    });
    const text = await response.text();
    expect(response.status(), text.slice(0, 300)).toBeLessThan(500);
    if (response.status() === 200) {
      const row = text.split('\n').find((line) => line.startsWith('1:'));
      expect(row, text.slice(0, 300)).toBeDefined();
      const result = JSON.parse(row!.slice(2)) as { ok: boolean; code?: string; message?: string };
      if (!result.ok) {
        expect(WELL_FORMED_REFUSALS, result.message).toContain(result.code);
        expect(result.message!.length).toBeLessThan(2000);
      }
    } else {
      expect(JSON.parse(text)).toMatchObject({ ok: false, code: 'invalid_input', message: expect.any(String) });
    }
  };
  const signalsBefore = await signalCallCount(db);

  // Invalid requests, several at a time: while only they run, not one lookup or signal may reach the cluster.
  const statementsBefore = await lookupAndSignalCalls(db);
  await inParallel(
    actionBody.filter((value) => !isValid(value)),
    send,
    RUNS,
    [4242, 4243, 4244, 4245],
  );
  expect(await lookupAndSignalCalls(db), 'an invalid request ran a statement').toBe(statementsBefore);

  // Valid ones: a lookup that finds nothing (or a refusal), and no signal.
  await inParallel(validBody, send, RUNS / 5, [4246, 4247]);

  expect(await signalCallCount(db), 'nothing was signalled').toBe(signalsBefore);
  const after = await request.get('/api/clusters/main/sessions', {
    headers: (await freshCaller(authSecret, 'dba')).headers,
  });
  expect(after.status()).toBe(200);
});

const ROUTES = [
  '/api/clusters/{c}/sessions',
  '/api/clusters/{c}/blocking',
  '/api/clusters/{c}/owners',
  '/api/clusters/{c}/history/export',
  '/api/clusters/{c}/alerts',
  '/api/audit',
  '/api/audit/export',
  '/api/fleet',
  '/',
  '/clusters/{c}/sessions',
  '/clusters/{c}/blocking',
  '/clusters/{c}/owners',
  '/clusters/{c}/history',
  '/audit',
];
const KEYS = [
  'state',
  'user',
  'database',
  'application',
  'client',
  'backendType',
  'minDurationSeconds',
  'hideIdle',
  'showPgwarden',
  'search',
  'by',
  'sort',
  'dir',
  'interval',
  'paused',
  'range',
  'from',
  'to',
  'actor',
  'cluster',
  'outcome',
  'action',
  'id',
  'before',
  'limit',
  'detail',
];
const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    'NaN',
    '-1',
    '0',
    '1e308',
    'Infinity',
    'true',
    '1',
    'hour',
    'day',
    'week',
    'custom',
    '1h',
    '24h',
    '7d',
    'user',
    'application',
    'refused',
    'terminate',
    'asc',
    'desc',
    'main',
    '2026-01-01',
    '2026-01-01T00:00:00Z',
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '2026-99-99 99:99:99+99:99',
    '2026-01-01T00:00:00+99:99',
    '2026-01-01T00:00:00+23:00',
    '9223372036854775808',
    '\u0000',
    '🙂',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 500, maxLength: 2000 }),
  fc.integer().map(String),
  fc.double().map(String),
);
const getRequest = fc.record({
  route: fc.constantFrom(...ROUTES),
  cluster: fc.oneof(
    { weight: 5, arbitrary: fc.constant('main') },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom('nope', 'MAIN', 'a'.repeat(64), '..'), fc.string({ maxLength: 30 })),
    },
  ),
  query: fc.array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      ),
      queryValue,
    ),
    { maxLength: 6 },
  ),
});

test('generated query strings on every GET route: a clean answer each, never a 5xx', async ({
  request,
  authSecret,
  db,
}) => {
  const admin = cookieHeader(await mintSessionToken(authSecret, { email: 'admin@e2e.test' }, 3600));
  const statementsBefore = await lookupAndSignalCalls(db);
  await inParallel(
    getRequest,
    async ({ route, cluster, query }) => {
      const params = new URLSearchParams(query);
      const url = `${route.replace('{c}', encodeURIComponent(cluster))}?${params}`;
      const response = await request.get(url, { headers: admin, maxRedirects: 0, timeout: 60_000 });
      const text = await response.text();
      expect(response.status(), `${url.slice(0, 300)}: ${text.slice(0, 300)}`).toBeLessThan(500);
      if (response.headers()['content-type']?.startsWith('application/json')) {
        const result = JSON.parse(text) as { ok: boolean; code?: string };
        if (!result.ok) expect(response.status()).toBeGreaterThanOrEqual(400);
      }
    },
    RUNS,
    [2026, 2027, 2028, 2029],
  );
  expect(await lookupAndSignalCalls(db), 'a GET ran no lookup or signal').toBe(statementsBefore);
  const after = await request.get('/api/clusters/main/sessions', { headers: admin });
  expect(after.status()).toBe(200);
});
