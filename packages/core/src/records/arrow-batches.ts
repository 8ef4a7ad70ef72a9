// A select's rows as an Apache Arrow RecordBatch: the dataset's record columns under their own names,
// plus `outcome`, `file` and `row_index`, for `filterArrow`. apache-arrow is imported here, so this
// module is loaded only when Arrow is asked for (a program that only reads never pays for it).
//
// Types: text as Utf8 (the UTF-8 bytes written once into one buffer per column), batch times as
// Timestamp(ms, UTC) (what the reader holds: instants floored to the millisecond), the row index as
// Int32. `outcome` and `file` are dictionaries whose dictionary is fixed for the whole stream (the
// three outcomes; the run's files, listed before the scan): a dictionary that changed from batch to
// batch would be a replacement, which the Arrow IPC file format rejects, or a delta, which polars
// rejects. `status` and `operation` stay Utf8 for that reason: their values are not known up front.
import {
  Dictionary,
  Field,
  Int32,
  Int8,
  RecordBatch,
  Schema,
  Struct,
  TimeUnit,
  Timestamp,
  Utf8,
  makeData,
  makeVector,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { InternalError } from '../errors/internal-error.js';
import { UnsupportedError } from '../errors/unsupported-error.js';
import { ALL_RECORD_COLUMNS, RECORD_COLUMNS } from '../layout/record-columns.js';
import { stringifyJson } from '../model/json-text.js';
import { RECORD_OUTCOMES, outcomeOf } from '../model/record-outcome.js';
import { RawPayload } from '../model/record-payload.js';
import type { CellValue, SelectResult } from './decoded-rows.js';
import { parsePayload } from './record-builder.js';

/** The columns every batch carries after the record columns. */
export const ARROW_EXTRA_COLUMNS = { outcome: 'outcome', file: 'file', rowIndex: 'row_index' } as const;

export interface ArrowBatchOptions {
  /** The record columns to carry (on-disk names); they come in the dataset's order whatever this order. */
  columns: readonly string[];
  /** The run's record files, by name: the `file` column's dictionary. */
  fileNames: readonly string[];
  /** Keep only these payload fields (`FilterOptions.fields`); the payload is then written as JSON again. */
  fields?: readonly string[];
}

const TIME_COLUMNS: readonly string[] = [RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt];
/** Int32 offsets: a column's text in one batch must stay under 2 GiB. */
const MAX_UTF8_BYTES = 2 ** 31 - 1;

/** Builds the batches of one stream: one schema, one outcome and one file dictionary for all of them. */
export class ArrowBatchBuilder {
  readonly schema: Schema;
  private readonly columns: readonly string[];
  private readonly fields: readonly string[] | undefined;
  private readonly fileIndexes: ReadonlyMap<string, number>;
  private readonly outcomeType = new Dictionary(new Utf8(), new Int8());
  private readonly fileType = new Dictionary(new Utf8(), new Int32());
  private readonly outcomeDictionary: Vector<Utf8>;
  private readonly fileDictionary: Vector<Utf8>;
  private readonly outcomeIndexes = new Map<string | null, number>();

  constructor(options: ArrowBatchOptions) {
    this.columns = ALL_RECORD_COLUMNS.filter((column) => options.columns.includes(column));
    this.fields = options.fields;
    this.fileIndexes = new Map(options.fileNames.map((name, index) => [name, index]));
    this.outcomeDictionary = makeVector(utf8Data(RECORD_OUTCOMES, RECORD_OUTCOMES.length));
    this.fileDictionary = makeVector(utf8Data(options.fileNames, options.fileNames.length));
    this.schema = new Schema([
      ...this.columns.map((column) => new Field(column, TIME_COLUMNS.includes(column) ? new Timestamp(TimeUnit.MILLISECOND, 'UTC') : new Utf8(), true)),
      new Field(ARROW_EXTRA_COLUMNS.outcome, this.outcomeType, false),
      new Field(ARROW_EXTRA_COLUMNS.file, this.fileType, false),
      new Field(ARROW_EXTRA_COLUMNS.rowIndex, new Int32(), false),
    ]);
  }

  /**
   * The rows of a row group's select from `file` (one of `fileNames`), whose first row is row
   * `firstRow` of the file. `result.columns` must hold the columns asked (and `status`).
   */
  batch(result: SelectResult, file: string, firstRow: number): RecordBatch {
    const fileIndex = this.fileIndexes.get(file);
    if (fileIndex === undefined) throw new InternalError({ message: `${file} is not among the files the Arrow batches were set up for`, context: { file } });
    return this.build(result, fileIndex, file, firstRow);
  }

  /** A batch of no rows, with the stream's schema (so that a stream of no matches still has one). */
  empty(): RecordBatch {
    return this.build({ kind: 'select', rowCount: 0, matched: 0, rowIndexes: [], columns: {}, nextRow: null }, 0, '', 0);
  }

  private build(result: SelectResult, fileIndex: number, file: string, firstRow: number): RecordBatch {
    const length = result.rowIndexes.length;
    const children: Data[] = this.columns.map((column) => {
      const values = result.columns[column];
      if (TIME_COLUMNS.includes(column)) return timestampData(this.schema.fields.find((field) => field.name === column)!.type, values, length);
      if (column === RECORD_COLUMNS.payload && this.fields !== undefined) return utf8Data(projectedPayloads(values, length, this.fields), length, column, file);
      return utf8Data(values, length, column, file);
    });
    const statuses = result.columns[RECORD_COLUMNS.status];
    const outcomes = new Int8Array(length);
    for (let row = 0; row < length; row++) outcomes[row] = this.outcomeIndex((statuses?.[row] ?? null) as string | null);
    children.push(makeData({ type: this.outcomeType, length, nullCount: 0, data: outcomes, dictionary: this.outcomeDictionary }));
    children.push(makeData({ type: this.fileType, length, nullCount: 0, data: new Int32Array(length).fill(fileIndex), dictionary: this.fileDictionary }));
    const rows = new Int32Array(length);
    for (let row = 0; row < length; row++) {
      const index = firstRow + result.rowIndexes[row]!;
      if (index > 0x7fffffff) {
        throw new UnsupportedError({ message: `${file} has more rows than an Arrow Int32 row_index holds`, context: { file } });
      }
      rows[row] = index;
    }
    children.push(makeData({ type: new Int32(), length, nullCount: 0, data: rows }));
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children }));
  }

  private outcomeIndex(status: string | null): number {
    let index = this.outcomeIndexes.get(status);
    if (index === undefined) {
      index = RECORD_OUTCOMES.indexOf(outcomeOf(status));
      this.outcomeIndexes.set(status, index);
    }
    return index;
  }
}

