// @synctrack/core/internal: UNSTABLE. Helpers synctrack's own packages share (the CLI, the viewer, the
// demo, the storage adapters, the conformance suite, the benchmark). No semver promise: any release may
// change or remove any of these names. Applications use the root export, `@synctrack/core`.
// Only named re-exports here, grouped by the layer they come from (see test/layers.test.ts).

// Storage: what the adapters in this repository share to check arguments, retry and resume reads.
export { assertValidKey, assertValidRange, checkReadArguments, isEmptyRange, joinKey, resolveRange } from './storage/storage-keys.js';
export { throwIfAborted } from './storage/throw-if-aborted.js';
export {
  DEFAULT_PROGRESS_TIMEOUT_MS,
  ProgressTimeoutError,
  TransientTransferError,
  adapterCalls,
  attemptsText,
  retryStorageCall,
  type AdapterCallSettings,
  type StorageAttempt,
  type StorageCallOptions,
} from './storage/storage-retry.js';
export { rangeResponseHead, readResumable, type RangeResponse, type ResumableReadOptions } from './storage/resumable-read.js';

// Layout: where Census puts runs, record files and fact tables.
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
} from './layout/sync-tracking-layout.js';
export {
  ALL_RECORD_COLUMNS,
  LEGACY_INTERNAL_ID_COLUMN,
  RECORD_COLUMNS,
  RUN_ID_COLUMNS,
  type RecordColumn,
} from './layout/record-columns.js';
export { STORAGE_ADAPTER_PACKAGES, loadFromLocation } from './location/storage-registry.js';
export { compareIds, listChildIds } from './runs/run-discovery.js';
export { IN_PROGRESS_WINDOW_MS, metadataSaysInProgress, runStillBeingWritten, type InProgressFacts } from './runs/run-in-progress.js';

// Models as exports write them: the snake_case row, JSON text and bytes, payload cells, templates.
export { decodeRunMetadata, parseRunMetadata } from './model/run-metadata.js';
export { KNOWN_SYNC_STATUSES } from './model/record-outcome.js';
export { RECORD_ROW_KEYS, RECORD_ROW_VALUES, isoTime, recordCsvRow, recordRow, type RecordRow } from './model/record-row.js';
export { JsonBytes } from './model/json-bytes.js';
export { payloadCellText } from './model/record-payload.js';
export { messageTemplate } from './model/message-template.js';
export { recordJsonLineWriter, type RecordRowKey } from './records/record-json-line.js';

// Parquet, scan and writer machinery.
export { readParquetFooter, type ByteSpan, type ParquetFooter, type RowGroupLayout } from './parquet/parquet-footer.js';
export { DecodePool, sharedDecodePool, type DecodePoolOptions } from './scan/decode-pool.js';
export { ProgressTracker } from './scan/scan-progress.js';
export { encodeParquet, encodeParquetStream, type ParquetEncodingOptions } from './writer/parquet-encoding.js';
export { defaultIndexDirectory } from './questions/run-index.js';
export { CHECK_RULES, PREVIOUS_RUN_RULES, judgeRules, rateRatio, type CheckMeasures } from './questions/check-rules.js';
