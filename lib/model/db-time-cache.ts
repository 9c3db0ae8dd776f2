// Timestamps of one sample parsed once: most of them (backend_start, an idle session's state_change) are the same
// text in the next sample, so each sample reuses the numbers of the one before and parses only what is new.
import { parseDbTimestamp } from './db-time';

export class DbTimestampCache {
  private current = new Map<string, number | null>();
  private previous = new Map<string, number | null>();

  /** parseDbTimestamp, remembered until the sample after next. */
  read(text: string | null): number | null {
    if (text === null) return null;
    let at = this.current.get(text);
    if (at !== undefined) return at;
    at = this.previous.get(text);
    if (at === undefined) at = parseDbTimestamp(text);
    this.current.set(text, at);
    return at;
  }

  /** Texts held (tests): those of the current and the last sample. */
  get size(): number {
    return new Set([...this.current.keys(), ...this.previous.keys()]).size;
  }

  /** Call once per sample: texts not read since the last call are forgotten, so the cache stays one sample big. */
  nextSample(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
