// A decode task answered by the JavaScript page decoder alone: no parquet-wasm, no Arrow. Pure
// (it never panics a wasm instance), so it runs in a decode worker or, for tasks too small to be
// worth a round trip to one, on the calling thread (see DecodePool). Anything it cannot read — a
// chunk without a layout, zstd, DELTA encodings — makes it answer null, and the caller falls back.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { aggregateCells, cellKind, predicateColumns, readCells, runAggregate, runSelect, singleColumnJudge, withoutIdentifiers } from './decode-kernels.js';
import { identifierRows } from '../parquet/identifier-rows.js';
import { pickDictionaryText, pickPageRows } from '../parquet/page-picks.js';
import { decodedColumnSet } from './decoded-column-set.js';
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import type { AggregateKernel, AggregateResult, DecodeKernel, DecodeRange, DecodeTask, RecordPredicate, SelectKernel } from './decode-protocol.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';
import { PageArena } from '../parquet/page-arena.js';
import { countDictionaryPages, decodePages, matchDictionaryPages, readPages, UnsupportedChunkError, type DecodedColumn, type PageBody } from '../parquet/page-decoder.js';
import { pagesMayHold, plainNeedles } from '../parquet/text-prefilter.js';
import { addGroup, emptyGroupList } from './group-list.js';
import { decodeUtf8 } from '../parquet/utf8-access.js';
import { pickTextRowBytes, pickTextRows, windowable } from '../parquet/text-rows.js';
import type { Utf8Texts } from '../model/utf8-texts.js';

/**
 * A select reads an output column the predicate does not test from its pages for the rows kept
 * when they are at most one in this many; past that, decoding the column whole is as cheap.
 */
const PICK_RATIO = 8;

/** Columns read only for the rows a select keeps, after its test ran on the others: the payload is ~97% of a file. */
export const LATE_COLUMNS: ReadonlySet<string> = new Set<string>([RECORD_COLUMNS.payload]);

/**
 * The late columns a select reads through a small window rather than whole (see text-rows.ts).
 */
export function windowedColumns(kernel: DecodeKernel, columns: readonly string[], layouts: ReadonlyArray<ChunkLayout | null>): string[] {
  if (kernel.kind !== 'select') return [];
  return columns.filter((column, index) => {
    const layout = layouts[index];
    return LATE_COLUMNS.has(column) && kernel.output.includes(column) && layout != null && windowable(layout);
  });
}

/** The bytes of `[start, end)` from the prefetched ranges (joined when they span two); null when not fetched. */
export function chunkBytes(ranges: DecodeRange[], start: number, end: number): Uint8Array | null {
  for (const range of ranges) {
    if (range.offset <= start && end <= range.offset + range.bytes.length) {
      return range.bytes.subarray(start - range.offset, end - range.offset);
    }
  }
  // A chunk near the end of the file is split between its span and the fetched footer.
  const out = new Uint8Array(end - start);
  let at = start;
  while (at < end) {
    const range = ranges.find((candidate) => candidate.offset <= at && at < candidate.offset + candidate.bytes.length);
    if (range === undefined) return null;
    const take = Math.min(end - at, range.offset + range.bytes.length - at);
    out.set(range.bytes.subarray(at - range.offset, at - range.offset + take), at - start);
    at += take;
  }
  return out;
}

/** Wraps a malformed-chunk error with the column it came from; unsupported chunks pass through. */
function columnError(column: string, error: unknown): unknown {
  if (error instanceof UnsupportedChunkError) return error;
  return new Error(`column ${column}: ${(error as Error).message}`, { cause: error });
}

/**
 * One task's view of its chunks: pages are decompressed once per column, into the decoder's arena,
 * and are valid until the decoder starts its next task.
 */
export class TaskChunks {
  private readonly pages = new Map<string, PageBody[] | null>();
  private readonly decoded = new Map<string, DecodedColumn | null>();

  constructor(
    readonly task: DecodeTask,
    readonly arena: PageArena,
  ) {}

