// The parts of /api/v1's answers the CLI reads (the OpenAPI document at /api/v1/openapi.json has them all).
export interface Session {
  pid: number;
  backendStart: string | null;
  queryStart: string | null;
  user: string | null;
  database: string | null;
  applicationName: string;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}
export interface Planned {
  pid: number;
  user: string | null;
  applicationName: string | null;
  state: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}
export interface DryRun {
  dryRun: true;
  wouldSignal: Planned[];
  wouldRefuse: { pid: number; outcome: string; message: string }[];
  confirmationRequired: boolean;
  count: number;
}
export interface Done {
  dryRun: false;
  results: { pid: number; outcome: string; message: string; auditId: string | null }[];
}

export interface Snapshot {
  takenAt: string | null;
  error: { message: string; since: string } | null;
}