/** The payloads with only `fields` kept, as JSON text; text that is not JSON stays as stored. */
function projectedPayloads(values: readonly CellValue[] | undefined, length: number, fields: readonly string[]): Array<string | null> {
  const projected = new Array<string | null>(length);
  for (let row = 0; row < length; row++) {
    const payload = parsePayload((values?.[row] ?? null) as string | null, fields);
    projected[row] = payload === null ? null : payload instanceof RawPayload ? payload.text : stringifyJson(payload);
  }
  return projected;
}

/** Validity bits, or undefined when every row has a value. */
function validity(values: readonly unknown[] | undefined, length: number): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (let row = 0; row < length; row++) if ((values?.[row] ?? null) === null) nullCount++;
  if (nullCount === 0) return { bitmap: undefined, nullCount };
  const bitmap = new Uint8Array((length + 7) >> 3);
  for (let row = 0; row < length; row++) if ((values?.[row] ?? null) !== null) bitmap[row >> 3]! |= 1 << (row & 7);
  return { bitmap, nullCount };
}

/** A Utf8 column: every value's UTF-8 written once into one buffer (numbers as their decimal text). */
function utf8Data(values: readonly CellValue[] | undefined, length: number, column = 'text', file?: string): Data<Utf8> {
  const texts = values ?? [];
  const offsets = new Int32Array(length + 1);
  let bytes = 0;
  for (let row = 0; row < length; row++) {
    const value = texts[row] ?? null;
    if (value !== null) bytes += Buffer.byteLength(typeof value === 'string' ? value : String(value), 'utf8');
    if (bytes > MAX_UTF8_BYTES) {
      throw new UnsupportedError({
        message: `The ${column} values of one row group of ${file ?? 'the run'} exceed the 2 GiB an Arrow Utf8 column of one batch holds`,
        context: { file },
      });
    }
    offsets[row + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  const writer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let row = 0; row < length; row++) {
    const value = texts[row] ?? null;
    if (value !== null) writer.write(typeof value === 'string' ? value : String(value), offsets[row]!, 'utf8');
  }
  const { bitmap, nullCount } = validity(values, length);
  return makeData({ type: new Utf8(), length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data });
}

/** A timestamp column from epoch milliseconds. */
function timestampData(type: DataType, values: readonly CellValue[] | undefined, length: number): Data<Timestamp> {
  const millis = new BigInt64Array(length);
  for (let row = 0; row < length; row++) {
    const value = values?.[row] ?? null;
    if (value !== null) millis[row] = BigInt(value as number);
  }
  const { bitmap, nullCount } = validity(values, length);
  return makeData({ type: type as Timestamp, length, nullCount, nullBitmap: bitmap, data: millis });
}