  /** The pages of `column` when the JavaScript decoder can read them; null when it needs parquet-wasm. */
  pagesOf(column: string): PageBody[] | null {
    if (this.pages.has(column)) return this.pages.get(column)!;
    const layout = this.layoutOf(column);
    const bytes = layout === null || layout.numValues !== this.task.numRows ? null : chunkBytes(this.task.ranges, layout.start, layout.end);
    let pages: PageBody[] | null = null;
    if (layout !== null && bytes !== null) {
      try {
        pages = readPages(layout, bytes, this.arena);
      } catch (error) {
        if (!(error instanceof UnsupportedChunkError)) throw columnError(column, error);
      }
    }
    this.pages.set(column, pages);
    return pages;
  }

  /**
   * The values of `rows` of a PLAIN text column, decompressed only as far as the last of them
   * (see text-rows.ts); null when the column must be decoded whole or needs parquet-wasm.
   */
  pickRows(column: string, rows: readonly number[]): Array<string | null> | null {
    return this.pickWith(column, rows, pickTextRows);
  }

  /**
   * The text of `rows` as UTF-8 bytes, for a select that writes lines (`SelectKernel.lines`): PLAIN
   * pages through a window as `pickRows`, dictionary pages as the entries the rows hold; null when
   * the chunk must be decoded whole or needs parquet-wasm.
   */
  pickRowBytes(column: string, rows: readonly number[]): Utf8Texts | null {
    const plain = this.pickWith(column, rows, pickTextRowBytes);
    if (plain !== null) return plain;
    const layout = this.layoutOf(column);
    const pages = layout?.kind === 'text' ? this.pagesOf(column) : null;
    if (layout === null || pages === null) return null;
    let picked: ReturnType<typeof pickDictionaryText>;
    try {
      picked = pickDictionaryText(layout, pages, this.task.numRows, rows);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) return null;
      throw columnError(column, error);
    }
    if (picked === null) return null;
    const { dictionary, entries } = picked;
    const starts = this.arena.int32(rows.length);
    const ends = this.arena.int32(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const entry = entries[index]!;
      starts[index] = entry < 0 ? -1 : dictionary.starts[entry]!;
      ends[index] = entry < 0 ? 0 : dictionary.starts[entry]! + dictionary.lengths[entry]!;
    }
    return { bytes: dictionary.bytes, starts, ends };
  }

  private pickWith<T>(column: string, rows: readonly number[], pick: (layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], arena?: PageArena) => T | null): T | null {
    const layout = this.layoutOf(column);
    const bytes = layout === null ? null : chunkBytes(this.task.ranges, layout.start, layout.end);
    if (layout === null || bytes === null) return null;
    try {
      return pick(layout, bytes, this.task.numRows, rows, this.arena);
    } catch (error) {
      throw columnError(column, error);
    }
  }

  /**
   * The values of `rows` (ascending) of `column` as a select returns them: picked from the pages
   * (page-picks.ts, text-rows.ts) when they are few, or with `pickAlways` (payloads) however many,
   * else from the decoded chunk; null when the chunk needs parquet-wasm.
   */
  readRows(column: string, rows: readonly number[], pickAlways = false): CellValue[] | null {
    const layout = this.layoutOf(column);
    if (rows.length === 0) return [];
    const few = pickAlways || rows.length * PICK_RATIO <= this.task.numRows;
    if (layout !== null && few && layout.kind === cellKind(column)) {
      const text = layout.kind === 'text' ? this.pickRows(column, rows) : null;
      if (text !== null) return text;
      const pages = this.pagesOf(column);
      if (pages === null) return null;
      try {
        const picked = pickPageRows(layout, pages, this.task.numRows, rows);
        if (picked !== null) return picked;
      } catch (error) {
        if (error instanceof UnsupportedChunkError) return null;
        throw columnError(column, error);
      }
    }
    const decoded = this.decode([column]);
    return decoded === null ? null : readCells(decodedColumnSet(this.task.numRows, decoded), column, rows);
  }

  layoutOf(column: string) {
    return this.task.chunks?.[this.task.columns.indexOf(column)] ?? null;
  }

  /** Decodes `columns`; null when one of them needs parquet-wasm. */
  decode(columns: string[]): Map<string, DecodedColumn> | null {
    const decoded = new Map<string, DecodedColumn>();
    for (const column of columns) {
      const one = this.decodeOne(column);
      if (one === null) return null;
      decoded.set(column, one);
    }
    return decoded;
  }

  /**
   * The rows whose value of `column` the judge accepts, found from its dictionary pages
   * (`matchDictionaryPages`); null when the column is not dictionary-encoded text this decoder reads.
   */
  matchDictionary(column: string, judge: (value: string | null) => boolean): number[] | null {
    const layout = this.layoutOf(column);
    const pages = layout?.kind === 'text' ? this.pagesOf(column) : null;
    if (layout === null || pages === null) return null;
    try {
      return matchDictionaryPages(layout, pages, this.task.numRows, judge, this.arena);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) return null;
      throw columnError(column, error);
    }
  }

  /** One column decoded, once per task like its pages; null when it needs parquet-wasm. */
  private decodeOne(column: string): DecodedColumn | null {
    if (this.decoded.has(column)) return this.decoded.get(column)!;
    const pages = this.pagesOf(column);
    let decoded: DecodedColumn | null = null;
    if (pages !== null) {
      try {
        decoded = decodePages(this.layoutOf(column)!, pages, this.task.numRows, this.task.numRows, this.arena);
      } catch (error) {
        if (!(error instanceof UnsupportedChunkError)) throw columnError(column, error);
      }
    }
    this.decoded.set(column, decoded);
    return decoded;
  }
}

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
    if (matches === null ? identifiersRuledOut(chunks, kernel) : matches.length === 0) return emptyResult(task, kernel);
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
    const bytesForLines = kernel.lines !== undefined && result.rowIndexes.length * PICK_RATIO <= task.numRows;
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

