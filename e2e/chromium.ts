// How pgwarden's browser tests and benchmarks start Debian's chromium (apt-get install chromium): Playwright's own
// browser downloads are not available here, and without these flags chromium keeps dialling the closed network.
import type { LaunchOptions } from '@playwright/test';

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
  ],
};
