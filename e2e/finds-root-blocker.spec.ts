import type pg from 'pg';
import { connect, createRole, withClient, type TestRole } from '../test/pg-helpers';
import { expect, test } from './fixtures';

test.describe('who is blocking whom', () => {
  let app: TestRole;
  const clients: pg.Client[] = [];
  const pids: Record<'a' | 'b' | 'c' | 'd' | 'e', number> = { a: 0, b: 0, c: 0, d: 0, e: 0 };
  const done: Promise<unknown>[] = [];

  async function session(name: keyof typeof pids): Promise<pg.Client> {
    const client = await connect(app.url, { application_name: `e2e-lock-${name}` });
    clients.push(client);
    pids[name] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    return client;
  }

  async function waitingOnLock(superuserUrl: string, pid: number) {
    await expect
      .poll(() =>
        withClient(
          superuserUrl,
          async (c) =>
            (await c.query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [pid]))
              .rowCount,
        ),
      )
      .toBe(1);
  }

  test.beforeAll(async ({ superuserUrl }) => {
    app = await createRole(superuserUrl);
    await withClient(superuserUrl, async (client) => {
      await client.query('create table e2e_locks (id int primary key, n int)');
      await client.query('insert into e2e_locks values (1, 0), (3, 0)');
      await client.query(`grant select, update on e2e_locks to "${app.name}"`);
    });
    // Chain one, three levels: A holds row 1, B waits on A, C queues behind B.
    const a = await session('a');
    await a.query('begin');
    await a.query('select * from e2e_locks where id = 1 for update');
    const b = await session('b');
    done.push(b.query('update e2e_locks set n = n + 1 where id = 1 /* e2e waiter B */').catch(() => {}));
    await waitingOnLock(superuserUrl, pids.b);
    const c = await session('c');
    done.push(c.query('update e2e_locks set n = n + 10 where id = 1 /* e2e waiter C */').catch(() => {}));
    await waitingOnLock(superuserUrl, pids.c);
    // Chain two: D holds row 3, E waits on it.
    const d = await session('d');
    await d.query('begin');
    await d.query('update e2e_locks set n = n + 1 where id = 3');
    const e = await session('e');
    done.push(e.query('update e2e_locks set n = n + 1 where id = 3').catch(() => {}));
    await waitingOnLock(superuserUrl, pids.e);
  });

  test.afterAll(async ({ superuserUrl }) => {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await Promise.allSettled(done);
    await withClient(superuserUrl, (client) => client.query('drop table if exists e2e_locks'));
    await app.drop();
  });

  test('shows two roots with their counts, and terminating the first frees its whole chain', async ({
    page,
    signIn,
  }) => {
    await signIn('operator@e2e.test', '/clusters/main/sessions');
    await expect(page.getByTestId('lock-chain-banner')).toBeVisible();
    await page.getByTestId('lock-chain-banner').getByRole('link').click();
    await expect(page).toHaveURL(/\/clusters\/main\/blocking/);

    const rootA = page.locator(`[data-testid="blocking-root"][data-pid="${pids.a}"]`);
    const rootD = page.locator(`[data-testid="blocking-root"][data-pid="${pids.d}"]`);
    await expect(page.getByTestId('blocking-root')).toHaveCount(2);
    await expect(rootA).toHaveAttribute('data-direct', '1');
    await expect(rootA).toHaveAttribute('data-total', '2');
    await expect(rootD).toHaveAttribute('data-direct', '1');
    await expect(rootD).toHaveAttribute('data-total', '1');
    await expect(rootA).toContainText('idle in transaction');
    await expect(rootA.getByTestId('blocking-root-query')).toContainText('for update');
    // The biggest pile-up comes first.
    await expect(page.getByTestId('blocking-root').first()).toHaveAttribute('data-pid', String(pids.a));

    await rootA.getByTestId('terminate-root-blocker').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Terminate session ${pids.a}`);
    await dialog.getByRole('button', { name: 'Terminate session' }).click();
    await expect(dialog.getByTestId('signal-result-message')).toContainText('Terminated');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expect(rootA).toHaveCount(0);
    await expect(page.getByTestId('blocking-root')).toHaveCount(1);
    await Promise.all(done.slice(0, 2));
  });
});
