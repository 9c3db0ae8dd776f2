// Runs once when the server starts: samplers and long-query history writers for every configured cluster.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startHistoryRecording } = await import('./lib/history/start-recording');
  try {
    startHistoryRecording();
  } catch (error) {
    // A bad configuration is reported by every page too; here it only means no history until it is fixed.
    console.error(`[pgwarden] long-query history is not recorded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
