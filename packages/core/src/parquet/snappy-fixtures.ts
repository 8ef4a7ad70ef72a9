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

/** Bytes of many shapes: runs (overlapping copies), repeats from far back, long incompressible stretches. */
export function mixedBytes(seed: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
  for (let at = 0; at < size; ) {
    const kind = next() % 4;
    const length = Math.min(size - at, 1 + (next() % (kind === 3 ? 5000 : 90)));
    for (let k = 0; k < length; k++) {
      out[at + k] = kind === 0 ? 97 : kind === 1 ? out[Math.max(0, at + k - 1 - (next() % 7))]! : kind === 2 ? out[Math.max(0, at + k - 40_000)]! : next() & 0xff;
    }
    at += length;
  }
  return out;
}

/** An identifier page's shape: PLAIN values (4-byte length, then 10 random digits), as DuckDB writes them. */
export function identifierPage(rows: number, seed: number): Uint8Array {
  const out = new Uint8Array(rows * 14);
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
  for (let row = 0; row < rows; row++) {
    out[row * 14] = 10;
    for (let digit = 0; digit < 10; digit++) out[row * 14 + 4 + digit] = 48 + ((next() >>> 16) % 10);
  }
  return out;
}
