// Picking the values at a few positions of an RLE / bit-packed hybrid stretch: runs holding none of
// them are stepped over and a bit-packed value is read where it lies, so a few rows of a page cost
// a few reads, not a decode of every value.
import { longRunHeader, RleError } from './rle-runs.js';

/** Set bits per byte. */
const POPCOUNT = (() => {
  const table = new Uint8Array(256);
  for (let byte = 1; byte < 256; byte++) table[byte] = (byte & 1) + table[byte >>> 1]!;
  return table;
})();

/**
 * The values at `positions` (ascending, each below `count`) of `count` values of `bitWidth` bits
 * from `bytes[pos, end)`: `out[i]` gets the value at `positions[i]`. Runs holding none of them are
 * stepped over, and a bit-packed value is read where it lies: what picking a few rows of a
 * dictionary-encoded page costs instead of decoding an index per row.
 */
export function pickRleHybrid(
  bytes: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  count: number,
  positions: ArrayLike<number>,
  out: Int32Array,
): void {
  if (bitWidth < 0 || bitWidth > 24) throw new RleError(`bit width ${bitWidth} is out of range`);
  const valueBytes = (bitWidth + 7) >>> 3;
  const mask = (1 << bitWidth) - 1;
  let at = 0;
  let p = 0;
  while (p < positions.length) {
    if (positions[p]! >= count) throw new RleError(`position ${positions[p]} is past the ${count} values`);
    if (pos >= end) throw new RleError(`runs end after ${at} of ${count} values`);
    let header = bytes[pos++]!;
    if (header >= 0x80) ({ header, pos } = longRunHeader(bytes, pos - 1, end));
    if ((header & 1) === 0) {
      const stop = at + Math.floor(header / 2);
      if (pos + valueBytes > end) throw new RleError('repeated value runs past the data');
      // A width of 0 stores no value bytes: every value of the run is 0.
      let value = valueBytes === 0 ? 0 : bytes[pos]!;
      for (let k = 1; k < valueBytes; k++) value |= bytes[pos + k]! << (8 * k);
      pos += valueBytes;
      while (p < positions.length && positions[p]! < stop) out[p++] = value;
      at = stop;
      continue;
    }
    const groups = Math.floor(header / 2);
    const stop = at + groups * 8;
    while (p < positions.length && positions[p]! < stop) {
      const bit = (positions[p]! - at) * bitWidth;
      const first = pos + (bit >>> 3);
      const last = pos + ((bit + bitWidth - 1) >>> 3);
      if (bitWidth > 0 && last >= end) throw new RleError('bit-packed run runs past the data');
      let word = 0;
      for (let k = first; k <= last && bitWidth > 0; k++) word |= bytes[k]! << (8 * (k - first));
      out[p++] = (word >>> (bit & 7)) & mask;
    }
    at = stop;
    pos += groups * bitWidth;
  }
}

/**
 * Definition levels of width 1 (a flat optional column) at `rows` (ascending, each below `count`):
 * `out[i]` is how many values precede row `rows[i]` (its place among the page's values), or -1
 * when the row is null. Bit-packed runs are counted a byte at a time.
 */
export function pickDefinedRanks(bytes: Uint8Array, pos: number, end: number, count: number, rows: ArrayLike<number>, out: Int32Array): void {
  let at = 0;
  let defined = 0;
  let p = 0;
  while (p < rows.length) {
    if (rows[p]! >= count) throw new RleError(`row ${rows[p]} is past the ${count} levels`);
    if (pos >= end) throw new RleError(`runs end after ${at} of ${count} values`);
    let header = bytes[pos++]!;
    if (header >= 0x80) ({ header, pos } = longRunHeader(bytes, pos - 1, end));
    if ((header & 1) === 0) {
      const length = Math.floor(header / 2);
      if (pos >= end) throw new RleError('repeated value runs past the data');
      const value = bytes[pos++]! & 1;
      const stop = at + length;
      while (p < rows.length && rows[p]! < stop) {
        out[p] = value === 1 ? defined + rows[p]! - at : -1;
        p++;
      }
      if (value === 1) defined += length;
      at = stop;
      continue;
    }
    const groups = Math.floor(header / 2);
    const stop = at + groups * 8;
    // Bits before `cursor` (a multiple of 8 within the run) are counted in `defined`.
    let cursor = 0;
    while (p < rows.length && rows[p]! < stop) {
      const offset = rows[p]! - at;
      const byteAt = pos + (offset >>> 3);
      if (byteAt >= end) throw new RleError('bit-packed run runs past the data');
      for (; cursor + 8 <= offset; cursor += 8) defined += POPCOUNT[bytes[pos + (cursor >>> 3)]!]!;
      const byte = bytes[byteAt]!;
      const bit = offset & 7;
      out[p] = (byte >>> bit) & 1 ? defined + POPCOUNT[byte & ((1 << bit) - 1)]! : -1;
      p++;
    }
    for (; cursor < groups * 8 && pos + (cursor >>> 3) < end; cursor += 8) defined += POPCOUNT[bytes[pos + (cursor >>> 3)]!]!;
    at = stop;
    pos += groups;
  }
}
