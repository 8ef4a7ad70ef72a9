// filter: the records of a run that a query matches, streamed a row group at a time, or one page of
// them with a cursor to the next.
import type { RecordField } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import type { SyncRecord } from '../model/sync-record.js';
import { payloadFields, recordOutputColumns } from '../records/record-builder.js';
import { positiveInteger, type QuestionContext } from './question-context.js';
import { scanRecords, type RecordBatch, type SelectScanOptions } from './selected-rows.js';

export interface FilterOptions extends SelectScanOptions {
  /** Keep only these keys of each record's payload (an object payload; others are kept whole). */
  payloadFields?: string[];
  /**
   * Read only these record fields (the others come back null); defaults to all. Leaving out
   * `payload`, which is most of a file's bytes, makes a scan many times cheaper. `status` is read
   * whatever this says, and filled: every record's `outcome` is derived from it. The records, and
   * the fields asked, are the same whatever this holds. Named as `SyncRecord` names them; the CLI's
   * JSON and `RecordRow` name each by its column (`statusMessage` is `status_message`, `payload` is
   * `record_payload`, `batchStartedAt` is `batch_started_at`).
   */
  columns?: RecordField[];
}

export interface RecordPage {
  records: SyncRecord[];
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
}

/** The records of `filter`, a row group's matches at a time (never an empty array). */
export async function* filterBatches(context: QuestionContext, run: RunRef, options: FilterOptions): AsyncGenerator<SyncRecord[]> {
  const batches = scanRecords(context, run, options, recordOutputColumns(options.columns), payloadFields(options.payloadFields));
  for await (const batch of batches) if (batch.records.length > 0) yield batch.records;
}

/** One page of a filter, with a cursor to the next page. */
export async function filterPage(context: QuestionContext, run: RunRef, options: FilterOptions & { limit: number }): Promise<RecordPage> {
  const limit = positiveInteger(options.limit, 'limit');
  const output = recordOutputColumns(options.columns);
  const fields = payloadFields(options.payloadFields);
  const records: SyncRecord[] = [];
  let last: { batch: RecordBatch; index: number } | null = null;
  let more = false;
  // One record past the page tells whether a next page exists.
  scan: for await (const batch of scanRecords(context, run, { ...options, limit: limit + 1 }, output, fields)) {
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
