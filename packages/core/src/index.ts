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
export { listAll, listObjects, listPrefixes, type ListEntry } from './storage/list-all.js';
export { assertValidKey, assertValidRange, checkReadArguments, isEmptyRange, joinKey, resolveRange } from './storage/storage-keys.js';
export { throwIfAborted } from './storage/throw-if-aborted.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
export {
  DEFAULT_PROGRESS_TIMEOUT_MS,
  ProgressTimeoutError,
  adapterCalls,
  TransientTransferError,
  attemptsText,
  retryStorageCall,
  type AdapterCallSettings,
  type RetrySettings,
  type StorageAttempt,
  type StorageCallOptions,
} from './storage/storage-retry.js';
export { rangeResponseHead, readResumable, type RangeResponse, type ResumableReadOptions } from './storage/resumable-read.js';

export type { JsonObject, JsonPrimitive, JsonValue } from './model/json-value.js';
export {
  KNOWN_SYNC_STATUSES,
  RECORD_OUTCOMES,
  isRecordOutcome,
  outcomeOf,
  type KnownSyncStatus,
  type RecordOutcome,
  type SyncStatus,
} from './model/record-outcome.js';
export type { RecordOrigin, SyncRecord } from './model/sync-record.js';
export { decodeRunMetadata, parseRunMetadata, type PayloadFieldType, type RunMetadata } from './model/run-metadata.js';
export {
  SOURCE_OBJECT_KINDS,
  type Destination,
  type DestinationObject,
  type FactTableName,
  type FactTables,
  type SourceObject,
  type SourceObjectType,
} from './model/fact-tables.js';

export {
  FACT_TABLES_FOLDER,
  RUN_METADATA_FILE,
  SYNC_TRACKING_FOLDER,
  factTableOf,
  factTablesPrefix,
  normalizePrefix,
  organizationsPrefix,
  parseRecordFileName,
  recordFileName,
  runIdsFromPrefix,
  runPrefix,
  runsPrefix,
  syncsPrefix,
  type RecordFileName,
  type RunIds,
  type RunRef,
} from './layout/sync-tracking-layout.js';
export {
  ALL_RECORD_COLUMNS,
  LEGACY_INTERNAL_ID_COLUMN,
  RECORD_COLUMNS,
  RUN_ID_COLUMNS,
  type RecordColumn,
  type RecordField,
} from './layout/record-columns.js';

export { encodeParquet, type ParquetCompression, type ParquetEncodingOptions } from './writer/parquet-encoding.js';
export {
  SyncRunWriter,
  type RecordFileGeneration,
  type SyncRecordInput,
  type SyncRunWriterOptions,
} from './writer/sync-run-writer.js';
export { writeFactTables, type WriteFactTablesOptions } from './writer/fact-table-writer.js';

export { readParquetFooter, type ByteSpan, type ParquetFooter, type RowGroupLayout } from './parquet/parquet-footer.js';
export { DecodePool, sharedDecodePool, type DecodePoolOptions } from './scan/decode-pool.js';

export {
  SyncTrackingClient,
  type ErrorsOptions,
  type FilterJsonLinesOptions,
  type FilterOptions,
  type FindOptions,
  type JsonLinesBatch,
  type RecordPage,
  type RunMatches,
  type RunDetails,
  type SampleOptions,
  type ScanOptions,
  type SyncTrackingClientOptions,
} from './client/sync-tracking-client.js';
export type { RecordQuery } from './questions/record-query.js';
export { defaultIndexDirectory, type BuildIndexStats } from './questions/run-index.js';
export type { ErrorGroup, RunSummary, TimeSpan } from './questions/run-summary.js';
export type { ResolvedRun, RunFile, RunListing } from './runs/run-files.js';
export type { RunInfo } from './runs/run-discovery.js';
export { messageTemplate } from './model/message-template.js';

export { parseLocation } from './location/parse-location.js';
export { resolveStorage } from './location/resolve-storage.js';
export { STORAGE_ADAPTER_PACKAGES, loadFromLocation } from './location/storage-registry.js';
export type { FromLocation, ResolveStorageOptions, ResolvedStorage, StorageLocation, StorageScheme } from './location/storage-location.js';
export { ProgressTracker, type ProgressListener, type ScanProgress } from './scan/scan-progress.js';
export { RECORD_ROW_KEYS, RECORD_ROW_VALUES, isoTime, recordCsvRow, recordRow, type RecordRow } from './model/record-row.js';
export { recordJsonLineWriter, type RecordRowKey } from './records/record-json-line.js';
export { JsonBytes } from './model/json-bytes.js';
export { stringifyJson } from './model/json-text.js';
export { payloadCellText } from './model/record-payload.js';
