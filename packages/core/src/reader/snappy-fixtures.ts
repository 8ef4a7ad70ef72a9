// Hand-made snappy blocks for the decoders' tests: the length header every block starts with.

/** `value` as a little-endian base-128 varint. */
export function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}
