import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import { patchOf, wireRowsOf } from './wire-rows';

describe('wire rows', () => {
  it('keeps an unchanged session as the same encoded row, whatever its durations, and encodes only the others', () => {
    const first = [sessionRow({ pid: 1 }), sessionRow({ pid: 2 }), sessionRow({ pid: 3, blockedBy: [1] })];
    const before = wireRowsOf(first, undefined);
    expect(before.encoded).toBe(3);
    const second = [
      sessionRow({ pid: 1, queryAgeMs: 2000, stateAgeMs: 2000 }),
      sessionRow({ pid: 2, state: 'idle' }),
      sessionRow({ pid: 3, blockedBy: [1] }),
      sessionRow({ pid: 4 }),
    ];
    const after = wireRowsOf(second, before.byKey);
    expect(after.encoded).toBe(2);
    expect(after.byRow.get(second[0]!)).toBe(before.byRow.get(first[0]!));
    expect(after.byRow.get(second[2]!)).toBe(before.byRow.get(first[2]!));
    expect(after.byRow.get(second[1]!)).not.toBe(before.byRow.get(first[1]!));
    // The wire carries timestamps, never durations.
    expect(JSON.parse(after.byRow.get(second[3]!)!.json)).not.toHaveProperty('queryAgeMs');
  });

  it('encodes a session again when any one field the wire carries changes', () => {
    const row = sessionRow({ pid: 7, blockedBy: [1] });
    const before = wireRowsOf([row], undefined);
    const fields = Object.keys(before.byRow.get(row)!.live) as (keyof typeof row)[];
    expect(fields.length).toBeGreaterThan(20);
    for (const field of fields.filter((name) => name !== 'pid' && name !== 'backendStart')) {
      const value = row[field];
      const other =
        typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : Array.isArray(value) ? [2] : 'x';
      const changed = { ...row, [field]: other };
      expect({ field, encoded: wireRowsOf([changed], before.byKey).encoded }).toEqual({ field, encoded: 1 });
    }
    expect(wireRowsOf([{ ...row, blockedBy: [1] }], before.byKey).encoded).toBe(0);
  });

  it('a session whose pid is reused by a new backend is another row', () => {
    const before = wireRowsOf([sessionRow({ pid: 1 })], undefined);
    const reused = sessionRow({ pid: 1, backendStart: '2025-01-02 00:00:00+00' });
    const after = wireRowsOf([reused], before.byKey);
    expect(after.encoded).toBe(1);
    expect(after.byRow.get(reused)!.key).toBe('1|2025-01-02 00:00:00+00');
  });

  it('patches name only the fields that changed, with the two that identify the row', () => {
    const [a, b] = [sessionRow({ pid: 7 }), sessionRow({ pid: 7, state: 'idle', blockedBy: [3] })];
    const wire = (row: typeof a) => wireRowsOf([row], undefined).byRow.get(row)!.live;
    expect(JSON.parse(patchOf(wire(a), wire(b))!)).toEqual({
      pid: 7,
      backendStart: a.backendStart,
      state: 'idle',
      blockedBy: [3],
    });
    expect(patchOf(wire(a), wire(sessionRow({ pid: 7, queryAgeMs: 5 })))).toBeNull();
  });
});
