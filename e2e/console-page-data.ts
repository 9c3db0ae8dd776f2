// Something on every page of e2e/console-pages.ts, so an audit of it sees rows, badges and buttons rather than empty
// states: a long query, a lock chain, a service token and an audit entry. Call once in a spec file or describe.
import type pg from 'pg';
import { connect } from '../test/pg-helpers';
import { test } from './fixtures';
import { appSessions } from './sessions';
import { bootstrapAdminToken, callApi } from './service-tokens';

export interface ConsolePageData {
  /** A long, many-line query waiting on a lock held by an idle transaction (so the sessions page shows both badges). */
  busyPid: number;
}

export function consolePageData(): ConsolePageData {
  const bag = appSessions();
  const data: ConsolePageData = { busyPid: 0 };
  let holder: pg.Client | null = null;

  test.beforeAll(async ({ browser, baseURL }) => {
    const lockKey = Math.floor(Math.random() * 1e9);
    holder = await connect(bag.url, { application_name: 'e2e-pages-holder' });
    await holder.query('begin');
    await holder.query('select pg_advisory_xact_lock($1)', [lockKey]);
    // Long enough to scroll inside the query regions of the detail panel and the signal dialog.
    const report = Array.from({ length: 40 }, (_, line) => `  line ${line + 1} of the e2e pages waiter`).join('\n');
    data.busyPid = (await bag.busy(`select pg_advisory_xact_lock(${lockKey}) /*\n${report}\n*/`, 'e2e-pages')).pid;

    const admin = await bootstrapAdminToken(browser, baseURL!);
    const gone = await bag.busy('select pg_sleep(600) /* e2e pages audited */', 'e2e-pages-audited');
    const { backendStart } = gone;
    const signalled = await callApi(baseURL!, admin, 'POST', '/api/v1/clusters/main/signals', {
      body: { action: 'cancel', targets: [{ pid: gone.pid, backendStart }] },
    });
    if (signalled.status !== 200) throw new Error(`no audit entry made: ${signalled.status}`);
  });

  test.afterAll(async () => {
    await holder?.end().catch(() => {});
  });

  return data;
}
