// Long-query runs as CSV (RFC 4180), safe to open in a spreadsheet.
import type { LongQueryRecord } from '@/lib/types/history';

const columns: [string, (record: LongQueryRecord) => string | number | null][] = [
  ['query_start', (record) => record.queryStart],
  ['first_seen', (record) => record.firstSeen],
  ['last_seen', (record) => record.lastSeen],
  ['longest_ms', (record) => Math.round(record.longestMs)],
  ['ended', (record) => record.ended],
  ['ended_by_audit_id', (record) => record.endedByAuditId],
  ['audit_ids', (record) => record.auditIds.join(' ')],
  ['pid', (record) => record.pid],
  ['backend_start', (record) => record.backendStart],
  ['user', (record) => record.user],
  ['database', (record) => record.database],
  ['application', (record) => record.application],
  ['team', (record) => record.team],
  ['client', (record) => record.client],
  ['query_id', (record) => record.queryId],
  ['fingerprint', (record) => record.fingerprint],
  ['query', (record) => record.query],
];

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A cell starting like a formula is run by spreadsheets: make it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function longQueriesCsv(records: LongQueryRecord[]): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const record of records) lines.push(columns.map(([, pick]) => cell(pick(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
