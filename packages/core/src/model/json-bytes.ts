// JSON written straight into bytes: a reused buffer that fields, strings and whole texts are
// appended to, then copied out a batch at a time. A record line of a filter was a string built from
// pieces, tested by a regular expression, flattened and then encoded (~1 µs a line, most of it
// garbage for the collector); here a string with nothing to escape is copied a UTF-16 unit at a time
// into the bytes it stands for, and only other strings go through JSON.stringify.
import { stringifyJson } from './json-text.js';

/** Bytes a UTF-16 code unit may take in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonBytes {
  private scratch: Buffer;
  private at = 0;

  /** `memory`: where to write, instead of new memory (it grows into new memory when outgrown). */
  constructor(memory?: ArrayBuffer) {
    this.scratch = memory === undefined ? Buffer.allocUnsafeSlow(256 * 1024) : Buffer.from(memory);
  }

  /** Text known to be ASCII with nothing to escape (keys, punctuation, numbers), as it is. */
  ascii(text: string): void {
    this.reserve(text.length);
    const { scratch } = this;
    let at = this.at;
    for (let index = 0; index < text.length; index++) scratch[at++] = text.charCodeAt(index);
    this.at = at;
  }

  /** Bytes of JSON written elsewhere, as they are. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.scratch.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Any text, encoded as UTF-8 (a JSON text made elsewhere). */
  utf8(text: string): void {
    this.reserve(text.length * MAX_BYTES_PER_UNIT);
    this.at += this.scratch.write(text, this.at, 'utf8');
  }

  /** `JSON.stringify(text)`: quoted, and escaped when it has to be. */
  string(text: string): void {
    this.reserve(text.length + 2);
    const { scratch } = this;
    const start = this.at;
    let at = start;
    scratch[at++] = QUOTE;
    for (let index = 0; index < text.length; index++) {
      const unit = text.charCodeAt(index);
      // Controls, quote, backslash and anything past ASCII: the general path.
      if (unit < 0x20 || unit > 0x7f || unit === QUOTE || unit === BACKSLASH) {
        this.at = start;
        this.utf8(JSON.stringify(text));
        return;
      }
      scratch[at++] = unit;
    }
    scratch[at++] = QUOTE;
    this.at = at;
  }

  /**
   * `JSON.stringify` of the text whose UTF-8 is `bytes[start, end)`, copied as it is when it is
   * printable ASCII without quote or backslash (returns true); otherwise writes nothing and
   * returns false, for the caller to write the decoded text with `string`.
   */
  plainText(bytes: Uint8Array, start: number, end: number): boolean {
    this.reserve(end - start + 2);
    const { scratch } = this;
    let at = this.at;
    scratch[at++] = QUOTE;
    for (let index = start; index < end; index++) {
      const byte = bytes[index]!;
      if (byte < 0x20 || byte > 0x7e || byte === QUOTE || byte === BACKSLASH) return false;
      scratch[at++] = byte;
    }
    scratch[at++] = QUOTE;
    this.at = at;
    return true;
  }

  /** `JSON.stringify(value)` for a value that is not undefined, of any depth; strings through `string`. */
  value(value: unknown): void {
    if (typeof value === 'string') this.string(value);
    else if (value === null) this.ascii('null');
    else if (typeof value === 'number' && Number.isFinite(value)) this.ascii(String(value));
    else this.utf8(stringifyJson(value));
  }

  /** The bytes written since the last `take`, as a buffer of their own; the scratch is reused. */
  take(): Buffer {
    const bytes = Buffer.from(this.scratch.subarray(0, this.at));
    this.at = 0;
    return bytes;
  }

  /**
   * The bytes written, in the memory they were written to, which this writer then gives up (it
   * writes on into new memory): no copy, for a buffer that is transferred to another thread.
   */
  detach(): Uint8Array {
    const bytes = new Uint8Array(this.scratch.buffer, this.scratch.byteOffset, this.at);
    this.scratch = Buffer.allocUnsafeSlow(0);
    this.at = 0;
    return bytes;
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.scratch.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.at + bytes, this.scratch.length * 2, 64 * 1024));
    this.scratch.copy(grown, 0, 0, this.at);
    this.scratch = grown;
  }
}
