// summary: a run's records counted by status, outcome, operation and batch type, with the batches'
// time spans. Planned per row group from the footer's statistics: exact time spans, and an operation
// column holding a single value, are taken from them, and only the rest is decoded.
import { fastPathOn } from '../parquet/fast-paths.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { RECORD_OUTCOMES, outcomeOf, type RecordOutcome } from '../model/record-outcome.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount, groupKey } from '../scan/group-list.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { timeColumnsToDecode } from './footer-time-spans.js';
import { listRunFiles, type QuestionContext, type ScanOptions } from './question-context.js';
import { runMetadata } from './run-details.js';
import type { RunMetadata } from '../model/run-metadata.js';
import type { ResolvedRun } from '../runs/run-files.js';

export interface TimeSpan {
  first: Date;
  last: Date;
}

export interface RunSummary {
  run: ResolvedRun;
  total: number;
  byStatus: Array<{ status: string | null; count: number }>;
  byOutcome: Record<RecordOutcome, number>;
  byOperation: Array<{ operation: string | null; count: number }>;
  byBatchType: Array<{ batchType: string; files: number; count: number }>;
  batchStartedAt: TimeSpan | null;
  batchEndedAt: TimeSpan | null;
  files: number;
  bytes: number;
  metadata: RunMetadata | null;
}

export async function summary(context: QuestionContext, run: RunRef, options: ScanOptions): Promise<RunSummary> {
  const listing = await listRunFiles(context, run, options.signal);
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const resolved = listing.run;
  const metadata = listing.metadataKey === null ? null : await runMetadata(context, run, options.signal);
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
  const addOperation = (operation: string | null, count: number) =>
    count > 0 && operations.set(operation, (operations.get(operation) ?? 0) + count);
  let total = 0;
  for await (const { fileIndex, result } of context.scanner.scan<AggregateResult>(
    listing.files,
    (footer, rowGroup) => {
      const group = footer.rowGroups[rowGroup]!;
      // With `footer-statistics` off, every row group's columns are decoded.
      const fromStatistics = fastPathOn('footer-statistics');
      const decodeTimes = timeColumnsToDecode(footer, rowGroup, fromStatistics, (column, span) => {
        if (column === RECORD_COLUMNS.batchStartedAt) started = widen(started, span);
        else ended = widen(ended, span);
      });
      const operationStats = group.statistics.get(RECORD_COLUMNS.operation);
      const singleOperation =
        !footer.columnNames.includes(RECORD_COLUMNS.operation) ||
        (fromStatistics && typeof operationStats?.min === 'string' && operationStats.min === operationStats.max && operationStats.nullCount !== null);
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
