// The runs of Parquet's RLE / bit-packed hybrid encoding, as the JavaScript reader of them
// (rle-count.ts) sees them, and the error every reader throws on malformed runs (RleError): each
// starts with a ULEB128 header whose low bit says repeated (a value stored once) or bit-packed
// (groups of 8 values). The WebAssembly decoder (rle-wasm/rle.wat) reads the same headers.

export class RleError extends Error {
  override name = 'RleError';
}

/** A run header (a ULEB128 varint) of more than one byte, from `pos`; the rare case, kept out of the loops. */
export function longRunHeader(bytes: Uint8Array, pos: number, end: number): { header: number; pos: number } {
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
