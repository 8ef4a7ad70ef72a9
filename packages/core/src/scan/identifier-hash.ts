// A 64-bit hash of an identifier's UTF-8 bytes, as two 32-bit halves (FNV-1a, and a
// multiply-xorshift hash). The index stores hashes, not identifiers: a match is confirmed by
// reading the identifier back, so a collision costs a read, never a wrong answer.

export function hashIdentifierBytes(bytes: Uint8Array, from: number, to: number): [number, number] {
  let high = 0x811c9dc5 ^ (to - from);
  let low = 0x9747b28c ^ (to - from);
  for (let k = from; k < to; k++) {
    const byte = bytes[k]!;
    high = Math.imul(high ^ byte, 0x01000193);
    low = Math.imul(low ^ byte, 0x5bd1e995);
    low ^= low >>> 15;
  }
  high ^= high >>> 13;
  high = Math.imul(high, 0x85ebca6b);
  high ^= high >>> 16;
  return [high >>> 0, low >>> 0];
}

const encoder = new TextEncoder();

export function hashIdentifier(identifier: string): [number, number] {
  const bytes = encoder.encode(identifier);
  return hashIdentifierBytes(bytes, 0, bytes.length);
}
