// A select's matches as JSON Lines, written where they were decoded (in a decode worker): only the
// bytes travel to the main thread. The lines are those `recordJsonLineWriter` writes for the records
// `buildRecords` would make, written by the same line writer (record-json-line.ts) from the select's
// cells without making the records: this file says only how each key's value is read from the cells.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { JsonBytes } from '../model/json-bytes.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import { wasmTextLines } from './wasm-text-lines.js';
import { jsonLineWriter, lineKeyPrefixes, writePayload, type LineValueWriter, type RecordRowKey } from './record-json-line.js';
import { RawPayload } from '../model/record-payload.js';
import { isoTime } from '../model/record-row.js';
import type { CellValue, LinesRequest, SelectResult } from './decoded-rows.js';
import type { Utf8Texts } from '../model/utf8-texts.js';
import { decodeUtf8 } from '../parquet/utf8-access.js';
import { parsePayload } from './record-builder.js';

const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/**
 * Memory of lines written before, handed back by their consumer (`giveBackLines`): memory written
 * before costs no page faults (~17 µs a 4 KiB page on these VMs), and a filter on 2M records
 * writes ~10 MB of lines per worker.
 */
const spares: ArrayBuffer[] = [];

/** Keeps a lines buffer (`SelectResult.lines`'s) for the next lines written on this thread. */
export function giveBackLines(buffer: ArrayBuffer): void {
  if (spares.length < MAX_SPARES) spares.push(buffer);
}

/** Spare buffers kept: about as many as a scan has in flight from one worker. */
const MAX_SPARES = 4;

/** The most bytes of lines written at once on this thread: new memory starts that large, not grown by copies. */
let largestLines = 0;

/** How one key of a line is written from the row's cells (the row is its index in the select). */
function cellWriter(key: RecordRowKey, result: SelectResult, request: LinesRequest): LineValueWriter<number> {
  if (key === 'file') {
    const name = request.fileName;
    return (_, out) => out.string(name);
  }
  const text = result.text?.[key];
  if (text !== undefined) {
    const { bytes, starts, ends } = text;
    return (index, out) => {
      const start = starts[index]!;
      if (start < 0) out.ascii('null');
      else if (!out.plainText(bytes, start, ends[index]!)) out.string(decodeUtf8(bytes, start, ends[index]!));
    };
  }
  const cells: readonly CellValue[] | undefined = result.columns[key];
  if (cells === undefined) return (_, out) => out.ascii('null');
  if (key === RECORD_COLUMNS.payload) {
    const fields = request.fields;
    return (index, out) => {
      const payload = parsePayload((cells[index] ?? null) as string | null, fields);
      if (payload instanceof RawPayload) writePayload(out, payload.text, true);
      else writePayload(out, payload, false);
    };
  }
  if (key === RECORD_COLUMNS.batchStartedAt || key === RECORD_COLUMNS.batchEndedAt) {
    return (index, out) => {
      const time = cells[index] ?? null;
      out.value(time === null ? null : isoTime(new Date(time as number)));
    };
  }
  return (index, out) => out.value(cells[index] ?? null);
}

/** `result` with its rows (the first `limit`) as JSON Lines in `lines`, and no columns. */
export function withRecordLines(result: SelectResult, request: LinesRequest, limit: number | null): SelectResult {
  const count = Math.min(limit ?? Number.POSITIVE_INFINITY, result.rowIndexes.length);
  const writeRow = jsonLineWriter(request.keys, (key) => cellWriter(key, result, request));
  const spare = spares.pop();
  const out = new JsonBytes(spare !== undefined && spare.byteLength >= largestLines ? spare : new ArrayBuffer(Math.max(256 * 1024, Math.ceil(largestLines * 1.25))));
  // Lines of text read as bytes alone (the CLI's `--columns identifier,statusMessage`) are written
  // by the WebAssembly loop; a line with a value to escape, and other keys, through the writers.
  const texts = request.keys.map((key) => result.text?.[key]);
  const plain = texts.every((text) => text !== undefined) ? (texts as Utf8Texts[]) : null;
  if (plain !== null && plain.length > 0 && fastPathOn('wasm-text-lines')) {
    wasmTextLines().write(
      lineKeyPrefixes(request.keys).map((prefix) => encoder.encode(prefix)),
      plain,
      count,
      out,
      (index) => writeRow(index, out),
    );
  } else {
    for (let index = 0; index < count; index++) writeRow(index, out);
  }
  const lines = out.detach();
  largestLines = Math.max(largestLines, lines.length);
  const { text: _text, ...rest } = result;
  return { ...rest, rowIndexes: result.rowIndexes.slice(0, count), columns: {}, lines };
}

/**
 * The first `count` rows of a select: their columns, or their lines (a JSON line holds no raw
 * newline, so the count-th newline ends the last one kept).
 */
export function firstMatches(result: SelectResult, count: number): SelectResult {
  const columns = Object.fromEntries(Object.entries(result.columns).map(([column, values]) => [column, values.slice(0, count)]));
  const cut: SelectResult = { ...result, rowIndexes: result.rowIndexes.slice(0, count), columns };
  if (result.lines !== undefined) {
    let end = 0;
    for (let line = 0; line < count; line++) end = result.lines.indexOf(NEWLINE, end) + 1;
    cut.lines = result.lines.subarray(0, end);
  }
  return cut;
}
