// One row of a sync run's tracking data, as the SDK hands it to users.
import type { JsonValue } from './json-value.js';
import type { RecordOutcome, SyncStatus } from './record-outcome.js';

/** Where a record came from inside the run. */
export interface RecordOrigin {
  /** The file's key relative to the run folder, e.g. `records_updated.3.parquet`. */
  file: string;
  /** `records_updated` in `records_updated.3.parquet`. */
  batchType: string;
  /** `3` in `records_updated.3.parquet`; null for the older un-numbered files. */
  batchNumber: number | null;
  /** Zero-based row index within the file. */
  rowIndex: number;
}

export interface SyncRecord {
  /** The sync key; numeric keys become their decimal string; null only when the stored key is null. */
  identifier: string | null;
  /**
   * The parsed `record_payload` JSON, or null. When the text stored is not JSON that can be
   * represented (invalid JSON or UTF-8, a number beyond a double's range), `payload` is that text as
   * stored and `payloadRaw` is true.
   */
  payload: JsonValue | null;
  /** Present, and true, only when `payload` is the raw text of a `record_payload` that could not be parsed. */
  payloadRaw?: true;
  operation: string | null;
  /** The raw status: `succeeded`, `rejected`, `NULL`, `DUPLICATE`, null for SQL NULL, or another string as stored. */
  status: SyncStatus | null;
  outcome: RecordOutcome;
  statusMessage: string | null;
  batchStartedAt: Date | null;
  batchEndedAt: Date | null;
  origin: RecordOrigin;
}
