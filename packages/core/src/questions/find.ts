// find: every record with one of some identifiers, in a run or in every run of a sync. Without the
// local index, two passes that overlap on the pool: the identifier column of every row group, then
// the whole records of the row groups that hold a match.
import { RECORD_COLUMNS, type RecordField } from '../layout/record-columns.js';
import type { RunRef, SyncRef } from '../layout/sync-tracking-layout.js';
import type { SyncRecord } from '../model/sync-record.js';
import { RECORD_OUTPUT_COLUMNS, buildRecords, payloadFields, projectPayload, projectRecord, recordOutputColumns } from '../records/record-builder.js';
import { listRunInfos, type RunInfo } from '../runs/run-discovery.js';
import type { RunFile, RunListing } from '../runs/run-files.js';
import type { AggregateResult, RecordPredicate } from '../scan/decode-protocol.js';
import type { RowGroupPlan } from '../scan/row-group-scanner.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { findByIndex } from './find-by-index.js';
import { identifierNeedles, mayHoldAny } from './identifier-bounds.js';
import { identifierList, listRunFiles, type Identifiers, type QuestionContext, type ScanOptions } from './question-context.js';
import { compileQuery } from './record-query.js';
import { selectInRowGroup } from './selected-rows.js';

export interface FindOptions extends ScanOptions {
  /** Use (and build on first use) the local index; defaults to the client's `index` option. */
  index?: boolean;
  /** Only these record fields (the others null), as `FilterOptions.columns`; find reads whole records either way. */
  columns?: RecordField[];
  /** Keep only these payload fields, as `FilterOptions.payloadFields`. */
  payloadFields?: string[];
}

/** The records of one run that `findInSync` found. */
export interface RunMatches {
  run: RunInfo;
  records: SyncRecord[];
}

/** Every record with one of these identifiers (duplicates included), in one pass over the run. */
export async function find(context: QuestionContext, run: RunRef, identifiers: Identifiers, options: FindOptions): Promise<SyncRecord[]> {
  const columns = recordOutputColumns(options.columns);
  const fields = payloadFields(options.payloadFields);
  const ids = identifierList(identifiers);
  if (ids.length === 0) return [];
  const listing = await listRunFiles(context, run, options.signal);
  const useIndex = options.index ?? context.indexDirectory !== null;
  const records = useIndex ? await findByIndex(context, listing, ids.map(String), options) : await findByScan(context, listing, ids, options);
  if (columns === RECORD_OUTPUT_COLUMNS && fields === undefined) return records;
  // Whole records are read (a few, by contract), then shaped as a filter with these options would.
  return records.map((record) => projectRecord(fields === undefined ? record : { ...record, payload: projectPayload(record.payload, fields) }, columns));
}

/** The records with these identifiers in every run of a sync, newest run first; runs without any are left out. */
export async function findInSync(
  context: QuestionContext,
  sync: SyncRef,
  identifiers: Identifiers,
  options: FindOptions,
): Promise<RunMatches[]> {
  const ids = identifierList(identifiers);
  const matches: RunMatches[] = [];
  for (const run of await listRunInfos(context.storage, context.prefix, sync.orgId, sync.syncId, { signal: options.signal })) {
    const records = await find(context, { orgId: run.orgId, syncId: run.syncId, runId: run.runId }, ids, options);
    if (records.length > 0) matches.push({ run, records });
  }
  return matches;
}

async function findByScan(context: QuestionContext, listing: RunListing, ids: Array<string | number>, options: ScanOptions): Promise<SyncRecord[]> {
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const predicate = compileQuery({ identifiers: ids });
  const needles = identifierNeedles(predicate.identifiers!);
  const pass1: RowGroupPlan = { columns: [RECORD_COLUMNS.identifier], kernel: { kind: 'aggregate', predicate, groupings: [] } };
  // Pass 1 reads only the identifier column. Each row group it finds a match in is read whole at
  // once (pass 2), while pass 1 goes on over the other row groups: the two overlap on the pool.
  // Pass 2 tests the identifiers again rather than taking pass 1's rows: its records are those its
  // own reading of the file holds, even if the file changed between the two.
  const reads: Array<Promise<SyncRecord[]>> = [];
  try {
    for await (const { fileIndex, rowGroup, result } of context.scanner.scan<AggregateResult>(
      listing.files,
      // A row group whose identifiers' bounds hold none of them is not read (identifier-bounds.ts).
      (footer, rowGroup) => (mayHoldAny(footer, rowGroup, needles) ? pass1 : null),
      { signal: options.signal, progress },
    )) {
      if (result.matched === 0) continue;
      const read = readMatches(context, listing.files[fileIndex]!, rowGroup, predicate, options.signal);
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
async function readMatches(context: QuestionContext, file: RunFile, rowGroup: number, predicate: RecordPredicate, signal?: AbortSignal): Promise<SyncRecord[]> {
  const scanned = await selectInRowGroup(context, file, rowGroup, { predicate, startRow: 0, limit: null }, signal);
  return scanned === null ? [] : buildRecords(scanned.result, file, scanned.footer.rowGroups[rowGroup]!.firstRow);
}
