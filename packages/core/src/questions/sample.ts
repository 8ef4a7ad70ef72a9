// sample: `size` distinct records drawn uniformly from those a query matches, in two passes: how
// many match in each row group (free from the footers when nothing is filtered), then only the
// picked rows of the row groups that hold a pick.
import type { RecordField } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { SelectResult } from '../records/decoded-rows.js';
import { buildRecords, payloadFields, recordOutputColumns } from '../records/record-builder.js';
import { predicateColumns } from '../scan/row-predicate.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { listRunFiles, positiveInteger, type QuestionContext, type ScanOptions } from './question-context.js';
import { compileQuery, type RecordQuery } from './record-query.js';
import { pickDistinct, seededRandom } from './seeded-random.js';

/** `size` records drawn from those the query (as `filter`'s) matches. */
export interface SampleOptions extends RecordQuery, ScanOptions {
  size: number;
  /** The same seed gives the same sample; defaults to a random one. */
  seed?: string | number;
  /** Only these record fields (the others null), as `FilterOptions.columns`. */
  columns?: RecordField[];
  /** Keep only these payload fields, as `FilterOptions.payloadFields`. */
  payloadFields?: string[];
}

/** `size` distinct records drawn uniformly from those matching (all of them when fewer match). */
export async function sample(context: QuestionContext, run: RunRef, options: SampleOptions): Promise<SyncRecord[]> {
  const size = positiveInteger(options?.size, 'size');
  const { size: _size, seed: _seed, columns: _columns, payloadFields: _payloadFields, signal: _signal, onProgress: _onProgress, ...query } = options;
  const predicate = compileQuery(query);
  const output = recordOutputColumns(options.columns);
  const fields = payloadFields(options.payloadFields);
  const listing = await listRunFiles(context, run, options.signal);
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const needsStatus = predicateColumns(predicate).length > 0;
  // Pass 1: how many records match in each row group (free from the footer when nothing is filtered).
  const units: Array<{ key: string; rowGroup: number; matched: number }> = [];
  for await (const { footer, rowGroup, result } of context.scanner.scan<AggregateResult>(
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
  for await (const { fileIndex, footer, rowGroup, result } of context.scanner.scan<SelectResult>(
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
