// What the demo prints once everything runs: the console's URL (or how to start it) and the demo logins.
import type { DemoLogin } from './config';
import { DEMO_TOKEN_EXPIRY, type DemoToken } from './operator-token';

function formatLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((login) => login.email.length));
  return logins
    .map((login) => `    ${login.role.padEnd(9)} ${login.email.padEnd(width)}   ${login.password}`)
    .join('\n');
}

/** `url` is undefined when the console was not started (PGWARDEN_DEMO_SKIP_APP=1). */
export function printReadyBanner(
  say: (line: string) => void,
  {
    url,
    logins,
    operatorToken,
    configFile,
  }: { url: string | undefined; logins: DemoLogin[]; operatorToken: DemoToken; configFile: string },
): void {
  const rule = '─'.repeat(72);
  say(`\n${rule}`);
  if (url) {
    say(`  pgwarden is running:  ${url}`);
    say(`  Fleet overview:       ${url}/  (demo: the incident, billing: calm, reporting: down; worst first)\n`);
  } else {
    say('  Demo PostgreSQL and workload are running (PGWARDEN_DEMO_SKIP_APP=1: the console was not started).');
    say(`  Start it yourself:  PGWARDEN_CONFIG=${configFile} NEXT_TELEMETRY_DISABLED=1 npx next dev\n`);
  }
  say('  Sign in with one of these demo logins (new passwords on every start):');
  say(formatLogins(logins));
  say(`\n  The command line (README "Runbook"), as operator; this token expires in ${DEMO_TOKEN_EXPIRY}:`);
  say(`    export PGWARDEN_URL=${url ?? 'http://127.0.0.1:3000'} PGWARDEN_TOKEN=${operatorToken.secret}`);
  say(`\n  Press Ctrl-C to stop the console, the workload and PostgreSQL.`);
  say(rule);
}
