// A decode task answered by the JavaScript page decoder alone: no parquet-wasm, no Arrow. Pure
// (it never panics a wasm instance), so it runs in a decode worker or, for tasks too small to be
// worth a round trip to one, on the calling thread (see DecodePool). Anything it cannot read — a
// chunk without a layout, zstd, DELTA encodings — makes it answer null, and the caller falls back.
// The task's chunks are read through TaskChunks (task-chunks.ts); the shortcuts it takes before
// decoding are in js-decode-paths.ts, each behind its switch (parquet/fast-paths.ts).
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import { PageArena } from '../parquet/page-arena.js';
import { UnsupportedChunkError } from '../parquet/page-decoder.js';
import type { SelectResult } from '../records/decoded-rows.js';
import { cellKind, runSelect } from './select-kernel.js';
import { predicateColumns, withoutIdentifiers } from './row-predicate.js';
import { runAggregate } from './aggregate-kernel.js';
import { decodedColumnSet } from './decoded-column-set.js';
import type { AggregateKernel, AggregateResult, DecodeTask, SelectKernel } from './decode-protocol.js';
import { aggregateKeptRows, aggregateReads, countWholeColumns, dictionaryRows, emptyResult, keptRows, matchIdentifiers } from './js-decode-paths.js';
import { PICK_RATIO, TaskChunks } from './task-chunks.js';

export class JsDecoder {
  /** Memory for decompressed pages, reused from task to task (tasks run one at a time). */
  private readonly arena = new PageArena();

  /** Starts a task: pages of the previous one may be overwritten from now on. */
  begin(task: DecodeTask): TaskChunks {
    this.arena.reset();
    return new TaskChunks(task, this.arena);
  }

  /**
   * A select or aggregate kernel's result from the task's chunks; null when a chunk needs
   * parquet-wasm. `late` columns (payloads) are read only for the rows selected, after the test
   * ran on the others, as other output columns are (`TaskChunks.readRows`): PLAIN text through a
   * window up to the last row selected, dictionary pages picked; chunks the window cannot read
   * only when `readLate` says so. Otherwise, or when they need parquet-wasm, the result comes back
   * without them for the caller to fill in.
   */
  run(
    task: DecodeTask,
    kernel: SelectKernel | AggregateKernel,
    late: readonly string[] = [],
    readLate = true,
  ): SelectResult | AggregateResult | null {
    try {
      return this.runKernel(task, kernel, late, readLate);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) return null;
      throw error;
    }
  }

  private runKernel(task: DecodeTask, kernel: SelectKernel | AggregateKernel, late: readonly string[], readLate: boolean): SelectResult | AggregateResult | null {
    const chunks = this.begin(task);
    const matches = matchIdentifiers(chunks, kernel);
    if (matches !== null && matches.length === 0) return emptyResult(task, kernel);
    if (kernel.kind === 'aggregate') {
      const counted = countWholeColumns(chunks, kernel);
      if (counted !== null) return counted;
    }
    const columns = task.columns.filter((column) => !late.includes(column));
    if (columns.length === 0) return null;
    // Output columns the predicate does not read are read for the rows kept, after the test; with
    // the identifier's rows found on its pages, that includes the identifier.
    const tested = predicateColumns(matches === null ? kernel.predicate : withoutIdentifiers(kernel.predicate));
    const afterTest = kernel.kind === 'select' ? columns.filter((column) => kernel.output.includes(column) && !tested.includes(column)) : [];
    const unread: string[] = matches !== null && !aggregateReads(kernel, RECORD_COLUMNS.identifier) ? [RECORD_COLUMNS.identifier] : [];
    // An aggregate with a test: the rows it keeps, found once. When they are few, its other columns
    // are read for them alone; otherwise it runs over them, the test already applied.
    let kept: number[] | undefined;
    if (kernel.kind === 'aggregate' && (tested.length > 0 || matches !== null)) {
      const rows = keptRows(chunks, kernel.predicate, tested, matches);
      if (rows === null) return null;
      if (rows.length * PICK_RATIO <= task.numRows) return aggregateKeptRows(chunks, kernel, rows);
      kept = rows;
    }
    // A select whose test is one dictionary column's value: the rows come from the dictionary, and
    // every column it prints is read for them.
    const dictionaryMatches = kernel.kind === 'select' && matches === null ? dictionaryRows(chunks, kernel.predicate) : null;
    const readAfter = dictionaryMatches === null || kernel.kind !== 'select' ? afterTest : columns.filter((column) => kernel.output.includes(column));
    const decoded = chunks.decode(dictionaryMatches === null ? columns.filter((column) => !readAfter.includes(column) && !unread.includes(column)) : []);
    if (decoded === null) return null;
    const set = decodedColumnSet(task.numRows, decoded);
    if (kernel.kind === 'aggregate') return kept === undefined ? runAggregate(set, kernel) : runAggregate(set, { ...kernel, predicate: {} }, kept);
    const result =
      dictionaryMatches === null
        ? runSelect(set, { ...kernel, output: kernel.output.filter((column) => !late.includes(column) && !afterTest.includes(column)) }, matches ?? undefined)
        : runSelect(set, { ...kernel, predicate: {}, output: [] }, dictionaryMatches);
    // Text for lines stays bytes when picked: it is written out as it is (payloads are JSON, parsed).
    const bytesForLines = kernel.lines !== undefined && result.rowIndexes.length * PICK_RATIO <= task.numRows && fastPathOn('line-text-bytes');
    for (const column of readAfter) {
      const asBytes = bytesForLines && cellKind(column) === 'text' && column !== RECORD_COLUMNS.payload;
      const text = asBytes ? chunks.pickRowBytes(column, result.rowIndexes) : null;
      if (text !== null) {
        (result.text ??= {})[column] = text;
        continue;
      }
      const values = chunks.readRows(column, result.rowIndexes);
      if (values === null) return null;
      result.columns[column] = values;
    }
    const wanted = late.filter((column) => kernel.output.includes(column));
    if (wanted.length === 0) return result;
    if (result.rowIndexes.length === 0) {
      for (const column of wanted) result.columns[column] = [];
      return result;
    }
    // Without `readLate`, only the window's picks: the caller reads the rest.
    for (const column of wanted) {
      const values = readLate ? chunks.readRows(column, result.rowIndexes, true) : chunks.pickRows(column, result.rowIndexes);
      if (values !== null) result.columns[column] = values;
    }
    return result;
  }
}
