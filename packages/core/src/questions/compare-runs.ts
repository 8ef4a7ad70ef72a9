// compareRuns: what changed from a base run to a head run. Outcome counts in each and their change;
// per identifier (records without one are left out) the five sets below; error groups of both runs
// side by side; and each set's records, streamed. Definitions, with present(run) the identifiers
// with a record in the run and failing(run) those with a rejected or invalid record:
//   newlyFailing = failing(head) − failing(base)
//   fixed        = (failing(base) ∩ present(head)) − failing(head)
//   stillFailing = failing(base) ∩ failing(head)
//   added        = present(head) − present(base)
//   removed      = present(base) − present(head)
// Each run is read once for identifiers and statuses (identifier-sets.ts), once for its error
// messages (compare-errors.ts); all four scans overlap on the decode pool.
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { RECORD_OUTCOMES, type RecordOutcome } from '../model/record-outcome.js';
import type { SyncRecord } from '../model/sync-record.js';
import { readRunMetadata } from '../runs/run-discovery.js';
import type { ResolvedRun } from '../runs/run-files.js';
import type { ProgressListener, ScanProgress } from '../scan/scan-progress.js';
import { MessageCounts, compareErrorGroups, countMessages, type ErrorGroupChange } from './compare-errors.js';
import { markedRecordBatches, type CompareRecordsOptions } from './compare-records.js';
import { IDENTIFIER_SETS, type IdentifierCounts, type IdentifierRowSets, type IdentifierSetName } from '../scan/identifier-partition.js';
import { compareIdentifiers, scanIdentifiers, type ScannedRun } from './identifier-sets.js';
import { SpillFolder } from './identifier-spill.js';
import { listRunFiles, type QuestionContext, type ScanOptions } from './question-context.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkOptions } from './option-check.js';

export type { IdentifierCounts, IdentifierSetName } from '../scan/identifier-partition.js';
export type { ErrorGroupChange } from './compare-errors.js';
export type { CompareRecordsOptions } from './compare-records.js';

export interface CompareRunsOptions extends ScanOptions {
  /** Group error messages by template (see `messageTemplate`), as `errors({ templates: true })`. */
  templates?: boolean;
  /**
   * Where the identifiers of big runs are spilled while they are compared (a temporary folder
   * inside it, removed before `compareRuns` returns); defaults to the system's temporary folder.
   */
  tempDirectory?: string;
}

export const COMPARE_RUNS_OPTIONS = ['signal', 'onProgress', 'templates', 'tempDirectory'] as const;
export const COMPARE_RECORDS_OPTIONS = ['signal', 'onProgress', 'columns', 'payloadFields', 'offset', 'limit'] as const;

/** One run of a comparison. */
export interface ComparedRun {
  run: ResolvedRun;
  /** The run's start, from its metadata.json; null without one. */
  startedAt: Date | null;
  total: number;
  byOutcome: Record<RecordOutcome, number>;
}

export interface OutcomeChange {
  base: number;
  head: number;
  change: number;
}

export interface RunComparison {
  base: ComparedRun;
  head: ComparedRun;
  /** Records by outcome in each run, and `head - base`. */
  outcomes: Record<RecordOutcome, OutcomeChange>;
  /** How many identifiers are in each set. */
  identifiers: IdentifierCounts;
  /** Messages (or templates) of rejected records in either run, largest absolute change first. */
  errors: ErrorGroupChange[];
  /**
   * Every record, in the head run, of the set's identifiers (in the base run for `removed`), in
   * run order. Reads only the row groups holding them.
   */
  records(set: IdentifierSetName, options?: CompareRecordsOptions): AsyncGenerator<SyncRecord>;
  /** The records of `records`, a row group's at a time (never an empty array). */
  recordBatches(set: IdentifierSetName, options?: CompareRecordsOptions): AsyncGenerator<SyncRecord[]>;
}

/** Progress of the two identifier scans as one: their files, rows and bytes added up. */
function combinedProgress(listener: ProgressListener | undefined): [ProgressListener | undefined, ProgressListener | undefined] {
  if (listener === undefined) return [undefined, undefined];
  const sides: Array<ScanProgress | null> = [null, null];
  const emit = () => {
    if (sides[0] === null || sides[1] === null) return;
    const [a, b] = sides as [ScanProgress, ScanProgress];
    listener({
      filesTotal: a.filesTotal + b.filesTotal,
      filesDone: a.filesDone + b.filesDone,
      rowsTotal: a.rowsTotal === null || b.rowsTotal === null ? null : a.rowsTotal + b.rowsTotal,
      rowsDone: a.rowsDone + b.rowsDone,
      bytesTotal: a.bytesTotal + b.bytesTotal,
      bytesDone: a.bytesDone + b.bytesDone,
    });
  };
  return [0, 1].map((side) => (progress: ScanProgress) => {
    sides[side] = { ...progress };
    emit();
  }) as [ProgressListener, ProgressListener];
}

