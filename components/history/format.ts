// Instants as the history page shows them: UTC, to the second, the same on the server and in the browser.
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/** "HH:MM" within a day, else "MM-DD HH:MM". */
export function formatTick(iso: string, spanMs: number): string {
  return spanMs <= 86_400_000 ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
