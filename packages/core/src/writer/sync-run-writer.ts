// Writes a sync run exactly as Census lays it out, batch by batch as a sync in progress would:
// `metadata.json` first, then one `[batch_type].[batch_number].parquet` per batch.
import type { Table, Vector } from 'apache-arrow';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { UnsupportedError } from '../errors/unsupported-error.js';
import {
  LEGACY_INTERNAL_ID_COLUMN,
  RECORD_COLUMNS,
  RUN_ID_COLUMNS,
} from '../layout/record-columns.js';
import {
  RUN_METADATA_FILE,
  normalizePrefix,
  recordFileName,
  runPrefix,
  type RunIds,
} from '../layout/sync-tracking-layout.js';
import type { JsonObject, JsonValue } from '../model/json-value.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { encodeParquet, type ParquetCompression } from './parquet-encoding.js';
import { writerModules, type WriterModules } from './writer-modules.js';

/** One record as a producer hands it to the writer. */
export interface SyncRecordInput {
  identifier: string | number | bigint | null;
  payload: JsonValue | null;
  /**
   * `record_payload` exactly as stored, instead of `JSON.stringify(payload)`: text that is not JSON,
   * or JSON too deep to stringify. Bytes are stored as they are, valid UTF-8 or not (the file's
   * payload column is then binary, as a producer that does not check its text writes it).
   */
  payloadText?: string | Uint8Array;
  operation: string | null;
  status: string | null;
  statusMessage?: string | null;
  batchStartedAt: Date | null;
  batchEndedAt: Date | null;
}

/**
 * `current`: the documented columns plus `sync_configuration_id` and `sync_run_id` (added in 2025).
 * `legacy`: the documented columns plus `census_sync_tracking_internal_id` (removed in 2025).
 */
export type RecordFileGeneration = 'current' | 'legacy';

export interface SyncRunWriterOptions {
  storage: StorageAdapter;
  run: RunIds;
  /** Key prefix under which `sync_tracking_datasets/` lives. */
  prefix?: string;
  compression?: ParquetCompression;
  rowGroupSize?: number;
  generation?: RecordFileGeneration;
}

export class SyncRunWriter {
  private readonly storage: StorageAdapter;
  private readonly options: SyncRunWriterOptions;
  private readonly folder: string;
  private readonly nextBatchNumber = new Map<string, number>();
  private internalId = 0;

  constructor(options: SyncRunWriterOptions) {
    if (options.storage.write === undefined || !options.storage.capabilities.write) {
      throw new UnsupportedError({
        message: `The ${options.storage.name} adapter at ${options.storage.location} cannot write`,
        context: { adapter: options.storage.name, operation: 'write' },
      });
    }
    this.storage = options.storage;
    this.options = options;
    this.folder = runPrefix(normalizePrefix(options.prefix), options.run);
  }

  /** The key prefix of the run folder. */
  get location(): string {
    return this.folder;
  }

