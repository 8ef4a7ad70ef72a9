// A JSON array of many items (`errors --json`: one per distinct message, 267k on a 10M-record run;
// `diff --json`'s error groups)
// written as the one text JSON.stringify would give, without ever holding it whole. A slice of items
// at a time is one JSON.stringify (native: a fresh process compiles no writer of its own first),
// encoded into memory that is written and then reused. Slices are kept small: a string of a few
// hundred KB is fresh memory each time, and so was a buffer encoded per write (on 10M records, 104k
// page faults against 75k, 1.63 against 1.51 s).
import type { JsonValue } from '@synctrack/core';
import type { OutputSink } from './output-sink.js';

/** Items per JSON.stringify: ~40 KB of text for error groups. */
const SLICE_ITEMS = 256;
/** Bytes gathered before a write. */
const BUFFER_BYTES = 1024 * 1024;
/** The most UTF-8 bytes one UTF-16 code unit encodes to. */
const MAX_BYTES_PER_UNIT = 3;
const OPEN = 0x5b;
const COMMA = 0x2c;

/** Text around the array: `errors --json` prints it alone and a newline; `diff --json` inside an object. */
export interface ArrayFrame {
  before: string;
  after: string;
}

/**
 * Writes `before`, `JSON.stringify(items.map(json))` and `after` (by default the array and a
 * newline) to `sink`, unless it closes on the way.
 */
export async function writeJsonArray<T>(sink: OutputSink, items: readonly T[], json: (item: T) => JsonValue, frame: ArrayFrame = { before: '', after: '\n' }): Promise<void> {
  if (items.length === 0) {
    await sink.write(`${frame.before}[]${frame.after}`);
    return;
  }
  if (frame.before !== '') await sink.write(frame.before);
  const buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    // The bytes are the sink's until it is done with them; then the buffer takes the next slices.
    let release!: () => void;
    const reusable = new Promise<void>((resolve) => (release = resolve));
    await sink.write(buffer.subarray(0, used), release);
    await reusable;
    used = 0;
  };
  for (let at = 0; at < items.length && !sink.closed; at += SLICE_ITEMS) {
    const text = JSON.stringify(items.slice(at, at + SLICE_ITEMS).map(json));
    if (used + MAX_BYTES_PER_UNIT * text.length > buffer.length) await flush();
    if (MAX_BYTES_PER_UNIT * text.length > buffer.length) {
      // A slice larger than the buffer (items of hundreds of KB): as text.
      await sink.write(`${at === 0 ? '[' : ','}${text.slice(1, -1)}`);
      continue;
    }
    // The slice's own brackets go: its "[" becomes the array's "[" or a ",", its "]" is dropped.
    const written = buffer.write(text, used);
    buffer[used] = at === 0 ? OPEN : COMMA;
    used += written - 1;
  }
  await flush();
  if (!sink.closed) await sink.write(`]${frame.after}`);
}
