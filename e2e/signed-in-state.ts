// One sign-in per user and worker, shared by the tests of a spec as Playwright storage state: for specs about what a
// signed-in page shows, not about signing in.
import type { Browser, BrowserContextOptions } from '@playwright/test';
import type { E2EUser } from './fixtures';
import { signInAs } from './service-tokens';

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

const states = new Map<E2EUser, Promise<StorageState>>();

export function signedInState(browser: Browser, baseURL: string, user: E2EUser): Promise<StorageState> {
  let state = states.get(user);
  if (!state) {
    state = (async () => {
      const context = await browser.newContext({ baseURL });
      try {
        await signInAs(await context.newPage(), user);
        return await context.storageState();
      } finally {
        await context.close();
      }
    })();
    states.set(user, state);
  }
  return state;
}
