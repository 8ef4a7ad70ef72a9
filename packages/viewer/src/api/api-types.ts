// The JSON shapes the viewer's API returns; the browser code imports these types too, so the two
// sides cannot drift apart. Times are ISO-8601 UTC strings; absent values are null.
import type { JsonValue, RecordOutcome, RunMetadata } from '@synctrack/core';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface OrganizationsResponse {
  organizations: string[];
}

export interface SyncsResponse {
  orgId: string;
  syncs: string[];
  /**
   * Each sync named as its newest run's metadata names it, joined with the organization's fact
   * tables (`source → destination object`); null members when that run's metadata cannot say.
   */
  named: SyncListItem[];
}

export interface SyncListItem {
  syncId: string;
  source: NamedObject | null;
  destination: NamedObject | null;
  destinationObject: NamedObject | null;
}

/** A fact-table row joined to a run by id; `name` is null when the table has no row for the id. */
export interface NamedObject {
  id: string;
  type: string | null;
  name: string | null;
  /** What the type means in Census's words: `model`, `segment`, `Salesforce`, `Contact`. */
  kind: string | null;
}

export interface RunListItem {
  runId: string;
  startedAt: string | null;
  source: NamedObject | null;
  destination: NamedObject | null;
  destinationObject: NamedObject | null;
  /**
   * Why metadata.json could not be used: unreadable content, or the file or run folder could not be
   * read (permission denied, a storage error). The run is still listed.
   */
  metadataError: string | null;
  /** The error's stable code (`INVALID_DATA`, `PERMISSION_DENIED`, …), with `metadataError`. */
  metadataErrorCode: string | null;
  /** Still being written (core's `RunInfo.inProgress`: the newest run, its last file landed in the last 30 minutes). */
  inProgress: boolean;
}

export interface RunsResponse {
  orgId: string;
  syncId: string;
  /** How many runs the sync has in all; `runs` is one slice of them, newest first. */
  total: number;
  offset: number;
  runs: RunListItem[];
}

export interface RunFileJson {
  name: string;
  size: number;
  batchType: string;
  batchNumber: number | null;
}

/** The run's metadata.json as core parses it, with its start time as an ISO string. */
export type RunMetadataJson = Omit<RunMetadata, 'runStartedAt'> & { runStartedAt: string | null };

export interface RunDetailsResponse {
  orgId: string;
  syncId: string;
  runId: string;
  location: string;
  metadata: RunMetadataJson | null;
  /** Set when metadata.json exists but could not be read; the records are still viewable. */
  metadataError: ApiErrorBody['error'] | null;
  source: NamedObject | null;
  destination: NamedObject | null;
  destinationObject: NamedObject | null;
  files: RunFileJson[];
  /** Still being written, by the same rule as the run listing's `inProgress`. */
  inProgress: boolean;
}

export interface RunSummaryResponse {
  total: number;
  byOutcome: Record<RecordOutcome, number>;
  byStatus: Array<{ status: string | null; count: number }>;
  byOperation: Array<{ operation: string | null; count: number }>;
  batchStartedAt: { first: string; last: string } | null;
  batchEndedAt: { first: string; last: string } | null;
  files: number;
  bytes: number;
}

export interface RecordJson {
  identifier: string | null;
  status: string | null;
  outcome: RecordOutcome;
  operation: string | null;
  statusMessage: string | null;
  batchStartedAt: string | null;
  batchEndedAt: string | null;
  /** The parsed payload, of any depth; the text stored when `payloadRaw`. */
  payload: JsonValue | null;
  /** Present, and true, only when `payload` is the text stored because it could not be parsed (core's `SyncRecord.payloadRaw`). */
  payloadRaw?: true;
  file: string;
  rowIndex: number;
}

export interface RecordsResponse {
  records: RecordJson[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** The page size the server used. */
  limit: number;
}

export interface ErrorGroupJson {
  /** The exact message, or with `templates` its template (ids, numbers, emails, quoted values masked). */
  statusMessage: string | null;
  count: number;
  examples: Array<string | null>;
  /** With `templates`: how many distinct messages the template covers. */
  messages?: number;
}

export interface ErrorsResponse {
  /** The largest `limit` groups (all of them without `limit`), largest first. */
  groups: ErrorGroupJson[];
  /** Groups in all, and rejected records in all. */
  totalGroups: number;
  rejected: number;
  templates: boolean;
}

/** The record filters every records, export and sample URL accepts, as query parameters. */
export interface RecordFilterParams {
  /** `all` (or absent), `success`, `rejected` or `invalid`. */
  outcome?: RecordOutcome | 'all';
  /** An exact status message. */
  message?: string;
  /** A message template: one group of the errors grouped by template. */
  template?: string;
  /** One identifier: records are then found with `find()`. */
  identifier?: string;
}

export type DownloadFormat = 'csv' | 'jsonl';

/** One run of a sync's trend (core's `syncHistory`); counts are null when its records could not be read. */
export interface TrendRunJson {
  runId: string;
  startedAt: string | null;
  previousRunId: string | null;
  total: number | null;
  byOutcome: Record<RecordOutcome, number> | null;
  /** Rejected over all records (0 to 1); null without records. */
  rejectedRate: number | null;
  /** `rejectedRate` minus the previous run's; null when either is unknown. */
  rejectedRateChange: number | null;
  /** The run's largest error templates. */
  topErrors: Array<{ template: string | null; count: number }>;
  /** Why the run's records could not be read. */
  error: string | null;
}

export interface SyncHistoryResponse {
  orgId: string;
  syncId: string;
  /** The newest `limit` runs, newest first. */
  runs: TrendRunJson[];
}

/** Records by outcome in each of two runs, and the change. */
export interface OutcomeChangeJson {
  base: number;
  head: number;
  change: number;
}

export interface ComparedRunJson {
  runId: string | null;
  startedAt: string | null;
  total: number;
  byOutcome: Record<RecordOutcome, number>;
}

/** The identifier sets of a comparison (core's `IdentifierSetName`), in the order the page lists them. */
export const IDENTIFIER_SET_NAMES = ['newlyFailing', 'fixed', 'stillFailing', 'added', 'removed'] as const;

/** A run against another (core's `compareRuns`, errors by template): null `base` for a sync's first run. */
export interface RunCompareResponse {
  base: ComparedRunJson | null;
  head: ComparedRunJson;
  outcomes: Record<RecordOutcome, OutcomeChangeJson> | null;
  /** How many identifiers are newly failing, fixed, still failing, added and removed. */
  identifiers: Record<(typeof IDENTIFIER_SET_NAMES)[number], number> | null;
  /** Error templates new in the head run, largest first. */
  newErrors: Array<{ template: string | null; count: number; messages: number | null }>;
  /** The other templates whose count changed most (either way), largest change first. */
  changedErrors: Array<{ template: string | null; base: number; head: number; change: number }>;
}

/** One appearance of a record in a run of its sync (core's `recordHistory`), oldest run first. */
export interface RecordAppearanceJson {
  identifier: string;
  runId: string;
  runStartedAt: string | null;
  previousRunId: string | null;
  /** Top-level payload fields changed since the previous appearance. */
  changedFields: string[];
  record: RecordJson;
}

export interface RecordHistoryResponse {
  orgId: string;
  syncId: string;
  identifier: string;
  appearances: RecordAppearanceJson[];
  /** Runs of the sync in all (the record may be in fewer). */
  runs: number;
}
