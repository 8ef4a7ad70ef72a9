// The messages between the main thread and a decode worker. Everything here is structured-clone
// safe: byte ranges travel as transferred buffers, results as plain arrays.
import type { RecordOutcome } from '../model/record-outcome.js';
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import type { MessagePort } from 'node:worker_threads';
import type { ValueMap } from '../parquet/value-map.js';
import type { GroupList } from './group-list.js';
import type { IdentifierEntries, IdentifierEntriesRequest } from './identifier-entries.js';
import type { IdentifierCounts, IdentifierSetName } from './identifier-partition.js';
import type { CellValue, LinesRequest, SelectResult } from '../records/decoded-rows.js';

/** A serialisable record filter, evaluated inside the worker. Fields are AND-ed; each list is OR-ed. */
export interface RecordPredicate {
  /** Raw status values; `null` matches SQL NULL. */
  statuses?: Array<string | null>;
  outcomes?: RecordOutcome[];
  operations?: string[];
  messageEquals?: string;
  messagePattern?: { source: string; flags: string };
  /** Only records without a status message. */
  messageIsNull?: boolean;
  /** Messages whose masked template equals this. */
  messageTemplate?: string;
  identifiers?: string[];
  /** Epoch milliseconds, inclusive. */
  batchStartedFrom?: number;
  /** Epoch milliseconds, exclusive. */
  batchStartedBefore?: number;
}

/** Returns matching rows of one row group. */
export interface SelectKernel {
  kind: 'select';
  predicate: RecordPredicate;
  /** Columns whose values come back. */
  output: string[];
  /** Row index within the row group to start from (a cursor). */
  startRow: number;
  /** Stop after this many matches. */
  limit: number | null;
  /** Return only the matches with these ordinals (0 = first match from startRow), ascending. */
  ordinals?: number[];
  /** Return the matches as JSON Lines instead of columns (`SelectResult.lines`). */
  lines?: LinesRequest;
}

/** Counts matching rows of one row group by one or more groupings. */
export interface AggregateKernel {
  kind: 'aggregate';
  predicate: RecordPredicate;
  /** Each grouping is a list of columns; counts come back per distinct key. */
  groupings: string[][];
  /**
   * Keep up to `perGroup` values of `column` as examples for each key of `grouping`; with `ranks`,
   * each with its place in the row group's row order (`GroupList.exampleRanks`). With `held` (a
   * `HeldKeys` buffer, held-keys.ts), a path that has the keys' hashes may keep none for a key
   * whose hash is there: the caller checks (questions/errors.ts, `MessageGroups.short`).
   */
  examples?: { grouping: number; column: string; perGroup: number; ranks?: boolean; held?: SharedArrayBuffer };
  /** Columns whose min and max (epoch ms) come back. */
  timeColumns?: string[];
  /**
   * A one-column grouping's keys and its examples come as UTF-8 bytes (`GroupList.keyBytes`,
   * `GroupList.exampleBytes`) where the path has them, not as strings.
   */
  bytes?: boolean;
}

/**
 * Hashes each row's identifier and maps where the values of PLAIN text columns lie, for the local
 * index (see index/). Needs every column in JavaScript-decodable form.
 */
export interface IndexKernel {
  kind: 'index';
  identifierColumn: string;
  /** Columns whose value maps come back (null for a chunk that cannot be mapped). */
  mapColumns: string[];
  /**
   * Instead of hashes and maps: each identifier packed with its hash, row and outcome, grouped by
   * partition (compareRuns; see identifier-entries.ts). Reads `statusColumn` too.
   */
  entries?: IdentifierEntriesRequest;
}

/**
 * Compares one partition of two runs' identifier entries (compareRuns; identifier-partition.ts).
 * Not a row group: the task's one range holds the base's entries in words [0, headStart) and the
 * head's in [headStart, end); its `file` names the partition.
 */
export interface PartitionKernel {
  kind: 'partition';
  headStart: number;
  end: number;
}

export type DecodeKernel = SelectKernel | AggregateKernel | IndexKernel | PartitionKernel;

export interface DecodeRange {
  offset: number;
  bytes: Uint8Array;
}

