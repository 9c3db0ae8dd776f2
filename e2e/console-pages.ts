// Every page of the console, once: the accessibility audit and the phone layout checks walk this list. A new page is
// one line here.
import { devices } from '@playwright/test';
import type { E2EUser } from './fixtures';

export interface ConsolePage {
  name: string;
  path: string;
  /** Who is signed in to see it (null: nobody); admins see the most controls. */
  as: E2EUser | null;
  /** A locator that is on screen once the page has its data. */
  ready: string;
}

export const CONSOLE_PAGES: ConsolePage[] = [
  { name: 'sign-in', path: '/signin', as: null, ready: 'form' },
  { name: 'overview', path: '/', as: 'admin@e2e.test', ready: '[data-testid="fleet-card"]' },
  {
    name: 'sessions',
    path: '/clusters/main/sessions',
    as: 'admin@e2e.test',
    ready: '[data-testid="session-row"], [data-testid="session-card"]',
  },
  { name: 'blocking', path: '/clusters/main/blocking', as: 'admin@e2e.test', ready: '[data-testid="blocking-root"]' },
  { name: 'owners', path: '/clusters/main/owners', as: 'admin@e2e.test', ready: '[data-testid="owner-group"]' },
  {
    name: 'history',
    path: '/clusters/main/history?range=day',
    as: 'admin@e2e.test',
    ready: '[data-testid="history-window"]',
  },
  { name: 'audit', path: '/audit', as: 'admin@e2e.test', ready: '[data-testid="audit-row"]' },
  { name: 'tokens', path: '/tokens', as: 'admin@e2e.test', ready: '[data-testid="token-row"]' },
  { name: 'notifications', path: '/notifications', as: 'admin@e2e.test', ready: '[data-testid="receiver"]' },
  { name: 'denied', path: '/denied', as: 'nobody@e2e.test', ready: 'h1' },
];

// Playwright's device profiles, without the browser they name: every spec runs in the project's Chromium.
function inChromium(profile: (typeof devices)[string]) {
  const { defaultBrowserType: _browser, ...options } = profile;
  return options;
}

export const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  'Pixel 7': inChromium(devices['Pixel 7']!),
  'iPhone 14': inChromium(devices['iPhone 14']!),
} as const;

export type ScreenName = keyof typeof SCREENS;
