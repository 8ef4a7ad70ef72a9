// @synctrack/core: the public API. Everything here is covered by semver; test/public-api.test.ts
// lists these names, so a new export is a decision. Helpers synctrack's own packages share live in
// `@synctrack/core/internal` (src/internal.ts), which carries no such promise.

// The client: questions about runs, and what they answer.
export { SyncTrackingClient, type SyncTrackingClientOptions } from './client/sync-tracking-client.js';
export type { ErrorsOptions } from './questions/errors.js';
export type {
  ComparedRun,
  CompareRecordsOptions,
  CompareRunsOptions,
  ErrorGroupChange,
  IdentifierCounts,
  IdentifierSetName,
  OutcomeChange,
  RunComparison,
} from './questions/compare-runs.js';
export type { CheckRuleName, CheckRules, RuleResult } from './questions/check-rules.js';
export type { CheckedRun, CheckOptions, CheckResult } from './questions/check-run.js';
export type { RunBatch, RunTotals, WatchRunOptions } from './questions/watch-run.js';
export type { FilterArrowOptions } from './questions/filter-arrow.js';
export type { FilterJsonLinesOptions, JsonLinesBatch } from './questions/filter-json-lines.js';
export type { FilterOptions, RecordPage } from './questions/filter.js';
export type { FindOptions, RunMatches } from './questions/find.js';
export type { ScanOptions } from './questions/question-context.js';
export type { RunDetails } from './questions/run-details.js';
export type { SampleOptions } from './questions/sample.js';
export type { RecordAppearance, RecordHistoryOptions } from './questions/record-history.js';
export type { ErrorTemplateCount, RunStats, RunTrend, SyncHistory, SyncHistoryOptions } from './questions/sync-history.js';
export type { RecordQuery } from './questions/record-query.js';
export type { Identifiers } from './questions/question-context.js';
export type { SelectScanOptions } from './questions/selected-rows.js';
export type { BuildIndexOptions } from './questions/find-by-index.js';
export type { BuildIndexStats } from './questions/run-index.js';
export type { ErrorGroup } from './questions/errors.js';
export type { RunSummary, TimeSpan } from './questions/summary.js';
export type { ResolvedRun, RunFile, RunListing } from './runs/run-files.js';
export type { RunInfo } from './runs/run-discovery.js';
export type { ProgressListener, ScanProgress } from './scan/scan-progress.js';
export type { RecordLineField } from './questions/filter-json-lines.js';

// Models: records, runs, fact tables, outcomes.
export type { JsonObject, JsonPrimitive, JsonValue } from './model/json-value.js';
export { stringifyJson } from './model/json-text.js';
export {
  RECORD_OUTCOMES,
  isRecordOutcome,
  outcomeOf,
  type KnownSyncStatus,
  type RecordOutcome,
  type SyncStatus,
} from './model/record-outcome.js';
export type { RecordOrigin, SyncRecord } from './model/sync-record.js';
export type { PayloadFieldType, RunMetadata } from './model/run-metadata.js';
export {
  SOURCE_OBJECT_KINDS,
  type Destination,
  type DestinationObject,
  type FactTableName,
  type FactTables,
  type SourceObject,
  type SourceObjectType,
} from './model/fact-tables.js';
export type { OrgRef, RunIds, RunRef, SyncRef } from './layout/sync-tracking-layout.js';
export type { RecordField } from './layout/record-columns.js';

// Errors: every error the SDK throws is a SyncTrackError with a stable `code`.
export { SyncTrackError, type SyncTrackErrorCode, type SyncTrackErrorContext, type SyncTrackErrorOptions } from './errors/sync-track-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PermissionDeniedError } from './errors/permission-denied-error.js';
export { InvalidDataError } from './errors/invalid-data-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { ConfigInvalidError } from './errors/config-invalid-error.js';
export { RangeNotSatisfiableError } from './errors/range-not-satisfiable-error.js';
export { StorageUnavailableError } from './errors/storage-unavailable-error.js';
export { UnsupportedError } from './errors/unsupported-error.js';
export { AbortedError } from './errors/aborted-error.js';
export { AdapterNotInstalledError } from './errors/adapter-not-installed-error.js';
export { InternalError } from './errors/internal-error.js';

// The storage adapter spec: what an adapter implements, an in-memory one for tests, and listing.
export type {
  ByteRange,
  ListOptions,
  ListPage,
  ObjectInfo,
  ReadOptions,
  StorageAdapter,
  StorageCapabilities,
  WriteOptions,
} from './storage/storage-adapter.js';
export type { RetrySettings } from './storage/storage-retry.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
export { listAll, listObjects, listPrefixes, type ListEntry } from './storage/list-all.js';

// Location resolution: `s3://bucket/prefix`, `gs://…`, `az://…`, a folder, to a StorageAdapter.
export { parseLocation } from './location/parse-location.js';
export { resolveStorage } from './location/resolve-storage.js';
export type { FromLocation, ResolveStorageOptions, ResolvedStorage, StorageLocation, StorageScheme } from './location/storage-location.js';

// The writer: runs and fact tables as Census writes them (for producers, tests and demos).
export {
  SyncRunWriter,
  type RecordFileGeneration,
  type SyncRecordInput,
  type SyncRunWriterOptions,
} from './writer/sync-run-writer.js';
export type { ParquetCompression } from './writer/parquet-encoding.js';
export { writeFactTables, type WriteFactTablesOptions } from './writer/fact-table-writer.js';
