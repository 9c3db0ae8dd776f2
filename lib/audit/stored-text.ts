// Length caps for text pgwarden stores or echoes that a caller can choose (emails, names, messages, addresses).

export const MAX_STORED_EMAIL = 320;
export const MAX_STORED_NAME = 200;
export const MAX_STORED_MESSAGE = 1000;

/** `value` cut to `max` characters, marked with an ellipsis when cut. */
export function clip<T extends string | null>(value: T, max: number): T {
  if (value === null || value.length <= max) return value;
  return `${value.slice(0, max - 1)}…` as T;
}