/**
 * The rows a predicate that tests one text column's value keeps, from that column's dictionary
 * (each distinct value judged once); null when it tests more, or the column is not dictionary-encoded.
 */
function dictionaryRows(chunks: TaskChunks, predicate: RecordPredicate): number[] | null {
  const single = singleColumnJudge(predicate);
  return single === null ? null : chunks.matchDictionary(single.column, single.judge);
}

/**
 * The rows (ascending) a predicate keeps: its tested columns decoded and tested, over only the
 * identifier rows when those were found on the pages; null when a chunk needs parquet-wasm.
 */
function keptRows(chunks: TaskChunks, predicate: RecordPredicate, tested: readonly string[], matches: readonly number[] | null): number[] | null {
  const fromDictionary = matches === null ? dictionaryRows(chunks, predicate) : null;
  if (fromDictionary !== null) return fromDictionary;
  const decoded = chunks.decode([...tested]);
  if (decoded === null) return null;
  const select: SelectKernel = { kind: 'select', predicate, output: [], startRow: 0, limit: null };
  return runSelect(decodedColumnSet(chunks.task.numRows, decoded), select, matches ?? undefined).rowIndexes;
}

/**
 * An aggregate over the few rows its predicate keeps (at most one in PICK_RATIO: the rejected
 * records `errors` groups): the grouping, example and time columns are read for those rows only
 * (`TaskChunks.readRows`) instead of decoded whole. Null when a chunk needs parquet-wasm.
 */
function aggregateKeptRows(chunks: TaskChunks, kernel: AggregateKernel, kept: readonly number[]): AggregateResult | null {
  const read = new Set([...kernel.groupings.flat(), ...(kernel.examples === undefined ? [] : [kernel.examples.column]), ...(kernel.timeColumns ?? [])]);
  const cells: Record<string, CellValue[]> = {};
  for (const column of read) {
    const values = chunks.readRows(column, kept);
    if (values === null) return null;
    cells[column] = values;
  }
  return aggregateCells(chunks.task.numRows, kept.length, kernel, cells);
}

/**
 * The rows holding the identifiers the kernel looks for, found on the identifier chunk's PLAIN pages
 * (identifier-rows.ts); null when it looks for none, or the chunk needs decoding to tell.
 */
