// Parquet's RLE / bit-packed hybrid encoding, used for definition levels and dictionary indices.

export class RleError extends Error {
  override name = 'RleError';
}

/** A run header (a ULEB128 varint) of more than one byte, from `pos`; the rare case, kept out of the loops. */
function longRunHeader(bytes: Uint8Array, pos: number, end: number): { header: number; pos: number } {
  let header = 0;
  let scale = 1;
  for (;;) {
    if (pos >= end) throw new RleError('a run header runs past the data');
    const byte = bytes[pos++]!;
    header += (byte & 0x7f) * scale;
    if (byte < 0x80) return { header, pos };
    scale *= 0x80;
    if (scale > 2 ** 35) throw new RleError('run header is too long');
  }
}

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
      let value = bytes[pos]!;
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

/**
 * Counts `count` values of `bitWidth` bits from `bytes[pos, end)` by value: `counts[v]` grows by
 * the number of values equal to `v`, without writing the values out. A value at or past
 * `counts.length` throws. Returns the position after the last run read.
 */
export function countRleHybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, counts: Int32Array, count: number): number {
  if (bitWidth < 0 || bitWidth > 24) throw new RleError(`bit width ${bitWidth} is out of range`);
  const valueBytes = (bitWidth + 7) >>> 3;
  const mask = (1 << bitWidth) - 1;
  const limit = counts.length;
  let left = count;
  while (left > 0) {
    if (pos >= end) throw new RleError(`runs end after ${count - left} of ${count} values`);
    let header = bytes[pos++]!;
    if (header >= 0x80) ({ header, pos } = longRunHeader(bytes, pos - 1, end));
    if ((header & 1) === 0) {
      if (pos + valueBytes > end) throw new RleError('repeated value runs past the data');
      let value = bytes[pos]!;
      for (let k = 1; k < valueBytes; k++) value |= bytes[pos + k]! << (8 * k);
      pos += valueBytes;
      const take = Math.min(Math.floor(header / 2), left);
      if (take > 0 && value >= limit) throw new RleError(`value ${value} is outside the ${limit} expected`);
      counts[value]! += take;
      left -= take;
      continue;
    }
    const groups = Math.floor(header / 2);
    const byteLength = groups * bitWidth;
    const values = Math.min(groups * 8, left);
    if (pos + Math.ceil((values * bitWidth) / 8) > end) throw new RleError('bit-packed run runs past the data');
    if (bitWidth === 0) {
      if (values > 0 && limit === 0) throw new RleError('value 0 is outside the 0 expected');
      counts[0]! += values;
    } else {
      // A running accumulator of at most 31 bits, as in decodeRleHybrid.
      let acc = 0;
      let bits = 0;
      let p = pos;
      for (let k = 0; k < values; k++) {
        while (bits < bitWidth) {
          acc |= bytes[p++]! << bits;
          bits += 8;
        }
        const value = acc & mask;
        if (value >= limit) throw new RleError(`value ${value} is outside the ${limit} expected`);
        counts[value]!++;
        acc >>>= bitWidth;
        bits -= bitWidth;
      }
    }
    left -= values;
    pos += byteLength;
  }
  return Math.min(pos, end);
}
