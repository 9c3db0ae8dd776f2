// Durations as people type them (90s, 5m, 12h, 30d), shared by the API, the CLI and the tokens form.
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const DURATION_PATTERN = /^(\d{1,7})(s|m|h|d)$/;

/** Milliseconds, or null when the text is not a number followed by s, m, h or d. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
