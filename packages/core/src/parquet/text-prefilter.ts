// Rules a text chunk out before decoding it: in a PLAIN-encoded BYTE_ARRAY page, and in a
// dictionary page, every value is stored as its 4-byte little-endian length followed by its UTF-8
// bytes. A chunk none of whose (decompressed) pages holds that byte sequence for any wanted value
// has no row with one of them. The search is Buffer#indexOf (native, memchr-based), so ruling out a
// 100k-row identifier page costs a fraction of decoding it; `find` answers most row groups this way.
// A hit proves nothing (the bytes may straddle two values): the caller decodes as usual.
import { fastPathOn } from './fast-paths.js';
import type { PageBody } from './page-decoder.js';

/** The byte sequences a PLAIN value equal to each of `values` is stored as. */
export function plainNeedles(values: readonly string[]): Buffer[] {
  const encoder = new TextEncoder();
  return values.map((value) => {
    const bytes = encoder.encode(value);
    const needle = Buffer.alloc(4 + bytes.length);
    needle.writeUInt32LE(bytes.length, 0);
    needle.set(bytes, 4);
    return needle;
  });
}

/** False only when no page can hold any of the values whose needles are given (always true with `text-prefilter` off). */
export function pagesMayHold(pages: readonly PageBody[], needles: readonly Buffer[]): boolean {
  if (!fastPathOn('text-prefilter')) return true;
  for (const page of pages) {
    const body = bufferView(page.body);
    for (const needle of needles) if (body.indexOf(needle) !== -1) return true;
  }
  return false;
}

/** Where the last occurrence of any needle in `body` starts, at or after `from`; -1 when none does. */
export function lastNeedleAt(body: Uint8Array, needles: readonly Buffer[], from: number): number {
  const bytes = bufferView(body);
  let last = -1;
  for (const needle of needles) {
    for (let at = bytes.indexOf(needle, from); at !== -1; at = bytes.indexOf(needle, at + 1)) last = Math.max(last, at);
  }
  return last;
}

function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
