// Helpers for specs that create sessions on the e2e cluster and read the sessions table.
import type { Locator, Page } from '@playwright/test';
import type pg from 'pg';
import { connect, createRole, openBusySession, type BusySession, type TestRole } from '../test/pg-helpers';
import { test } from './fixtures';

/** The sessions a spec opens, as a throw-away non-superuser role (pgwarden's role may signal them). */
export class SessionBag {
  private sessions: BusySession[] = [];
  private clients: pg.Client[] = [];
  private role: TestRole | null = null;

  get url(): string {
    if (!this.role) throw new Error('the session role is created in beforeAll: open sessions in a hook or a test');
    return this.role.url;
  }

  async open(superuserUrl: string): Promise<void> {
    this.role = await createRole(superuserUrl);
  }

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
    await this.role?.drop();
  }
}

/** A SessionBag for the enclosing spec file or describe block: its role is created before and dropped after. */
export function appSessions(): SessionBag {
  const bag = new SessionBag();
  test.beforeAll(async ({ superuserUrl }) => bag.open(superuserUrl));
  test.afterAll(() => bag.closeAll());
  return bag;
}

export function rowOf(page: Page, pid: number): Locator {
  return page.locator(`[data-testid="session-row"][data-pid="${pid}"]`);
}

export async function visiblePids(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="session-row"]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-pid'))));
}
