// CSV for the audit export (RFC 4180: CRLF lines, quoted fields), safe to open in a spreadsheet.
import { describeSample, type AuditEntry } from '@/lib/types/audit';

type Cell = string | number | null;

/**
 * Quotes a field when it holds a comma, quote, CR or LF. Text starting with = + - @ or a tab/CR gets a leading
 * apostrophe: application names and query text come from the monitored sessions, and a spreadsheet would
 * otherwise run them as formulas (OWASP "CSV injection").
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms));

const auditColumns: [header: string, value: (entry: AuditEntry) => Cell][] = [
  ['id', (e) => e.id],
  ['at_utc', (e) => e.at],
  ['actor_email', (e) => e.actorEmail],
  ['actor_name', (e) => e.actorName],
  ['actor_role', (e) => e.actorRole],
  ['actor_token_creator', (e) => e.actorTokenCreator],
  ['cluster', (e) => e.clusterId],
  ['action', (e) => e.action],
  ['timeout_ms', (e) => e.timeoutMs],
  ['target_pid', (e) => e.targetPid],
  ['target_backend_start_utc', (e) => e.targetBackendStart],
  ['target_user', (e) => e.targetUser],
  ['target_database', (e) => e.targetDatabase],
  ['target_application', (e) => e.targetApplication],
  ['target_client', (e) => e.targetClient],
  ['target_state', (e) => e.targetState],
  ['target_backend_type', (e) => e.targetBackendType],
  ['query_age_ms', (e) => round(e.queryAgeMs)],
  ['xact_age_ms', (e) => round(e.xactAgeMs)],
  ['backend_age_ms', (e) => round(e.backendAgeMs)],
  ['state_age_ms', (e) => round(e.stateAgeMs)],
  ['outcome', (e) => e.outcome],
  ['outcome_detail', (e) => e.outcomeDetail],
  ['finished_at_utc', (e) => e.finishedAt],
  ['batch_id', (e) => e.batchId],
  ['client_address', (e) => e.clientAddress],
  ['target_count', (e) => e.targetCount],
  ['target_sample', describeSample],
  ['target_query', (e) => e.targetQuery],
  ['detail', (e) => (e.detail ? JSON.stringify(e.detail) : null)],
];

export const auditCsvHeader = csvLine(auditColumns.map(([header]) => header));

export function auditCsvRow(entry: AuditEntry): string {
  return csvLine(auditColumns.map(([, value]) => value(entry)));
}
