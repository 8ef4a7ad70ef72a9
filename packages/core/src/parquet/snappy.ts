// The snappy block format Parquet pages use, as its decoder (wasm-snappy.ts) and its callers see
// it: the length header a block starts with, why a decompression step stops, and SnappyError for
// malformed input.

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

/** Why a decompression step returned (wasm-snappy.ts). */
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

/** Throws the SnappyError for a decompression that had to reach `outEnd` and stopped at `out`. */
export function expectReached(stop: SnappyStop, out: number, outEnd: number): void {
  if (stop === SnappyStop.InputEnded) throw new SnappyError(`snappy block ended after ${out} of ${outEnd} bytes`);
  if (stop === SnappyStop.NoRoom) throw new SnappyError(`snappy element at byte ${out} runs past the declared length`);
  if (stop === SnappyStop.FarReference) throw new SnappyError(`snappy copy at byte ${out} refers back outside the data`);
}
