// JSON texts (the lines of `--json` records, the groups of `errors --json`) encoded into bytes one
// at a time. Joining a batch into one string and handing it to the stream made V8 flatten a rope of
// thousands of pieces and then encode it: ~280 ms of the main thread for the 160k lines of a filter
// on 2M records, ~1 s for the 267k groups of errors on 10M. Writing each short text into one reused
// buffer and copying the batch out costs a quarter to a half of that.

/** Bytes a UTF-16 code unit may take in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;

export class JsonTextBuffer {
  private scratch = Buffer.allocUnsafeSlow(256 * 1024);

  /** The texts of `items`, one after the other, as a buffer of their own. */
  encode<T>(items: readonly T[], textOf: (item: T) => string): Buffer {
    let at = 0;
    for (const item of items) {
      const text = textOf(item);
      const room = text.length * MAX_BYTES_PER_UNIT;
      if (at + room > this.scratch.length) this.grow(at, at + room);
      at += this.scratch.write(text, at, 'utf8');
    }
    return Buffer.from(this.scratch.subarray(0, at));
  }

  private grow(used: number, needed: number): void {
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.scratch.length * 2));
    this.scratch.copy(grown, 0, 0, used);
    this.scratch = grown;
  }
}
