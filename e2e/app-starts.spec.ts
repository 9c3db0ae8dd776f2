// Smoke test of the e2e harness: the built app answers on / without a server error.
import { expect, test } from './fixtures';

test('the app answers on / without a server error', async ({ page, db }) => {
  const response = await page.goto('/');
  expect(response, 'no response for /').not.toBeNull();
  expect(response!.status()).toBeLessThan(500);

  const { rows } = await db.query<{ ok: number }>('SELECT 1 AS ok');
  expect(rows[0]?.ok).toBe(1);
});
