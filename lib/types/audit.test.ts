import { describe, expect, it } from 'vitest';
import {
  auditFilterSchema,
  auditFilterToParams,
  auditListInputSchema,
  flattenSearchParams,
  isAuditTimestamp,
  pickAuditFilterParams,
  withUtcOffset,
} from './audit';

describe('audit filters', () => {
  it('accepts dates and date-times with or without an offset, and nothing else', () => {
    for (const value of [
      '2026-05-01',
      '2026-05-01T09:30',
      '2026-05-01 09:30:12',
      '2026-05-01T09:30:12.123456Z',
      '2026-05-01T09:30+02:00',
      '2024-02-29',
    ]) {
      expect(isAuditTimestamp(value), value).toBe(true);
    }
    for (const value of [
      'yesterday',
      '2026-13-01',
      '2026-02-30',
      '2025-02-29',
      '2026-05-01T24:00',
      '2026-05-01Z',
      '2026-05-01T09:30 02:00',
      "2026-05-01'; --",
    ]) {
      expect(isAuditTimestamp(value), value).toBe(false);
    }
  });

  it('spells out UTC when no offset is given', () => {
    expect(withUtcOffset('2026-05-01')).toBe('2026-05-01T00:00:00Z');
    expect(withUtcOffset('2026-05-01 09:30')).toBe('2026-05-01T09:30Z');
    expect(withUtcOffset('2026-05-01T09:30-05:00')).toBe('2026-05-01T09:30-05:00');
  });

  it('parses a full set of filters', () => {
    const parsed = auditFilterSchema.parse({
      from: '2026-05-01',
      to: '2026-05-02',
      actor: ' alice ',
      cluster: 'prod',
      user: 'app',
      application: 'api',
      outcome: 'still_running',
      action: 'terminate',
      id: '42',
    });
    expect(parsed).toMatchObject({ actor: 'alice', outcome: 'still_running', id: '42' });
  });

  it('refuses a preset together with from/to, to before from, and unknown values', () => {
    const issues = (input: unknown) =>
      auditFilterSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues({ range: '24h', from: '2026-05-01' })).toEqual(['range']);
    expect(issues({ from: '2026-05-02', to: '2026-05-01' })).toEqual(['to']);
    expect(issues({ range: '2d' })).toEqual(['range']);
    expect(issues({ outcome: 'killed' })).toEqual(['outcome']);
    expect(issues({ action: 'kill' })).toEqual(['action']);
    expect(issues({ id: '0' })).toEqual(['id']);
    expect(issues({ id: '1 or 1=1' })).toEqual(['id']);
    expect(issues({ cluster: 'Prod!' })).toEqual(['cluster']);
  });

  it('pages with a cursor and a bounded size', () => {
    expect(auditListInputSchema.parse({}).limit).toBe(100);
    expect(auditListInputSchema.parse({ limit: '20', before: '99' })).toMatchObject({ limit: 20, before: '99' });
    expect(auditListInputSchema.safeParse({ limit: '5000' }).success).toBe(false);
  });

  it('round-trips through the URL, keeping only known, non-empty filters in a fixed order', () => {
    const flat = flattenSearchParams({
      outcome: ['refused', 'failed'],
      actor: '',
      cluster: 'prod',
      utm: 'x',
      id: undefined,
    });
    expect(flat).toEqual({ outcome: 'refused', cluster: 'prod', utm: 'x' });
    const picked = pickAuditFilterParams(flat);
    expect(picked).toEqual({ outcome: 'refused', cluster: 'prod' });
    expect(auditFilterToParams(picked).toString()).toBe('cluster=prod&outcome=refused');
  });
});
