// Per cluster: each snapshot's rows are encoded once (JSON per row, shared by every view), then filtered, diffed and
// compressed once per distinct view, however many viewers ask; GETs, streams and the page are served from these bytes.
import 'server-only';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { OwnerConfig, PgwardenConfig } from '@/lib/config/schema';
import { shownSessions } from '@/lib/model/page-view';
import { sessionViewKey } from '@/lib/model/session-view-key';
import { markTeams } from '@/lib/owners/mark-teams';
import { markProtected } from '@/lib/signals/guard-rails';
import { summarizeLocks } from '@/lib/types/blocking';
import { sessionKey, type SessionRow, type SessionsSnapshot } from '@/lib/types/session';
import { filterSessions, sessionViewToParams, type SessionView } from '@/lib/types/session-view';
import { facetsOf } from './session-facets';
import { patchOf, wireRowsOf, type WireRow } from './wire-rows';

// The owners list is replaced, not edited, when the config changes: its identity stands for its content.
const ownersIds = new WeakMap<OwnerConfig[], number>();
let ownersCount = 0;
function ownersKey(owners: OwnerConfig[]): string {
  if (owners.length === 0) return '';
  let id = ownersIds.get(owners);
  if (id === undefined) ownersIds.set(owners, (id = ++ownersCount));
  return `|owners:${id}`;
}

/** What the config adds to the rows; every caller passes the config itself, so no view is encoded without a mark. */
export type Marks = Pick<PgwardenConfig, 'protect' | 'owners'>;

/** Views nobody asked for in this long are dropped; at most MAX_VIEWS are kept per cluster (least recently asked). */
export const VIEW_IDLE_MS = 60_000;
export const MAX_VIEWS = 64;

/**
 * One view of one snapshot, encoded. The diff is built at once (streams wait for it); the full body and its gzip
 * on the first request that asks, then kept until the view's next snapshot replaces them.
 */
export class EncodedView {
  private jsonBytes: Buffer | null = null;
  private gzipBytes: Buffer | null = null;
  private firstScreens = new Map<string, string>();

  constructor(
    readonly snapshotId: number,
    readonly etag: string,
    private readonly body: () => string,
    /** The SSE event carrying the diff from the previous encoded snapshot of this view; null for the first. */
    readonly diffEvent: Buffer | null,
    readonly diffBase: number | null,
    private readonly firstScreenBody: (shownView: SessionView, address: string, count: number) => string,
  ) {}

  /**
   * `SessionsFirstScreen` as JSON: the first `count` rows of this view's rows as the page shows them under
   * `shownView` (its filters and order), with the count of all it shows. Once per snapshot and shown view.
   */
  firstScreen(shownView: SessionView, count: number): string {
    // The whole address: unlike the hub's views, which hold rows unsorted, a first screen depends on the order.
    const address = sessionViewToParams(shownView).toString();
    const key = `${count}|${address}`;
    let json = this.firstScreens.get(key);
    if (json === undefined) {
      // A few views per snapshot at most: the page's address, as pasted by the people who open it.
      if (this.firstScreens.size >= MAX_VIEWS) this.firstScreens.clear();
      this.firstScreens.set(key, (json = this.firstScreenBody(shownView, address, count)));
    }
    return json;
  }

  /** `{"ok":true,"data":SessionsPage}` as UTF-8. */
  get json(): Buffer {
    return (this.jsonBytes ??= Buffer.from(this.body()));
  }

  get gzip(): Buffer {
    return (this.gzipBytes ??= gzipSync(this.json, { level: 6 }));
  }
}

interface ViewEntry {
  encoded: EncodedView;
  protectKey: string;
  /** The view's rows by session key, to tell added, changed and removed rows next time. */
  rows: Map<string, WireRow>;
  facetsJson: string;
  locksJson: string;
  askedAt: number;
}

interface SnapshotParts {
  snapshotId: number;
  protectKey: string;
  marked: SessionRow[];
  wire: ReturnType<typeof wireRowsOf>;
  metaJson: string;
  facetsJson: string;
  locksJson: string;
}

export interface HubStats {
  /** Encodings of a view (filter + diff), one per snapshot per view when the cache works. */
  encodes: number;
  served: number;
  /** Rows turned into JSON: only the new and changed ones of each snapshot. */
  rowsEncoded: number;
}

export class ViewHub {
  private views = new Map<string, ViewEntry>();
  private parts: SnapshotParts | null = null;
  readonly stats: HubStats = { encodes: 0, served: 0, rowsEncoded: 0 };

  constructor(readonly clusterId: string) {}

