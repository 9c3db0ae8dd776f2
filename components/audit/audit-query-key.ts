// Query key for the audit table: the server prefetch and the client poll must agree on it.
import { auditFilterToParams, type AuditFilterParams } from '@/lib/types/audit';

export function auditQueryKey(filter: AuditFilterParams) {
  return ['audit', auditFilterToParams(filter).toString()] as const;
}
