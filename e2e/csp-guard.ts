// Collects every Content-Security-Policy violation in a browser context, so a spec fails when a page of pgwarden
// needs something its CSP forbids: the `securitypolicyviolation` event in every frame, and Chromium's console lines
// ("Refused to ... Content Security Policy ..."), which also cover what the event is not fired for (a refused frame).
import type { BrowserContext } from '@playwright/test';

const BINDING = '__pgwardenCspViolation';

export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding(BINDING, ({ frame }, description: string) => {
    violations.push(`${description} (event on ${frame.url()})`);
  });
  await context.addInitScript((binding) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (description: string) => void>)[binding];
      const blocked = event.blockedURI || 'inline';
      report?.(`${event.effectiveDirective} blocked ${blocked} at ${event.sourceFile}:${event.lineNumber}`);
    });
  }, BINDING);
  context.on('console', (message) => {
    if (/content security policy/i.test(message.text())) {
      violations.push(`${message.text()} (console of ${message.location().url})`);
    }
  });
  return violations;
}
