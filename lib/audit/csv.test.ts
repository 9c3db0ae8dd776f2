import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/types/audit';
import { auditCsvHeader, auditCsvRow, csvCell, csvLine } from './csv';

/** A small RFC 4180 reader, to prove what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

const entry: AuditEntry = {
  id: '42',
  at: '2026-05-01T09:30:12.345678Z',
  batchId: '00000000-0000-4000-8000-000000000000',
  actorEmail: 'alice@example.com',
  actorTokenCreator: null,
  detail: null,
  actorName: 'Alice "Ops", Jr.',
  actorRole: 'operator',
  actorProvider: 'local',
  clusterId: 'prod',
  action: 'terminate',
  timeoutMs: 5000,
  targetPid: 4242,
  targetBackendStart: '2026-05-01T08:00:00.000001Z',
  targetUser: 'app',
  targetDatabase: 'shop',
  targetApplication: '=HYPERLINK("http://evil.example")',
  targetClient: '10.0.0.7',
  targetState: 'active',
  targetBackendType: 'client backend',
  targetQuery: 'select 1,\n  "x"\r\nfrom t',
  queryAgeMs: 7_380_000.4,
  xactAgeMs: null,
  backendAgeMs: 86_400_000,
  stateAgeMs: 850.6,
  outcome: 'terminated',
  outcomeDetail: 'Terminated.',
  finishedAt: '2026-05-01T09:30:12.400000Z',
  clientAddress: null,
  targetCount: null,
  targetSample: null,
};

describe('csv encoding', () => {
  it('leaves plain text and numbers bare, and null empty', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvLine(['a', null, 1, 'b,c'])).toBe('a,,1,"b,c"\r\n');
  });

  it('stops spreadsheet formulas from running', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-- comment')).toBe("'-- comment");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes a header and one row per entry that read back to the same fields', () => {
    const rows = parseCsv(auditCsvHeader + auditCsvRow(entry));
    expect(rows).toHaveLength(2);
    const [header, row] = rows as [string[], string[]];
    expect(header.length).toBe(row.length);
    const record = Object.fromEntries(header.map((name, index) => [name, row[index]]));
    expect(record).toMatchObject({
      id: '42',
      at_utc: '2026-05-01T09:30:12.345678Z',
      actor_name: 'Alice "Ops", Jr.',
      target_pid: '4242',
      target_application: `'=HYPERLINK("http://evil.example")`,
      target_query: 'select 1,\n  "x"\r\nfrom t',
      query_age_ms: '7380000',
      xact_age_ms: '',
      state_age_ms: '851',
      outcome: 'terminated',
    });
    expect(header[0]).toBe('id');
  });
});