  /** Writes `metadata.json`; ids default to the run's own. */
  async writeMetadata(metadata: JsonObject = {}): Promise<string> {
    const document: JsonObject = {
      organization_id: this.options.run.orgId,
      sync_configuration_id: this.options.run.syncId,
      sync_run_id: this.options.run.runId,
      ...metadata,
    };
    const key = `${this.folder}${RUN_METADATA_FILE}`;
    await this.storage.write!(key, new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`), {
      contentType: 'application/json',
    });
    return key;
  }

  /**
   * Writes one batch as `[batchType].[n].parquet`, numbering batches of each type from 0.
   * `batchNumber: null` writes the older un-numbered `[batchType].parquet`.
   */
  async writeBatch(
    batchType: string,
    records: readonly SyncRecordInput[],
    options: { batchNumber?: number | null } = {},
  ): Promise<string> {
    const batchNumber =
      options.batchNumber === undefined ? (this.nextBatchNumber.get(batchType) ?? 0) : options.batchNumber;
    if (batchNumber !== null) this.nextBatchNumber.set(batchType, batchNumber + 1);
    const key = `${this.folder}${recordFileName(batchType, batchNumber)}`;
    const bytes = await encodeParquet(this.toTable(records, (await writerModules()).arrow), {
      compression: this.options.compression ?? 'zstd',
      rowGroupSize: this.options.rowGroupSize,
      dictionaryColumns: [RECORD_COLUMNS.operation, RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage],
    });
    await this.storage.write!(key, bytes, { contentType: 'application/vnd.apache.parquet' });
    return key;
  }

  private toTable(records: readonly SyncRecordInput[], arrow: WriterModules['arrow']): Table {
    const text = (values: Array<string | null>) => arrow.vectorFromArray(values, new arrow.Utf8());
    const columns: Record<string, Vector> = {
      [RECORD_COLUMNS.identifier]: text(records.map((record) => identifierText(record.identifier))),
      [RECORD_COLUMNS.payload]: payloadColumn(arrow, records),
      [RECORD_COLUMNS.operation]: text(records.map((record) => record.operation)),
      [RECORD_COLUMNS.status]: text(records.map((record) => record.status)),
      [RECORD_COLUMNS.statusMessage]: text(records.map((record) => record.statusMessage ?? null)),
      [RECORD_COLUMNS.batchStartedAt]: timestamps(arrow, records.map((record) => record.batchStartedAt)),
      [RECORD_COLUMNS.batchEndedAt]: timestamps(arrow, records.map((record) => record.batchEndedAt)),
    };
    if ((this.options.generation ?? 'current') === 'current') {
      columns[RUN_ID_COLUMNS[0]] = text(records.map(() => this.options.run.syncId));
      columns[RUN_ID_COLUMNS[1]] = text(records.map(() => this.options.run.runId));
    } else {
      columns[LEGACY_INTERNAL_ID_COLUMN] = text(records.map(() => String(++this.internalId)));
    }
    return new arrow.Table(columns);
  }
}

function payloadColumn(arrow: WriterModules['arrow'], records: readonly SyncRecordInput[]): Vector {
  const texts = records.map((record) => record.payloadText ?? (record.payload === null ? null : JSON.stringify(record.payload)));
  if (!texts.some((text) => text instanceof Uint8Array)) return arrow.vectorFromArray(texts as Array<string | null>, new arrow.Utf8());
  const encoder = new TextEncoder();
  return arrow.vectorFromArray(
    texts.map((text) => (typeof text === 'string' ? encoder.encode(text) : text)),
    new arrow.Binary(),
  );
}

function identifierText(identifier: SyncRecordInput['identifier']): string | null {
  if (identifier === null) return null;
  if (typeof identifier === 'string') return identifier;
  if (typeof identifier === 'bigint' || Number.isFinite(identifier)) return String(identifier);
  throw new InvalidArgumentError({
    message: `Invalid identifier ${String(identifier)}: use a string, a finite number or a bigint`,
    context: { argument: 'identifier' },
  });
}

/** A TIMESTAMP column in microseconds, adjusted to UTC. */
function timestamps(arrow: WriterModules['arrow'], dates: Array<Date | null>): Vector {
  const values = new BigInt64Array(dates.length);
  const validity = new Uint8Array(Math.ceil(dates.length / 8));
  let nullCount = 0;
  dates.forEach((date, index) => {
    if (date === null || Number.isNaN(date.getTime())) {
      nullCount++;
      return;
    }
    values[index] = BigInt(date.getTime()) * 1000n;
    validity[index >> 3]! |= 1 << (index & 7);
  });
  return arrow.makeVector({
    type: new arrow.TimestampMicrosecond('UTC'),
    data: values,
    length: dates.length,
    nullCount,
    nullBitmap: nullCount === 0 ? null : validity,
  } as never);
}