function comparedRun(scanned: ScannedRun, startedAt: Date | null): ComparedRun {
  const [success, rejected, invalid] = scanned.outcomes;
  return { run: scanned.listing.run, startedAt, total: success + rejected + invalid, byOutcome: { success, rejected, invalid } };
}

function checkSet(set: unknown): IdentifierSetName {
  if (!IDENTIFIER_SETS.includes(set as IdentifierSetName)) {
    throw new InvalidArgumentError({
      message: `Unknown identifier set ${JSON.stringify(set)}: use ${IDENTIFIER_SETS.join(', ')}`,
      context: { argument: 'set' },
    });
  }
  return set as IdentifierSetName;
}

/**
 * `guard` runs before each batch of the set streams: the client's check that it is still open.
 */
export async function compareRuns(
  context: QuestionContext,
  base: RunRef,
  head: RunRef,
  options: CompareRunsOptions,
  guard: () => void = () => undefined,
): Promise<RunComparison> {
  const { signal } = options;
  const templates = options.templates === true;
  const [baseListing, headListing] = await Promise.all([listRunFiles(context, base, signal), listRunFiles(context, head, signal)]);
  const metadata = (listing: typeof baseListing) =>
    listing.metadataKey === null ? Promise.resolve(null) : readRunMetadata(context.storage, listing.run.folder, listing.run.location, signal);
  const folder = new SpillFolder(options.tempDirectory);
  const [baseProgress, headProgress] = combinedProgress(options.onProgress);
  const scans: Array<Promise<ScannedRun>> = [];
  try {
    scans.push(scanIdentifiers(context, baseListing, 'base', folder, { signal, onProgress: baseProgress }));
    scans.push(scanIdentifiers(context, headListing, 'head', folder, { signal, onProgress: headProgress }));
    const messages = new MessageCounts();
    const [baseScan, headScan, , , baseMetadata, headMetadata] = await Promise.all([
      scans[0]!,
      scans[1]!,
      countMessages(context, baseListing, 'base', messages, signal),
      countMessages(context, headListing, 'head', messages, signal),
      metadata(baseListing),
      metadata(headListing),
    ]);
    messages.finish();
    const { counts, sets } = await compareIdentifiers(baseScan, headScan, context.scanner.pool, signal);
    const baseRun = comparedRun(baseScan, baseMetadata?.runStartedAt ?? null);
    const headRun = comparedRun(headScan, headMetadata?.runStartedAt ?? null);
    const outcomes = Object.fromEntries(
      RECORD_OUTCOMES.map((outcome) => {
        const [was, is] = [baseRun.byOutcome[outcome], headRun.byOutcome[outcome]];
        return [outcome, { base: was, head: is, change: is - was }];
      }),
    ) as Record<RecordOutcome, OutcomeChange>;
    return comparison(context, guard, { base: baseRun, head: headRun, outcomes, identifiers: counts, errors: compareErrorGroups(messages, templates) }, baseScan, headScan, sets);
  } finally {
    // Partitions on disk are needed only until the sets are marked.
    await Promise.allSettled(scans.map(async (scan) => (await scan).spill.close()));
    await folder.remove();
  }
}

function comparison(
  context: QuestionContext,
  guard: () => void,
  answer: Omit<RunComparison, 'records' | 'recordBatches'>,
  base: ScannedRun,
  head: ScannedRun,
  sets: IdentifierRowSets,
): RunComparison {
  // Only where each run's rows are is kept (the entries are let go).
  const baseRows = { listing: base.listing, fileRows: base.fileRows };
  const headRows = { listing: head.listing, fileRows: head.fileRows };
  async function* recordBatches(set: IdentifierSetName, options: CompareRecordsOptions = {}): AsyncGenerator<SyncRecord[]> {
    guard();
    const name = checkSet(set);
    checkOptions(options, COMPARE_RECORDS_OPTIONS, 'records');
    for await (const batch of markedRecordBatches(context, name === 'removed' ? baseRows : headRows, sets[name], options)) {
      guard();
      yield batch;
    }
  }
  return {
    ...answer,
    recordBatches,
    async *records(set, options) {
      for await (const batch of recordBatches(set, options)) yield* batch;
    },
  };
}
