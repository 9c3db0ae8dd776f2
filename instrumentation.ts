// Runs once when the server starts: validates the configuration, opens the state database, then starts samplers,
// metrics, the fleet overview, long-query history, alerts and webhook notifications.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before anything else: sign-in throttling needs each request's real peer address (lib/http/peer-address.ts).
  (await import('./lib/http/peer-address')).recordPeerAddresses();
  // Next's own errors (console.error with a stack) become one JSON line each, like pgwarden's.
  (await import('./lib/log/console-to-log')).routeConsoleToLog();
  const { getConfig, ConfigError } = await import('./lib/config/load');
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A bad configuration stops start-up, naming the field; the console never runs half-configured.
    const { log } = await import('./lib/log/logger');
    log.fatal({ event: 'config_invalid' }, `cannot start: ${error.message}`);
    process.exit(1);
  }
  const { watchSamplers } = await import('./lib/metrics/watch-samplers');
  watchSamplers();
  (await import('./lib/fleet/fleet-state')).startFleetOverview();
  const { warmStatePool } = await import('./lib/state/state-db');
  void warmStatePool();
  const { startHistoryRecording } = await import('./lib/history/start-recording');
  startHistoryRecording();
  const { startWebhookNotifications } = await import('./lib/notify/webhook/start-webhooks');
  startWebhookNotifications();
  (await import('./lib/alerts/start-alerting')).startAlerting();
}