export interface DecodeTask {
  type: 'decode';
  id: number;
  file: string;
  fileSize: number;
  rowGroup: number;
  numRows: number;
  /** Columns to read that exist in the file (kernel columns missing from it read as null). */
  columns: string[];
  ranges: DecodeRange[];
  kernel: DecodeKernel;
  /** Uncompressed bytes of the columns read: the pool keeps heavy tasks on one worker. */
  weight: number;
  /**
   * Part of `weight` the JavaScript decoder reads through a small window, not whole (late text
   * columns of a select, see text-rows.ts): it does not make a task heavy.
   */
  windowedBytes?: number;
  /**
   * Layouts of the columns the JavaScript page decoder can read (in `columns` order, null for the
   * others). Those are decoded without parquet-wasm; absent, everything goes through parquet-wasm.
   */
  chunks?: Array<ChunkLayout | null>;
}

export interface AggregateGroup {
  key: Array<string | null>;
  count: number;
  examples: Array<string | null>;
  /** Each example's row (or rank among the rows kept): see `GroupList.exampleRanks`. */
  exampleRanks: number[];
}

export interface AggregateResult {
  kind: 'aggregate';
  rowCount: number;
  matched: number;
  /** One list per grouping asked for. */
  groups: GroupList[];
  timeSpans: Record<string, { min: number; max: number } | null>;
}

export interface IndexResult {
  kind: 'index';
  rowCount: number;
  /** Rows (within the row group) with a non-null identifier, and their hashes. */
  rows: Uint32Array;
  hashHigh: Uint32Array;
  hashLow: Uint32Array;
  maps: Record<string, ValueMap | null>;
  /** With `IndexKernel.entries` (then `rows` and the hashes are empty). */
  entries?: IdentifierEntries;
}

export interface PartitionResult {
  kind: 'partition';
  counts: IdentifierCounts;
  /** Each set's rows the partition marks (the head's; the base's for `removed`). */
  rows: Record<IdentifierSetName, Uint32Array>;
}

export type DecodeResult = SelectResult | AggregateResult | IndexResult | PartitionResult;

/** Worker → main. */
export type WorkerMessage =
  /** `buffers`: the task's range buffers, handed back for the next reads. */
  | { type: 'result'; id: number; result: DecodeResult; buffers: ArrayBuffer[] }
  /** `failure`: whose fault it is, decided where the task's bytes are (see decode-failure.ts). */
  | { type: 'failed'; id: number; failure: DecodeFailure }
  | { type: 'fetch'; id: number; start: number; end: number }
  /** The worker's module has loaded: a death before this is a failure to start. */
  | { type: 'ready'; id: 0 };

/**
 * The exit code of a worker that ended itself because its parquet-wasm instance is poisoned (a
 * panic, or a failed read, which may panic later): it has reported the task it was running, and
 * the tasks still waiting in it have not started, so they are sent again elsewhere.
 */
export const POISONED_EXIT_CODE = 70;

/** What a decode worker starts with. */
export interface DecodeWorkerData {
  /**
   * Where the main thread hands back the memory of a result's `lines` (an ArrayBuffer per
   * message) once it has copied them out. The worker takes them synchronously before it writes
   * lines, even while a task keeps it from its event loop.
   */
  spareLines: MessagePort;
}

/** Main → worker, answering a `fetch`; `bytes` is null when storage failed. */
export interface FetchReply {
  type: 'fetched';
  id: number;
  start: number;
  bytes: Uint8Array | null;
}

/** How sure we are whose fault a failure is (see decode-failure.ts). */
export type FailureVerdict = 'data' | 'internal' | 'unknown';

export interface RecheckResult {
  defect: { column: string; message: string } | null;
  unchecked: string[];
}

/** A failure's description as it crosses from a worker: structured-clone safe. */
export interface DecodeFailure {
  verdict: FailureVerdict;
  message: string;
  /** For a verdict reached by `recheckChunks`. */
  recheck?: RecheckResult;
  /** The original error's name and stack, for `--debug`. */
  name?: string;
  stack?: string;
}
