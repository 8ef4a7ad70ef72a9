// The SDK's entry point: discovery, metadata, and the questions users ask of a run — filter, find,
// sample, summary, errors — streamed over the row-group scanner.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { RECORD_COLUMNS, type RecordField } from '../layout/record-columns.js';
import { normalizePrefix, type RunRef } from '../layout/sync-tracking-layout.js';
import type { Destination, DestinationObject, FactTables, SourceObject } from '../model/fact-tables.js';
import { RECORD_OUTCOMES, outcomeOf, type RecordOutcome } from '../model/record-outcome.js';
import type { RunMetadata } from '../model/run-metadata.js';
import type { SyncRecord } from '../model/sync-record.js';
import { DecodePool, sharedDecodePool } from '../scan/decode-pool.js';
import type { AggregateResult, RecordPredicate, SelectKernel } from '../scan/decode-protocol.js';
import type { CellValue, LinesRequest, SelectResult } from '../records/decoded-rows.js';
import { firstMatches } from '../records/record-lines.js';
import { RECORD_ROW_KEYS } from '../model/record-row.js';
import type { RecordRowKey } from '../records/record-json-line.js';
import { IndexFile, IndexFormatError } from '../questions/run-index-file.js';
import {
  buildRunIndex,
  candidateRows,
  defaultIndexDirectory,
  indexMatches,
  indexPath,
  readIndexedRow,
  type BuildIndexStats,
  type RowLocation,
} from '../questions/run-index.js';
import { InternalError } from '../errors/internal-error.js';
import { throwIfAborted } from '../storage/throw-if-aborted.js';
import { predicateColumns } from '../scan/decode-kernels.js';
import { FooterCache, RowGroupScanner, type ScannedRowGroup } from '../scan/row-group-scanner.js';
import { ProgressTracker, type ProgressListener } from '../scan/scan-progress.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { readFactTables } from '../questions/fact-table-reader.js';
import { messageTemplate } from '../model/message-template.js';
import { RECORD_OUTPUT_COLUMNS, buildRecords, payloadFields, projectPayload, projectRecord, recordOutputColumns } from '../records/record-builder.js';
import { METHOD_OPTIONS, checkOptions } from '../questions/option-check.js';
import { decodeCursor, encodeCursor, queryFingerprint } from '../questions/record-cursor.js';
import { compileQuery, type RecordQuery } from '../questions/record-query.js';
import {
  listOrganizationIds,
  listRunInfos,
  listSyncIds,
  readRunMetadata,
  type RunInfo,
} from '../runs/run-discovery.js';
import { listRun, resolveRun, type RunFile, type RunListing, type ResolvedRun } from '../runs/run-files.js';
import type { ErrorGroup, RunSummary, TimeSpan } from '../questions/run-summary.js';
import { pickDistinct, seededRandom } from '../questions/seeded-random.js';
import { groupCount, groupKey } from '../scan/group-list.js';

export interface SyncTrackingClientOptions {
  storage: StorageAdapter;
  /** Key prefix under which `sync_tracking_datasets/` and `metadata/` live. */
  prefix?: string;
  /** A decode pool of your own (for example with more threads); defaults to a shared one. */
  decodePool?: DecodePool;
  /**
   * A local index for repeated lookups: `find` builds a run's index on first use (one scan of its
   * identifiers and payloads), keeps it in `directory`, and rebuilds it when the run's files change.
   * `true` uses the default directory (`$SYNCTRACK_INDEX_DIR`, else `~/.cache/synctrack/index`).
   */
  index?: boolean | { directory?: string };
}

export interface FindOptions extends ScanOptions {
  /** Use (and build on first use) the local index; defaults to the client's `index` option. */
  index?: boolean;
  /** Only these record fields (the others null), as `FilterOptions.columns`; find reads whole records either way. */
  columns?: RecordField[];
  /** Keep only these payload fields. */
  fields?: string[];
}

/** The records of one run that `findInSync` found. */
export interface RunMatches {
  run: RunInfo;
  records: SyncRecord[];
}

export interface FilterOptions extends RecordQuery {
  /** Stop after this many records. */
  limit?: number;
  /** Resume after the last record of a previous page (see `filterPage`). */
  cursor?: string;
  /** Keep only these payload fields. */
  fields?: string[];
  /**
   * Read only these record fields (the others come back null); defaults to all. Leaving out
   * `payload`, which is most of a file's bytes, makes a scan many times cheaper. `status` is read
   * whatever this says, and filled: every record's `outcome` is derived from it. The records, and
   * the fields asked, are the same whatever this holds.
   */
  columns?: RecordField[];
  signal?: AbortSignal;
  /** Called at the start, after each row group, and at the end (see `ScanProgress`). */
  onProgress?: ProgressListener;
}

