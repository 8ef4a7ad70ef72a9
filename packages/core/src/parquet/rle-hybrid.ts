// Parquet's RLE / bit-packed hybrid encoding, used for definition levels and dictionary indices:
// the decoder of a whole stretch of values (the runs' headers are read in rle-runs.ts). What reads
// the same runs another way lives beside it: counting values without writing them (rle-count.ts)
// and picking the values at a few positions (rle-pick.ts); both are re-exported here.
import { longRunHeader, RleError } from './rle-runs.js';

export { RleError };

/**
 * Decodes `count` values of `bitWidth` bits from `bytes[pos, end)` into `out` from `outAt`.
 * Returns the position after the last run read.
 */
export function decodeRleHybrid(
  bytes: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  out: Int32Array,
  outAt: number,
  count: number,
): number {
  // Up to 24 bits: enough for levels and for dictionaries of 16 million entries.
  if (bitWidth < 0 || bitWidth > 24) throw new RleError(`bit width ${bitWidth} is out of range`);
  const stop = outAt + count;
  const valueBytes = (bitWidth + 7) >>> 3;
  const mask = (1 << bitWidth) - 1;
  let at = outAt;
  while (at < stop) {
    // The run header: a ULEB128 varint, most often one byte.
    if (pos >= end) throw new RleError(`runs end after ${at - outAt} of ${count} values`);
    let header = bytes[pos++]!;
    if (header >= 0x80) ({ header, pos } = longRunHeader(bytes, pos - 1, end));
    if ((header & 1) === 0) {
      const runLength = Math.floor(header / 2);
      if (pos + valueBytes > end) throw new RleError('repeated value runs past the data');
      // A width of 0 stores no value bytes: every value of the run is 0.
      let value = valueBytes === 0 ? 0 : bytes[pos]!;
      for (let k = 1; k < valueBytes; k++) value |= bytes[pos + k]! << (8 * k);
      pos += valueBytes;
      const take = Math.min(runLength, stop - at);
      if (take < 32) for (let k = at; k < at + take; k++) out[k] = value;
      else out.fill(value, at, at + take);
      at += take;
      continue;
    }
    const groups = Math.floor(header / 2);
    const byteLength = groups * bitWidth;
    if (pos + byteLength > end) {
      // Some writers end the last run early; only values actually wanted must be present.
      const available = Math.floor(((end - pos) * 8) / Math.max(1, bitWidth));
      if (available < stop - at) throw new RleError('bit-packed run runs past the data');
    }
    const values = Math.min(groups * 8, stop - at);
    if (bitWidth === 0) {
      out.fill(0, at, at + values);
    } else if (8 % bitWidth === 0) {
      // Widths 1, 2, 4 and 8 never straddle a byte: whole bytes at a time.
      const perByte = 8 / bitWidth;
      const whole = Math.floor(values / perByte);
      let k = at;
      for (let b = pos, last = pos + whole; b < last; b++) {
        let byte = bytes[b]!;
        for (let v = 0; v < perByte; v++) {
          out[k++] = byte & mask;
          byte >>>= bitWidth;
        }
      }
      let byte = bytes[pos + whole] ?? 0;
      for (; k < at + values; k++) {
        out[k] = byte & mask;
        byte >>>= bitWidth;
      }
    } else {
      // A running accumulator: at most 31 bits are ever held, so 32-bit integer ops suffice.
      let acc = 0;
      let bits = 0;
      let p = pos;
      for (let k = at, last = at + values; k < last; k++) {
        while (bits < bitWidth) {
          acc |= bytes[p++]! << bits;
          bits += 8;
        }
        out[k] = acc & mask;
        acc >>>= bitWidth;
        bits -= bitWidth;
      }
    }
    at += values;
    pos += byteLength;
  }
  return Math.min(pos, end);
}

export { countRleHybrid } from './rle-count.js';
export { pickDefinedRanks, pickRleHybrid } from './rle-pick.js';
