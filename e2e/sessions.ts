// Helpers for specs that create sessions on the e2e cluster and read the sessions table.
import type { Locator, Page } from '@playwright/test';
import type pg from 'pg';
import { connect, openBusySession, type BusySession } from '../test/pg-helpers';

/** Keeps the sessions a spec opens and closes them all at the end. */
export class SessionBag {
  private sessions: BusySession[] = [];
  private clients: pg.Client[] = [];
  constructor(private readonly url: string) {}

  async busy(sql: string, applicationName: string): Promise<BusySession> {
    const session = await openBusySession(this.url, { sql, applicationName });
    this.sessions.push(session);
    return session;
  }

  async idleInTransaction(applicationName: string): Promise<number> {
    const client = await connect(this.url, { application_name: applicationName });
    this.clients.push(client);
    await client.query('begin');
    await client.query('select 1');
    return (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.close()));
    await Promise.all(this.clients.map((client) => client.end().catch(() => {})));
  }
}

export function rowOf(page: Page, pid: number): Locator {
  return page.locator(`[data-testid="session-row"][data-pid="${pid}"]`);
}

export async function visiblePids(page: Page): Promise<number[]> {
  return page.locator('[data-testid="session-row"]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-pid'))));
}
