// Raw snappy decompression (the block format Parquet pages use), in plain JavaScript: literals are
// copied with typed-array `set` and non-overlapping copies with `copyWithin`. Malformed input
// throws a SnappyError; it never reads or writes outside the given buffers.

export class SnappyError extends Error {
  override name = 'SnappyError';
}

/** The uncompressed length a snappy block declares, and where its elements start. */
export function snappyLength(input: Uint8Array): { length: number; start: number } {
  let length = 0;
  let shift = 0;
  for (let pos = 0; pos < input.length && shift <= 28; pos++, shift += 7) {
    const byte = input[pos]!;
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { length, start: pos + 1 };
  }
  throw new SnappyError('snappy block has no valid length header');
}

/**
 * Decompresses elements from `input[inStart]` onwards into `output`, starting at `outStart`, and
 * stops once `output` holds `outEnd` bytes (the whole block by default). Back references may only
 * reach bytes already in `output` at or after `windowStart`.
 */
export function snappyDecompressInto(
  input: Uint8Array,
  inStart: number,
  output: Uint8Array,
  outStart: number,
  outEnd: number = output.length,
  windowStart = 0,
): number {
  let pos = inStart;
  let out = outStart;
  const inputLength = input.length;
  while (out < outEnd) {
    if (pos >= inputLength) throw new SnappyError(`snappy block ended after ${out} of ${outEnd} bytes`);
    const tag = input[pos++]!;
    const type = tag & 3;
    if (type === 0) {
      let length = (tag >>> 2) + 1;
      if (length > 60) {
        const bytes = length - 60;
        if (pos + bytes > inputLength) throw new SnappyError('snappy literal length runs past the block');
        length = 0;
        for (let k = 0; k < bytes; k++) length += input[pos + k]! * 2 ** (8 * k);
        length += 1;
        pos += bytes;
      }
      if (pos + length > inputLength || out + length > output.length) throw new SnappyError('snappy literal runs past the block');
      if (length < 16) {
        for (let k = 0; k < length; k++) output[out + k] = input[pos + k]!;
      } else {
        output.set(input.subarray(pos, pos + length), out);
      }
      pos += length;
      out += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (type === 1) {
      if (pos >= inputLength) throw new SnappyError('snappy copy runs past the block');
      length = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[pos++]!;
    } else if (type === 2) {
      if (pos + 2 > inputLength) throw new SnappyError('snappy copy runs past the block');
      length = (tag >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8);
      pos += 2;
    } else {
      if (pos + 4 > inputLength) throw new SnappyError('snappy copy runs past the block');
      length = (tag >>> 2) + 1;
      offset = (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16)) + input[pos + 3]! * 0x1000000;
      pos += 4;
    }
    const from = out - offset;
    if (offset === 0 || from < windowStart) throw new SnappyError(`snappy copy refers ${offset} bytes back from byte ${out}, outside the data`);
    if (out + length > output.length) throw new SnappyError('snappy copy runs past the declared length');
    if (offset >= length) {
      if (length < 16) for (let k = 0; k < length; k++) output[out + k] = output[from + k]!;
      else output.copyWithin(out, from, from + length);
    } else {
      for (let k = 0; k < length; k++) output[out + k] = output[from + k]!;
    }
    out += length;
  }
  return pos;
}

/** Decompresses a whole snappy block into `output`, which must be exactly its declared length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  const { length, start } = snappyLength(input);
  if (length !== output.length) throw new SnappyError(`snappy block declares ${length} bytes, the page header ${output.length}`);
  const end = snappyDecompressInto(input, start, output, 0);
  if (end !== input.length) throw new SnappyError(`snappy block has ${input.length - end} bytes after its end`);
}
