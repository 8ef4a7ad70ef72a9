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

/** Where a decompression stands: the next element's offset in the input, and bytes output so far. */
export interface SnappyProgress {
  pos: number;
  out: number;
  /**
   * When present, lowered to the earliest output offset a copy read from: where decompression can
   * restart without the bytes before it (value-map.ts's restart points).
   */
  reach?: number;
}

/** Why `snappyStep` returned. */
export const SnappyStop = {
  /** `output` holds `outEnd` bytes (the last element may have run past it). */
  Reached: 0,
  /** The input ended first. */
  InputEnded: 1,
  /** The next element does not fit in `output`; it is left unread. */
  NoRoom: 2,
  /** The next element refers back before `windowStart`; it is left unread. */
  FarReference: 3,
} as const;
export type SnappyStop = (typeof SnappyStop)[keyof typeof SnappyStop];

/**
 * Decompresses elements from `progress.pos` into `output` at `progress.out` until it holds
 * `outEnd` bytes, and advances `progress`. Back references may only reach bytes at or after
 * `windowStart`. A length or offset that cannot be right throws SnappyError; the other ends are
 * the caller's to judge (a sliding window slides on NoRoom, a whole block calls it an error).
 */
export function snappyStep(input: Uint8Array, output: Uint8Array, progress: SnappyProgress, outEnd: number, windowStart = 0): SnappyStop {
  let pos = progress.pos;
  let out = progress.out;
  let reach = progress.reach ?? Number.POSITIVE_INFINITY;
  const inputLength = input.length;
  const outputLength = output.length;
  let stop: SnappyStop = SnappyStop.Reached;
  while (out < outEnd) {
    if (pos >= inputLength) {
      stop = SnappyStop.InputEnded;
      break;
    }
    const at = pos;
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
      if (pos + length > inputLength) throw new SnappyError('snappy literal runs past the block');
      if (out + length > outputLength) {
        pos = at;
        stop = SnappyStop.NoRoom;
        break;
      }
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
    if (offset === 0) throw new SnappyError(`snappy copy at byte ${out} has offset 0`);
    if (from < windowStart || out + length > outputLength) {
      pos = at;
      stop = from < windowStart ? SnappyStop.FarReference : SnappyStop.NoRoom;
      break;
    }
    if (from < reach) reach = from;
    if (offset >= length) {
      if (length < 16) for (let k = 0; k < length; k++) output[out + k] = output[from + k]!;
      else output.copyWithin(out, from, from + length);
    } else {
      for (let k = 0; k < length; k++) output[out + k] = output[from + k]!;
    }
    out += length;
  }
  progress.pos = pos;
  progress.out = out;
  if (progress.reach !== undefined) progress.reach = reach;
  return stop;
}

/**
 * Decompresses elements from `input[inStart]` onwards into `output`, starting at `outStart`, and
 * stops once `output` holds `outEnd` bytes (the whole block by default). Back references may only
 * reach bytes already in `output` at or after `windowStart`. Returns where the input stopped.
 */
export function snappyDecompressInto(
  input: Uint8Array,
  inStart: number,
  output: Uint8Array,
  outStart: number,
  outEnd: number = output.length,
  windowStart = 0,
): number {
  const progress = { pos: inStart, out: outStart };
  expectReached(snappyStep(input, output, progress, outEnd, windowStart), progress.out, outEnd);
  return progress.pos;
}

/** Throws the SnappyError for a decompression that had to reach `outEnd` and stopped at `out`. */
export function expectReached(stop: SnappyStop, out: number, outEnd: number): void {
  if (stop === SnappyStop.InputEnded) throw new SnappyError(`snappy block ended after ${out} of ${outEnd} bytes`);
  if (stop === SnappyStop.NoRoom) throw new SnappyError(`snappy element at byte ${out} runs past the declared length`);
  if (stop === SnappyStop.FarReference) throw new SnappyError(`snappy copy at byte ${out} refers back outside the data`);
}

/** Decompresses a whole snappy block into `output`, which must be exactly its declared length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  const { length, start } = snappyLength(input);
  if (length !== output.length) throw new SnappyError(`snappy block declares ${length} bytes, the page header ${output.length}`);
  const end = snappyDecompressInto(input, start, output, 0);
  if (end !== input.length) throw new SnappyError(`snappy block has ${input.length - end} bytes after its end`);
}