  /** The encoded page of `view` for `snapshot` (the sampler's latest), computed at most once per snapshot. */
  encode(snapshot: SessionsSnapshot, view: SessionView, marks: Marks): EncodedView {
    const key = sessionViewKey(view);
    // What the config adds to the rows (protected, team): a change re-encodes every view.
    const protectKey = JSON.stringify(marks.protect) + ownersKey(marks.owners);
    const now = Date.now();
    const entry = this.views.get(key);
    this.stats.served++;
    if (entry && entry.protectKey === protectKey && entry.encoded.snapshotId >= snapshot.snapshotId) {
      entry.askedAt = now;
      // Least recently asked first, for the bound below.
      this.views.delete(key);
      this.views.set(key, entry);
      return entry.encoded;
    }
    const next = this.build(key, snapshot, view, marks, protectKey, entry);
    next.askedAt = now;
    this.views.delete(key);
    this.views.set(key, next);
    this.sweep(now);
    return next.encoded;
  }

  private snapshotParts(snapshot: SessionsSnapshot, marks: Marks, protectKey: string): SnapshotParts {
    if (this.parts?.snapshotId === snapshot.snapshotId && this.parts.protectKey === protectKey) return this.parts;
    const { sessions, ...meta } = snapshot;
    const marked = markTeams(markProtected(sessions, marks.protect), marks.owners);
    const wire = wireRowsOf(marked, this.parts?.wire.byKey);
    this.stats.rowsEncoded += wire.encoded;
    this.parts = {
      snapshotId: snapshot.snapshotId,
      protectKey,
      marked,
      wire,
      metaJson: JSON.stringify(meta),
      facetsJson: JSON.stringify(facetsOf(marked)),
      locksJson: JSON.stringify(summarizeLocks(marked)),
    };
    return this.parts;
  }

  private build(
    key: string,
    snapshot: SessionsSnapshot,
    view: SessionView,
    marks: Marks,
    protectKey: string,
    previous: ViewEntry | undefined,
  ): ViewEntry {
    this.stats.encodes++;
    const { marked, wire, metaJson, facetsJson, locksJson } = this.snapshotParts(snapshot, marks, protectKey);
    const rows = new Map<string, WireRow>();
    const filtered = filterSessions(marked, view);
    for (const row of filtered) {
      const encoded = wire.byRow.get(row)!;
      rows.set(encoded.key, encoded);
    }
    const total = marked.length;
    const tail = `"total":${total},"facets":${facetsJson},"locks":${locksJson}`;
    const body = () =>
      `{"ok":true,"data":{"snapshot":${metaJson},"rows":[${Array.from(rows.values(), (row) => row.json).join(',')}],` +
      `${tail}}}`;
    const firstScreenBody = (shownView: SessionView, address: string, count: number) => {
      const shown = shownSessions(filtered, shownView);
      // By key from this view's own rows, so the view holds no reference to the snapshot's whole encoding.
      const first = shown.slice(0, count).map((row) => rows.get(sessionKey(row))!.json);
      return `{"view":${JSON.stringify(address)},"shown":${shown.length},"page":{"snapshot":${metaJson},"rows":[${first.join(',')}],${tail}}}`;
    };
    let diffEvent: Buffer | null = null;
    let diffBase: number | null = null;
    if (previous) {
      const added: string[] = [];
      const changed: string[] = [];
      const removed: string[] = [];
      for (const [rowKey, now] of rows) {
        const before = previous.rows.get(rowKey);
        if (before === undefined) added.push(now.json);
        // The same object means the same row (wire-rows.ts); another object may still hold equal values.
        else if (before !== now) {
          const patch = patchOf(before.live, now.live);
          if (patch) changed.push(patch);
        }
      }
      for (const rowKey of previous.rows.keys()) if (!rows.has(rowKey)) removed.push(JSON.stringify(rowKey));
      diffBase = previous.encoded.snapshotId;
      const facets = facetsJson === previous.facetsJson ? '' : `,"facets":${facetsJson}`;
      const locks = locksJson === previous.locksJson ? '' : `,"locks":${locksJson}`;
      diffEvent = Buffer.from(
        `event: diff\ndata: {"base":${diffBase},"snapshot":${metaJson},"total":${total},` +
          `"added":[${added.join(',')}],"changed":[${changed.join(',')}],"removed":[${removed.join(',')}]` +
          `${facets}${locks}}\n\n`,
      );
    }
    const etag = `"${snapshot.snapshotId}-${createHash('sha1').update(key).update(protectKey).digest('base64url').slice(0, 12)}"`;
    return {
      encoded: new EncodedView(snapshot.snapshotId, etag, body, diffEvent, diffBase, firstScreenBody),
      protectKey,
      rows,
      facetsJson,
      locksJson,
      askedAt: 0,
    };
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.views) {
      if (this.views.size > MAX_VIEWS || now - entry.askedAt > VIEW_IDLE_MS) this.views.delete(key);
    }
  }

  /** How many views are cached (tests). */
  get size(): number {
    return this.views.size;
  }
}

interface HubRegistry {
  hubs: Map<string, ViewHub>;
}

const registry: HubRegistry = ((globalThis as { __pgwardenViewHubs?: HubRegistry }).__pgwardenViewHubs ??= {
  hubs: new Map(),
});

export function viewHubFor(clusterId: string): ViewHub {
  let hub = registry.hubs.get(clusterId);
  if (!hub) {
    hub = new ViewHub(clusterId);
    registry.hubs.set(clusterId, hub);
  }
  return hub;
}