export interface FilterJsonLinesOptions extends Omit<FilterOptions, 'columns'> {
  /**
   * The keys of each line's `RecordRow`, in order; every key without it. Only the columns these
   * need are read.
   */
  keys?: RecordRowKey[];
}

/** A row group's matches as JSON Lines (`filterJsonLines`). */
export interface JsonLinesBatch {
  /** UTF-8, one line per record, each ending in a newline. */
  lines: Uint8Array;
  /** How many records (lines). */
  count: number;
  /**
   * Optional: once done with `lines` (written out, copied), hand their memory back to the decoder,
   * which writes later lines into it instead of into new memory. `lines` reads as empty after.
   */
  release(): void;
}

/** Options every scan of a run takes. */
export interface ScanOptions {
  signal?: AbortSignal;
  /** Called at the start, after each row group, and at the end (see `ScanProgress`). */
  onProgress?: ProgressListener;
}

export interface RecordPage {
  records: SyncRecord[];
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
}

/** `size` records drawn from those the query (as `filter`'s) matches. */
export interface SampleOptions extends RecordQuery {
  size: number;
  /** The same seed gives the same sample; defaults to a random one. */
  seed?: string | number;
  /** Only these record fields (the others null), as `FilterOptions.columns`. */
  columns?: RecordField[];
  /** Keep only these payload fields. */
  fields?: string[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface ErrorsOptions {
  /** Group messages that differ only in ids, numbers, emails or quoted values. */
  templates?: boolean;
  /** Example identifiers per group (default 5). */
  examples?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RunDetails {
  run: ResolvedRun;
  metadata: RunMetadata | null;
  sourceObject: SourceObject | null;
  destination: Destination | null;
  destinationObject: DestinationObject | null;
}

/** Messages in UTF-16 code unit order, null last. */
function compareMessages(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function positiveInteger(value: unknown, argument: string, allowZero = false): number {
  if (!Number.isSafeInteger(value) || (value as number) < (allowZero ? 0 : 1)) {
    throw new InvalidArgumentError({
      message: `${argument} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}`,
      context: { argument },
    });
  }
  return value as number;
}

/** The columns a line of these row keys needs (the keys are column names, and `file`). */
function lineColumns(keys: readonly RecordRowKey[] | undefined): string[] {
  if (keys === undefined) return RECORD_OUTPUT_COLUMNS;
  if (!Array.isArray(keys)) {
    throw new InvalidArgumentError({ message: 'keys must be an array of record row keys', context: { argument: 'keys' } });
  }
  for (const key of keys) {
    if (!RECORD_ROW_KEYS.includes(key)) {
      throw new InvalidArgumentError({
        message: `Unknown record row key ${JSON.stringify(key)}: use ${RECORD_ROW_KEYS.join(', ')}`,
        context: { argument: 'keys' },
      });
    }
  }
  return keys.filter((key) => key !== 'file');
}

export class SyncTrackingClient {
  readonly storage: StorageAdapter;
  readonly prefix: string;
  private readonly scanner: RowGroupScanner;
  private readonly factTableCache = new Map<string, Promise<FactTables>>();
  private readonly indexDirectory: string | null;

  constructor(options: SyncTrackingClientOptions) {
    checkOptions(options, METHOD_OPTIONS.constructor, 'SyncTrackingClient');
    if (options?.storage?.specificationVersion !== 'v1') {
      throw new InvalidArgumentError({
        message: 'SyncTrackingClient needs a storage adapter implementing specification v1',
        context: { argument: 'storage' },
      });
    }
    this.storage = options.storage;
    this.prefix = normalizePrefix(options.prefix);
    this.scanner = new RowGroupScanner(this.storage, options.decodePool ?? sharedDecodePool(), new FooterCache(this.storage));
    const index = options.index ?? false;
    this.indexDirectory = index === false ? null : index === true ? defaultIndexDirectory() : (index.directory ?? defaultIndexDirectory());
  }

  // ── Discovery ────────────────────────────────────────────────────────────

  async listOrganizations(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listOrganizations');
    return listOrganizationIds(this.storage, this.prefix, options.signal);
  }

  async listSyncs(orgId: string, options: { signal?: AbortSignal } = {}): Promise<string[]> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listSyncs');
    return listSyncIds(this.storage, this.prefix, orgId, options.signal);
  }

  /** The runs of a sync, newest first. */
  async listRuns(orgId: string, syncId: string, options: { signal?: AbortSignal } = {}): Promise<RunInfo[]> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listRuns');
    return listRunInfos(this.storage, this.prefix, orgId, syncId, { signal: options?.signal });
  }

  /** The run's record files and metadata key; throws NOT_FOUND when the folder holds neither. */
  async listRunFiles(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunListing> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listRunFiles');
    return listRun(this.storage, this.resolve(run), options?.signal);
  }

  resolve(run: RunRef): ResolvedRun {
    return resolveRun(this.storage, this.prefix, run);
  }

  /** The run's metadata.json; null when the run has record files but no metadata; NOT_FOUND when there is no run. */
  async metadata(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunMetadata | null> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'metadata');
    const resolved = this.resolve(run);
    const metadata = await readRunMetadata(this.storage, resolved.folder, resolved.location, options.signal);
    // Without metadata, tell a run that has none from a run that does not exist.
    if (metadata === null) await listRun(this.storage, resolved, options.signal);
    return metadata;
  }

  /** The organization's fact tables (read once per client). */
  async factTables(orgId: string, options: { signal?: AbortSignal } = {}): Promise<FactTables> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'factTables');
    let tables = this.factTableCache.get(orgId);
    if (tables === undefined) {
      tables = readFactTables(this.storage, this.scanner, this.prefix, orgId, options.signal);
      tables.catch(() => this.factTableCache.delete(orgId));
      this.factTableCache.set(orgId, tables);
    }
    return tables;
  }

  /** The run's metadata with its source object, destination and destination object joined by id. */
  async describeRun(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunDetails> {
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'describeRun');
    const resolved = this.resolve(run);
    const metadata = await this.metadata(run, options);
    const orgId = metadata?.organizationId ?? resolved.ids?.orgId ?? null;
    const tables = orgId === null ? null : await this.factTables(orgId, options);
    const byId = <T extends { id: string }>(rows: T[] | undefined, id: string | null | undefined) =>
      (id === null || id === undefined ? undefined : rows?.find((row) => row.id === id)) ?? null;
    return {
      run: resolved,
      metadata,
      sourceObject: byId(tables?.sourceObjects, metadata?.sourceId),
      destination: byId(tables?.destinations, metadata?.destinationId),
      destinationObject: byId(tables?.destinationObjects, metadata?.destinationObjectId),
    };
  }

  // ── Records ──────────────────────────────────────────────────────────────

  /** Streams the records matching `options`, one row group in memory per file at a time. */
  async *filter(run: RunRef, options: FilterOptions = {}): AsyncGenerator<SyncRecord> {
    checkOptions(options, METHOD_OPTIONS.filter, 'filter');
    for await (const batch of this.filterBatches(run, options)) yield* batch;
  }

  /**
   * The records of `filter`, a row group's matches at a time (never an empty array): for consumers
   * of hundreds of thousands of records, who then pay one await per row group instead of one per
   * record (a CLI `filter --json` of 160k records spent ~0.3 s on the per-record iteration alone).
   */
  async *filterBatches(run: RunRef, options: FilterOptions = {}): AsyncGenerator<SyncRecord[]> {
    checkOptions(options, METHOD_OPTIONS.filter, 'filterBatches');
    for await (const batch of this.scanRecords(run, options)) if (batch.records.length > 0) yield batch.records;
  }

  /**
   * The records of `filter` as JSON Lines of their `RecordRow`s (what the CLI's `filter --json`
   * prints), a row group's lines at a time (never empty). The decode workers write the lines, so a
   * consumer that only passes them on (to stdout, a file, a socket) builds no records at all.
   */
  async *filterJsonLines(run: RunRef, options: FilterJsonLinesOptions = {}): AsyncGenerator<JsonLinesBatch> {
    checkOptions(options, METHOD_OPTIONS.filterJsonLines, 'filterJsonLines');
    const output = lineColumns(options.keys);
    const keys = options.keys === undefined ? [...RECORD_ROW_KEYS] : [...options.keys];
    const fields = payloadFields(options.fields);
    for await (const { result } of this.scanSelects(run, options, output, (file) => ({ keys, fileName: file.name, fields }))) {
      const count = result.rowIndexes.length;
      if (count > 0) yield { lines: result.lines!, count, release: result.releaseLines ?? (() => {}) };
      else result.releaseLines?.();
    }
  }

  /** One page of a filter, with a cursor to the next page; the viewer pages with this. */
  async filterPage(run: RunRef, options: FilterOptions & { limit: number }): Promise<RecordPage> {
    checkOptions(options, METHOD_OPTIONS.filter, 'filterPage');
    const limit = positiveInteger(options.limit, 'limit');
    const records: SyncRecord[] = [];
    let last: { batch: RecordBatch; index: number } | null = null;
    let more = false;
    // One record past the page tells whether a next page exists.
    scan: for await (const batch of this.scanRecords(run, { ...options, limit: limit + 1 })) {
      for (let index = 0; index < batch.records.length; index++) {
        if (records.length === limit) {
          more = true;
          break scan;
        }
        records.push(batch.records[index]!);
        last = { batch, index };
      }
    }
    return { records, nextCursor: more && last !== null ? last.batch.cursorAfter(last.index) : null };
  }

  /** Every record with one of these identifiers (duplicates included), in one pass over the run. */
  async find(
    run: RunRef,
    identifiers: string | number | Iterable<string | number>,
    options: FindOptions = {},
  ): Promise<SyncRecord[]> {
    checkOptions(options, METHOD_OPTIONS.find, 'find');
    const columns = recordOutputColumns(options.columns);
    const fields = payloadFields(options.fields);
    const ids = typeof identifiers === 'string' || typeof identifiers === 'number' ? [identifiers] : [...identifiers];
    if (ids.length === 0) return [];
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const useIndex = options.index ?? this.indexDirectory !== null;
    const records = useIndex ? await this.findIndexed(listing, ids.map(String), options) : await this.findByScan(listing, ids, options);
    if (columns === RECORD_OUTPUT_COLUMNS && fields === undefined) return records;
    // Whole records are read (a few, by contract), then shaped as a filter with these options would.
    return records.map((record) => projectRecord(fields === undefined ? record : { ...record, payload: projectPayload(record.payload, fields) }, columns));
  }

  /** The records with these identifiers in every run of a sync, newest run first; runs without any are left out. */
  async findInSync(
    orgId: string,
    syncId: string,
    identifiers: string | number | Iterable<string | number>,
    options: FindOptions = {},
  ): Promise<RunMatches[]> {
    checkOptions(options, METHOD_OPTIONS.find, 'findInSync');
    const ids = typeof identifiers === 'string' || typeof identifiers === 'number' ? [identifiers] : [...identifiers];
    const matches: RunMatches[] = [];
    for (const run of await this.listRuns(orgId, syncId, { signal: options.signal })) {
      const records = await this.find({ orgId: run.orgId, syncId: run.syncId, runId: run.runId }, ids, options);
      if (records.length > 0) matches.push({ run, records });
    }
    return matches;
  }

  /**
   * Builds (or rebuilds) the run's local index now: one scan of its identifiers and payloads.
   * Returns where it was written and what it covers.
   */
  async buildIndex(run: RunRef, options: ScanOptions & { directory?: string } = {}): Promise<BuildIndexStats> {
    checkOptions(options, METHOD_OPTIONS.buildIndex, 'buildIndex');
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const directory = options.directory ?? this.indexDirectory ?? defaultIndexDirectory();
    const progress = new ProgressTracker(listing.files, options.onProgress);
    const stats = await buildRunIndex(this.scanner, listing, indexPath(directory, listing.run.location), { signal: options.signal, progress });
    progress.finish();
    return stats;
  }

  /** The run's index, built or rebuilt when missing or stale. */
  private async openIndex(listing: RunListing, options: ScanOptions): Promise<IndexFile> {
    const directory = this.indexDirectory ?? defaultIndexDirectory();
    const path = indexPath(directory, listing.run.location);
    let index: IndexFile | null = null;
    try {
      index = await IndexFile.open(path);
    } catch (error) {
      // An unreadable index (another version, a crash mid-write elsewhere) is rebuilt, not trusted.
      if (!(error instanceof IndexFormatError)) throw error;
    }
    if (index !== null && indexMatches(index, listing)) return index;
    await index?.close();
    const progress = new ProgressTracker(listing.files, options.onProgress);
    await buildRunIndex(this.scanner, listing, path, { signal: options.signal, progress });
    progress.finish();
    const built = await IndexFile.open(path);
    if (built === null) throw new InternalError({ message: `The index written to ${path} cannot be read back` });
    return built;
  }

  private async findIndexed(listing: RunListing, ids: string[], options: FindOptions): Promise<SyncRecord[]> {
    const index = await this.openIndex(listing, options);
    try {
      const found: Array<{ location: RowLocation; record: SyncRecord }> = [];
      for (const id of new Set(ids)) {
        for (const location of await candidateRows(index, id)) {
          throwIfAborted(options.signal);
          const file = listing.files[location.fileIndex]!;
          const group = index.manifest.files[location.fileIndex]!.rowGroups[location.rowGroup]!;
          let cells = await readIndexedRow(this.storage, index, location, RECORD_OUTPUT_COLUMNS, options.signal);
          if (cells === null) cells = await this.readRowByScan(file, location, id, options);
          // A hash collision reads another identifier: not a match.
          if (cells === null || cells[RECORD_COLUMNS.identifier] == null || String(cells[RECORD_COLUMNS.identifier]) !== id) continue;
          const result: SelectResult = {
            kind: 'select',
            rowCount: group.numRows,
            matched: 1,
            rowIndexes: [location.row],
            columns: Object.fromEntries(Object.entries(cells).map(([column, value]) => [column, [value]])),
            nextRow: null,
          };
          for (const record of buildRecords(result, file, group.firstRow)) found.push({ location, record });
        }
      }
      found.sort((a, b) => a.location.fileIndex - b.location.fileIndex || a.location.rowGroup - b.location.rowGroup || a.location.row - b.location.row);
      return found.map((item) => item.record);
    } finally {
      await index.close();
    }
  }

  /** One row's record columns through the decoder, for files the index cannot read row by row (zstd, …). */
  private async readRowByScan(file: RunFile, location: RowLocation, id: string, options: ScanOptions): Promise<Record<string, CellValue> | null> {
    const predicate = compileQuery({ identifiers: [id] });
    const scanned = await this.selectInRowGroup(file, location.rowGroup, predicate, { startRow: location.row, limit: 1 }, options.signal);
    if (scanned === null || scanned.result.rowIndexes[0] !== location.row) return null;
    return Object.fromEntries(Object.entries(scanned.result.columns).map(([column, values]) => [column, values[0] ?? null]));
  }

  /** One row group's records through a select kernel; null when the file has no such row group. */
  private async selectInRowGroup(
    file: RunFile,
    rowGroup: number,
    predicate: RecordPredicate,
    range: { startRow: number; limit: number | null },
    signal?: AbortSignal,
  ): Promise<ScannedRowGroup<SelectResult> | null> {
    for await (const scanned of this.scanner.scan<SelectResult>(
      [file],
      (_footer, group) =>
        group === rowGroup ? { columns: RECORD_OUTPUT_COLUMNS, kernel: { kind: 'select', predicate, output: RECORD_OUTPUT_COLUMNS, ...range } } : null,
      { signal },
    )) {
      if (scanned.rowGroup === rowGroup) return scanned;
    }
    return null;
  }

  private async findByScan(listing: RunListing, ids: Array<string | number>, options: ScanOptions): Promise<SyncRecord[]> {
    const progress = new ProgressTracker(listing.files, options.onProgress);
    const predicate = compileQuery({ identifiers: ids });
    // Pass 1 reads only the identifier column. Each row group it finds a match in is read whole at
    // once (pass 2), while pass 1 goes on over the other row groups: the two overlap on the pool.
    const reads: Array<Promise<SyncRecord[]>> = [];
    try {
      for await (const { fileIndex, rowGroup, result } of this.scanner.scan<AggregateResult>(
        listing.files,
        () => ({ columns: [RECORD_COLUMNS.identifier], kernel: { kind: 'aggregate', predicate, groupings: [] } }),
        { signal: options.signal, progress },
      )) {
        if (result.matched === 0) continue;
        const read = this.readMatches(listing.files[fileIndex]!, rowGroup, predicate, options.signal);
        read.catch(() => undefined); // awaited below, in order
        reads.push(read);
      }
      // Pass 1 yields row groups in run order, so the records come back in run order.
      const records = (await Promise.all(reads)).flat();
      progress.finish();
      return records;
    } finally {
      // On failure, let reads already started settle before the caller moves on.
      await Promise.allSettled(reads);
    }
  }

  /** The whole records of one row group that match `predicate`. */
  private async readMatches(file: RunFile, rowGroup: number, predicate: RecordPredicate, signal?: AbortSignal): Promise<SyncRecord[]> {
    const scanned = await this.selectInRowGroup(file, rowGroup, predicate, { startRow: 0, limit: null }, signal);
    return scanned === null ? [] : buildRecords(scanned.result, file, scanned.footer.rowGroups[rowGroup]!.firstRow);
  }

  /** `size` distinct records drawn uniformly from those matching (all of them when fewer match). */
  async sample(run: RunRef, options: SampleOptions): Promise<SyncRecord[]> {
    checkOptions(options, METHOD_OPTIONS.sample, 'sample');
    const size = positiveInteger(options?.size, 'size');
    const { size: _size, seed: _seed, columns: _columns, fields: _fields, signal: _signal, onProgress: _onProgress, ...query } = options;
    const predicate = compileQuery(query);
    const output = recordOutputColumns(options.columns);
    const fields = payloadFields(options.fields);
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const progress = new ProgressTracker(listing.files, options.onProgress);
    const needsStatus = predicateColumns(predicate).length > 0;
    // Pass 1: how many records match in each row group (free from the footer when nothing is filtered).
    const units: Array<{ key: string; rowGroup: number; matched: number }> = [];
    for await (const { footer, rowGroup, result } of this.scanner.scan<AggregateResult>(
      listing.files,
      (footer, rowGroup) =>
        needsStatus
          ? { columns: predicateColumns(predicate), kernel: { kind: 'aggregate', predicate, groupings: [] } }
          : (units.push({ key: footer.key, rowGroup, matched: footer.rowGroups[rowGroup]!.numRows }), null),
      { signal: options.signal, progress },
    )) {
      units.push({ key: footer.key, rowGroup, matched: result.matched });
    }
    const total = units.reduce((sum, unit) => sum + unit.matched, 0);
    const random = seededRandom(options.seed ?? Math.random());
    const picks = pickDistinct(total, size, random);
    // Pass 2: read only the row groups holding a pick, and only the picked rows from them.
    const ordinals = new Map<string, number[]>();
    let unitIndex = 0;
    let unitStart = 0;
    for (const pick of picks) {
      while (pick >= unitStart + units[unitIndex]!.matched) unitStart += units[unitIndex++]!.matched;
      const unit = units[unitIndex]!;
      const id = `${unit.key}\u0000${unit.rowGroup}`;
      const wanted = ordinals.get(id);
      if (wanted === undefined) ordinals.set(id, [pick - unitStart]);
      else wanted.push(pick - unitStart);
    }
    const records: SyncRecord[] = [];
    for await (const { fileIndex, footer, rowGroup, result } of this.scanner.scan<SelectResult>(
      listing.files,
      (footer, rowGroup) => {
        const wanted = ordinals.get(`${footer.key}\u0000${rowGroup}`);
        return wanted === undefined
          ? null
          : {
              columns: [...new Set([...predicateColumns(predicate), ...output])],
              kernel: { kind: 'select', predicate, output, startRow: 0, limit: null, ordinals: wanted },
            };
      },
      { signal: options.signal, progress, countRows: false },
    )) {
      records.push(...buildRecords(result, listing.files[fileIndex]!, footer.rowGroups[rowGroup]!.firstRow, fields));
    }
    progress.finish();
    return records;
  }

  // ── Summaries ────────────────────────────────────────────────────────────

  async summary(run: RunRef, options: ScanOptions = {}): Promise<RunSummary> {
    checkOptions(options, METHOD_OPTIONS.summary, 'summary');
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const progress = new ProgressTracker(listing.files, options.onProgress);
    const resolved = listing.run;
    const metadata = listing.metadataKey === null ? null : await this.metadata(run, { signal: options.signal });
    const statuses = new Map<string | null, number>();
    const operations = new Map<string | null, number>();
    const batchTypes = new Map<string, { files: number; count: number }>();
    let started: TimeSpan | null = null;
    let ended: TimeSpan | null = null;
    const widen = (span: TimeSpan | null, next: { min: number; max: number } | null | undefined): TimeSpan | null => {
      if (!next) return span;
      if (span === null) return { first: new Date(next.min), last: new Date(next.max) };
      return {
        first: next.min < span.first.getTime() ? new Date(next.min) : span.first,
        last: next.max > span.last.getTime() ? new Date(next.max) : span.last,
      };
    };
    for (const file of listing.files) {
      const entry = batchTypes.get(file.batchType) ?? { files: 0, count: 0 };
      entry.files++;
      batchTypes.set(file.batchType, entry);
    }
    // Batch time spans, and an operation column holding a single value, come from the footers'
    // exact statistics where the writer recorded them; only the rest is decoded.
    const timeColumns = [RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt];
    const addOperation = (operation: string | null, count: number) =>
      count > 0 && operations.set(operation, (operations.get(operation) ?? 0) + count);
    let total = 0;
    for await (const { fileIndex, result } of this.scanner.scan<AggregateResult>(
      listing.files,
      (footer, rowGroup) => {
        const group = footer.rowGroups[rowGroup]!;
        const decodeTimes = timeColumns.filter((column) => {
          if (!footer.columnNames.includes(column)) return false;
          const stats = group.statistics.get(column);
          if (typeof stats?.min !== 'number' || typeof stats.max !== 'number' || stats.nullCount === null) return true;
          const span = { min: stats.min, max: stats.max };
          if (column === RECORD_COLUMNS.batchStartedAt) started = widen(started, span);
          else ended = widen(ended, span);
          return false;
        });
        const operationStats = group.statistics.get(RECORD_COLUMNS.operation);
        const singleOperation =
          !footer.columnNames.includes(RECORD_COLUMNS.operation) ||
          (typeof operationStats?.min === 'string' && operationStats.min === operationStats.max && operationStats.nullCount !== null);
        if (singleOperation) {
          const nulls = operationStats?.nullCount ?? group.numRows;
          addOperation(operationStats?.min === undefined ? null : (operationStats.min as string), group.numRows - nulls);
          addOperation(null, nulls);
        }
        const groupings = singleOperation ? [[RECORD_COLUMNS.status]] : [[RECORD_COLUMNS.status], [RECORD_COLUMNS.operation]];
        return {
          columns: [...groupings.flat(), ...decodeTimes],
          kernel: { kind: 'aggregate', predicate: {}, groupings, timeColumns: decodeTimes },
        };
      },
      { signal: options.signal, progress },
    )) {
      total += result.matched;
      batchTypes.get(listing.files[fileIndex]!.batchType)!.count += result.matched;
      const byStatus = result.groups[0]!;
      for (let group = 0; group < groupCount(byStatus); group++) {
        const status = groupKey(byStatus, group);
        statuses.set(status, (statuses.get(status) ?? 0) + byStatus.counts[group]!);
      }
      const byOperation = result.groups[1];
      for (let group = 0; byOperation !== undefined && group < groupCount(byOperation); group++) {
        addOperation(groupKey(byOperation, group), byOperation.counts[group]!);
      }
      started = widen(started, result.timeSpans[RECORD_COLUMNS.batchStartedAt]);
      ended = widen(ended, result.timeSpans[RECORD_COLUMNS.batchEndedAt]);
    }
    progress.finish();
    const byOutcome = Object.fromEntries(RECORD_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RecordOutcome, number>;
    for (const [status, count] of statuses) byOutcome[outcomeOf(status)] += count;
    const byCount = <K>(map: Map<K, number>) => [...map].sort((a, b) => b[1] - a[1]);
    return {
      run: resolved,
      total,
      byStatus: byCount(statuses).map(([status, count]) => ({ status, count })),
      byOutcome,
      byOperation: byCount(operations).map(([operation, count]) => ({ operation, count })),
      byBatchType: [...batchTypes].map(([batchType, entry]) => ({ batchType, ...entry })),
      batchStartedAt: started,
      batchEndedAt: ended,
      files: listing.files.length,
      bytes: listing.files.reduce((sum, file) => sum + file.size, 0),
      metadata,
    };
  }

  /** Rejected records grouped by message, largest group first; ties by message (UTF-16 code units), no message last. */
  async errors(run: RunRef, options: ErrorsOptions = {}): Promise<ErrorGroup[]> {
    checkOptions(options, METHOD_OPTIONS.errors, 'errors');
    const examples = options.examples === undefined ? 5 : positiveInteger(options.examples, 'examples', true);
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const progress = new ProgressTracker(listing.files, options.onProgress);
    const predicate = compileQuery({ outcome: 'rejected' });
    // With templates, the distinct messages each template covers are counted too.
    const groups = new Map<string | null, ErrorGroup & { variants?: Set<string | null> }>();
    for await (const { result } of this.scanner.scan<AggregateResult>(
      listing.files,
      () => ({
        columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage, RECORD_COLUMNS.identifier],
        kernel: {
          kind: 'aggregate',
          predicate,
          groupings: [[RECORD_COLUMNS.statusMessage]],
          examples: { grouping: 0, column: RECORD_COLUMNS.identifier, perGroup: examples },
        },
      }),
      { signal: options.signal, progress },
    )) {
      const byMessage = result.groups[0]!;
      for (let group = 0; group < groupCount(byMessage); group++) {
        const message = groupKey(byMessage, group);
        const key = options.templates && message !== null ? messageTemplate(message) : message;
        const from = group === 0 ? 0 : byMessage.exampleEnds[group - 1]!;
        const end = byMessage.exampleEnds[group]!;
        let entry = groups.get(key);
        // Example arrays are made at their size (slice, concat): a push onto an empty array
        // reserves 17 slots, and a 10M run holds 267k groups.
        if (entry === undefined) {
          entry = { statusMessage: key, count: 0, examples: byMessage.examples.slice(from, Math.min(end, from + examples)) };
          if (options.templates) entry.variants = new Set();
          groups.set(key, entry);
        } else if (entry.examples.length < examples && from < end) {
          entry.examples = entry.examples.concat(byMessage.examples.slice(from, Math.min(end, from + examples - entry.examples.length)));
        }
        entry.count += byMessage.counts[group]!;
        entry.variants?.add(message);
      }
    }
    progress.finish();
    // Ties in UTF-16 code unit order: a locale-aware comparison made sorting 54k groups cost
    // ~200 ms, more than reading them.
    const sorted = [...groups.values()].sort((a, b) => b.count - a.count || compareMessages(a.statusMessage, b.statusMessage));
    if (!options.templates) return sorted;
    return sorted.map(({ statusMessage, count, examples: kept, variants }) => ({ statusMessage, count, examples: kept, messages: variants!.size }));
  }

  // ── Internals ────────────────────────────────────────────────────────────

  /**
   * The matching records of each row group in turn, cut at `limit`, with a cursor to resume after
   * any of them (made only when asked for: a page needs one). A batch per row group, not a promise
   * per record: a filter streaming 800k records spends its time on them, not on the iteration.
   */
  private async *scanRecords(run: RunRef, options: FilterOptions): AsyncGenerator<RecordBatch> {
    const output = recordOutputColumns(options.columns);
    const fields = payloadFields(options.fields);
    for await (const { file, firstRow, result, cursorAfter } of this.scanSelects(run, options, output)) {
      const records = buildRecords(result, file, firstRow, fields);
      yield { records, cursorAfter };
    }
  }

  /**
   * The select of each row group in turn (`output` columns, or lines when `lines` is given), cut
   * at `limit`, with a cursor to resume after any of its rows.
   */
  private async *scanSelects(
    run: RunRef,
    options: Omit<FilterOptions, 'columns'>,
    output: string[],
    lines?: (file: RunFile) => LinesRequest,
  ): AsyncGenerator<SelectedRows> {
    const predicate = compileQuery(options);
    const limit = options.limit === undefined ? null : positiveInteger(options.limit, 'limit');
    const listing = await this.listRunFiles(run, { signal: options.signal });
    const progress = new ProgressTracker(listing.files, options.onProgress);
    // A cursor belongs to one run and one filter.
    const fingerprint = queryFingerprint({ run: listing.run.folder, predicate });
    let fromFile = 0;
    let fromRowGroup = 0;
    let startRow = 0;
    if (options.cursor !== undefined) {
      const position = decodeCursor(options.cursor, fingerprint);
      const index = listing.files.findIndex((file) => file.name === position.file);
      if (index < 0) {
        throw new InvalidArgumentError({
          message: `The cursor points into ${position.file}, which is no longer in ${listing.run.location}`,
          context: { argument: 'cursor', location: listing.run.location },
        });
      }
      fromFile = index;
      fromRowGroup = position.rowGroup;
      startRow = position.row;
    }
    let remaining = limit;
    // The cursor's row applies only in the row group it points into.
    const cursorFileKey = listing.files[fromFile]?.key;
    const filesByKey = new Map(listing.files.map((file) => [file.key, file]));
    for await (const { fileIndex, footer, rowGroup, result } of this.scanner.scan<SelectResult>(
      listing.files,
      (footer, rowGroup) => {
        const first = footer.key === cursorFileKey && rowGroup === fromRowGroup ? startRow : 0;
        const kernel: SelectKernel = { kind: 'select', predicate, output, startRow: first, limit: remaining };
        if (lines !== undefined) kernel.lines = lines(filesByKey.get(footer.key)!);
        return { columns: [...new Set([...predicateColumns(predicate), ...output])], kernel };
      },
      {
        fromFile,
        fromRowGroup,
        signal: options.signal,
        rampUp: limit !== null,
        // Lines are bytes, passed on as they come: the scanner's own window, not the smaller one for records.
        window: lines === undefined ? this.scanner.recordWindow : undefined,
        progress,
      },
    )) {
      // Kernels made ahead of the scan were given the limit left then: cut what came back.
      const selected = remaining !== null && result.rowIndexes.length > remaining ? firstMatches(result, remaining) : result;
      const file = listing.files[fileIndex]!;
      const rows = selected.rowIndexes;
      yield {
        file,
        firstRow: footer.rowGroups[rowGroup]!.firstRow,
        result: selected,
        cursorAfter: (index) => encodeCursor({ file: file.name, rowGroup, row: rows[index]! + 1 }, fingerprint),
      };
      if (remaining !== null && (remaining -= rows.length) <= 0) break;
    }
    progress.finish();
  }
}

/** A row group's select, as a filter consumes it. */
interface SelectedRows {
  file: RunFile;
  /** The row group's first row in its file. */
  firstRow: number;
  result: SelectResult;
  /** A cursor to resume after the `index`-th row of `result`. */
  cursorAfter(index: number): string;
}

/** The records one row group gave a filter. */
interface RecordBatch {
  records: SyncRecord[];
  /** A cursor to resume after `records[index]`. */
  cursorAfter(index: number): string;
}
