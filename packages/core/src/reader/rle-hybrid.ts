// Parquet's RLE / bit-packed hybrid encoding, used for definition levels and dictionary indices.

export class RleError extends Error {
  override name = 'RleError';
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
  if (bitWidth < 0 || bitWidth > 32) throw new RleError(`bit width ${bitWidth} is out of range`);
  const stop = outAt + count;
  const valueBytes = (bitWidth + 7) >>> 3;
  const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1;
  let at = outAt;
  while (at < stop) {
    // The run header: a ULEB128 varint.
    let header = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new RleError(`runs end after ${at - outAt} of ${count} values`);
      const byte = bytes[pos++]!;
      header += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 35) throw new RleError('run header is too long');
    }
    if ((header & 1) === 0) {
      const runLength = Math.floor(header / 2);
      if (pos + valueBytes > end) throw new RleError('repeated value runs past the data');
      let value = 0;
      for (let k = 0; k < valueBytes; k++) value += bytes[pos + k]! * 2 ** (8 * k);
      pos += valueBytes;
      const take = Math.min(runLength, stop - at);
      out.fill(value | 0, at, at + take);
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
    } else {
      let bitPos = 0;
      for (let k = 0; k < values; k++) {
        let byteAt = pos + (bitPos >>> 3);
        const bitOffset = bitPos & 7;
        let value = bytes[byteAt]! >>> bitOffset;
        let have = 8 - bitOffset;
        while (have < bitWidth) {
          value |= bytes[++byteAt]! << have;
          have += 8;
        }
        out[at + k] = value & mask;
        bitPos += bitWidth;
      }
    }
    at += values;
    pos += byteLength;
  }
  return Math.min(pos, end);
}
