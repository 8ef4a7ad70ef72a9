// The identifier sets of two runs: each run's identifiers scanned into partitions (the `index`
// kernel packing entries in the decode workers, identifier-spill.ts keeping them), then compared
// a partition at a time on each thread of the decode pool (scan/identifier-partition.ts). Memory
// holds at most a budget of entries per run plus a few partitions of both (one per thread, and one
// more); the answer is exact whatever the hashes do.
import { UnsupportedError } from '../errors/unsupported-error.js';
import { throwIfAborted } from '../storage/throw-if-aborted.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunListing } from '../runs/run-files.js';
import type { DecodeTask, IndexResult, PartitionResult } from '../scan/decode-protocol.js';
import { ProgressTracker, type ProgressListener } from '../scan/scan-progress.js';
import type { DecodePool } from '../scan/decode-pool.js';
import { IDENTIFIER_SETS, markRows, noCounts, RowBitmap, type IdentifierCounts, type IdentifierRowSets } from '../scan/identifier-partition.js';
import { IdentifierSpill, SpillFolder } from './identifier-spill.js';
import type { QuestionContext } from './question-context.js';

/**
 * 128 partitions: a run of 10M records holds ~2.2 MB of entries in each. Partitions are compared
 * a few at a time, one per thread and one more (`compareIdentifiers`), each with its tables: at 64,
 * two 10M-record runs peaked 25-30 MB higher (486-499 MiB against 452-471, synctrack diff), at the
 * same speed.
 */
const PARTITION_BITS = 7;

/** Entries of one run held in memory before partitions are written out (a 2M-record run holds ~56 MB: a few partitions of it go). */
export const DEFAULT_SPILL_BUDGET = 48 * 1024 * 1024;

/** One run as scanned for a comparison. */
export interface ScannedRun {
  listing: RunListing;
  /** Each file's first row in the run, by key (files without rows are left out). */
  fileRows: Map<string, number>;
  rows: number;
  outcomes: [number, number, number];
  spill: IdentifierSpill;
}

export interface IdentifierScanOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  spillBudget?: number;
}

/** Scans one run's identifiers and statuses into partitions on `folder`. */
export async function scanIdentifiers(
  context: QuestionContext,
  listing: RunListing,
  name: string,
  folder: SpillFolder,
  options: IdentifierScanOptions,
): Promise<ScannedRun> {
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const spill = new IdentifierSpill(1 << PARTITION_BITS, name, folder, options.spillBudget ?? DEFAULT_SPILL_BUDGET);
  const fileRows = new Map<string, number>();
  const outcomes: [number, number, number] = [0, 0, 0];
  let rows = 0;
  try {
    for await (const { result } of context.scanner.scan<IndexResult>(
      listing.files,
      (footer, rowGroup) => {
        // Files are planned in order: a file's first row is the rows of the files before it.
        let fileRow = fileRows.get(footer.key);
        if (fileRow === undefined) {
          fileRow = rows;
          fileRows.set(footer.key, rows);
          rows += footer.numRows;
          if (rows > 0xffffffff) {
            throw new UnsupportedError({
              message: `${listing.run.location} holds more than 2^32 records: too many to compare`,
              context: { location: listing.run.location },
            });
          }
        }
        return {
          columns: [RECORD_COLUMNS.identifier, RECORD_COLUMNS.status],
          kernel: {
            kind: 'index',
            identifierColumn: RECORD_COLUMNS.identifier,
            mapColumns: [],
            entries: { statusColumn: RECORD_COLUMNS.status, partitionBits: PARTITION_BITS, firstRow: fileRow + footer.rowGroups[rowGroup]!.firstRow },
          },
        };
      },
      { signal: options.signal, progress },
    )) {
      const entries = result.entries!;
      for (let outcome = 0; outcome < 3; outcome++) outcomes[outcome]! += entries.outcomes[outcome]!;
      await spill.add(entries);
    }
    progress.finish();
    return { listing, fileRows, rows, outcomes, spill };
  } catch (error) {
    await spill.close();
    throw error;
  }
}

/**
 * The five counts, and each set's rows (head rows; base rows for `removed`). Partitions are
 * compared on the decode pool, on every thread it decodes on (`partition` tasks).
 */
export async function compareIdentifiers(
  base: ScannedRun,
  head: ScannedRun,
  pool: DecodePool,
  signal?: AbortSignal,
): Promise<{ counts: IdentifierCounts; sets: IdentifierRowSets }> {
  const counts = noCounts();
  const sets = Object.fromEntries(
    IDENTIFIER_SETS.map((set) => [set, new RowBitmap(set === 'removed' ? base.rows : head.rows)]),
  ) as IdentifierRowSets;
  let next = 0;
  const compareNext = async (): Promise<void> => {
    for (let partition = next++; partition < base.spill.partitions; partition = next++) {
      throwIfAborted(signal);
      const baseWords = base.spill.partitionWords(partition);
      const words = baseWords + head.spill.partitionWords(partition);
      if (words === 0) continue;
      const bytes = pool.buffers.take(words * 4);
      const entries = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
      // The base's entries first, then the head's.
      const [, end] = await Promise.all([base.spill.takePartition(partition, entries, 0), head.spill.takePartition(partition, entries, baseWords)]);
      const task: Omit<DecodeTask, 'id' | 'type'> = {
        file: `compareRuns partition ${partition}`,
        fileSize: bytes.length,
        rowGroup: partition,
        numRows: 0,
        columns: [],
        ranges: [{ offset: 0, bytes }],
        kernel: { kind: 'partition', headStart: baseWords, end },
        weight: bytes.length,
      };
      const result = (await pool.decode(task, readsNoFile)) as PartitionResult;
      for (const set of IDENTIFIER_SETS) counts[set] += result.counts[set];
      markRows(result.rows, sets);
    }
  };
  // One more than the pool's threads, so that each has its next partition read and waiting (a
  // worker holds two at a time when the calling thread decodes too; this leaves that thread one).
  // Where each runs is the pool's to decide: a small run's partitions (a few KB) on this thread.
  await Promise.all(Array.from({ length: pool.decoders + 1 }, compareNext));
  return { counts, sets };
}

/** A partition task's answer to a request for file bytes: it reads none. */
function readsNoFile(): Promise<Uint8Array> {
  return Promise.reject(new Error('a compareRuns partition reads no file'));
}