function matchIdentifiers(chunks: TaskChunks, kernel: SelectKernel | AggregateKernel): number[] | null {
  const identifiers = kernel.predicate.identifiers;
  const layout = chunks.layoutOf(RECORD_COLUMNS.identifier);
  if (identifiers === undefined || layout === null) return null;
  const pages = chunks.pagesOf(RECORD_COLUMNS.identifier);
  if (pages === null) return null;
  try {
    return identifierRows(layout, pages, chunks.task.numRows, identifiers, chunks.arena);
  } catch (error) {
    throw columnError(RECORD_COLUMNS.identifier, error);
  }
}

/** True when an aggregate groups by `column` or keeps examples of it. */
function aggregateReads(kernel: SelectKernel | AggregateKernel, column: string): boolean {
  return kernel.kind === 'aggregate' && (kernel.groupings.some((grouping) => grouping.includes(column)) || kernel.examples?.column === column);
}

/**
 * True when the kernel looks for identifiers that no page of the identifier chunk holds: no row
 * can match, and nothing else needs decoding (see text-prefilter.ts).
 */
function identifiersRuledOut(chunks: TaskChunks, kernel: SelectKernel | AggregateKernel): boolean {
  const identifiers = kernel.predicate.identifiers;
  if (identifiers === undefined || !chunks.task.columns.includes(RECORD_COLUMNS.identifier)) return false;
  const pages = chunks.pagesOf(RECORD_COLUMNS.identifier);
  return pages !== null && !pagesMayHold(pages, plainNeedles(identifiers));
}

/**
 * An aggregate that counts every row by single columns (a summary by status and operation) of
 * dictionary-encoded chunks, counted from their indices without decoding a value per row; null
 * when the kernel or a chunk needs the general path.
 */
function countWholeColumns(chunks: TaskChunks, kernel: AggregateKernel): AggregateResult | null {
  if (predicateColumns(kernel.predicate).length > 0 || (kernel.timeColumns ?? []).length > 0 || kernel.examples !== undefined) return null;
  if (kernel.groupings.length === 0 || kernel.groupings.some((grouping) => grouping.length !== 1)) return null;
  const { task } = chunks;
  const groups: AggregateResult['groups'] = [];
  for (const [column] of kernel.groupings) {
    const pages = chunks.pagesOf(column!);
    if (pages === null) return null;
    let counted;
    try {
      counted = countDictionaryPages(chunks.layoutOf(column!)!, pages, task.numRows);
    } catch (error) {
      throw columnError(column!, error);
    }
    if (counted === null) return null;
    const byValue = new Map<string | null, number>();
    if (counted.nulls > 0) byValue.set(null, counted.nulls);
    const { dictionary, counts } = counted;
    for (let entry = 0; entry < counts.length; entry++) {
      if (counts[entry] === 0) continue;
      const start = dictionary.starts[entry]!;
      const value = decodeUtf8(dictionary.bytes, start, start + dictionary.lengths[entry]!);
      byValue.set(value, (byValue.get(value) ?? 0) + counts[entry]!);
    }
    const list = emptyGroupList(1);
    for (const [value, count] of byValue) addGroup(list, [value], count);
    groups.push(list);
  }
  return { kind: 'aggregate', rowCount: task.numRows, matched: task.numRows, groups, timeSpans: {} };
}

/** What a kernel returns for a row group in which no row matches. */
function emptyResult(task: DecodeTask, kernel: SelectKernel | AggregateKernel): SelectResult | AggregateResult {
  if (kernel.kind === 'select') {
    return { kind: 'select', rowCount: task.numRows, matched: 0, rowIndexes: [], columns: Object.fromEntries(kernel.output.map((column) => [column, []])), nextRow: null };
  }
  return {
    kind: 'aggregate',
    rowCount: task.numRows,
    matched: 0,
    groups: kernel.groupings.map((grouping) => emptyGroupList(grouping.length)),
    timeSpans: Object.fromEntries((kernel.timeColumns ?? []).map((column) => [column, null])),
  };
}
