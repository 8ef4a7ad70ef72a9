import { describe, expect, it } from 'vitest';
import type { PageBody } from './page-decoder.js';
import { pagesMayHold, plainNeedles } from './text-prefilter.js';

/** A page body of PLAIN BYTE_ARRAY values, after `levels` bytes of definition levels. */
function plainPage(values: string[], levels = 0): PageBody {
  const parts = [Buffer.alloc(levels, 0x55)];
  for (const value of values) {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes);
  }
  return { header: {} as PageBody['header'], body: new Uint8Array(Buffer.concat(parts)), valuesAt: levels };
}

describe('pagesMayHold', () => {
  const pages = [plainPage(['1000042', '1000043', 'émile@example.com'], 6), plainPage(['2000001'])];

  it('finds a value in any page, UTF-8 included', () => {
    expect(pagesMayHold(pages, plainNeedles(['2000001']))).toBe(true);
    expect(pagesMayHold(pages, plainNeedles(['nope', 'émile@example.com']))).toBe(true);
  });

  it('rules out values no page holds, prefixes and suffixes of stored values among them', () => {
    expect(pagesMayHold(pages, plainNeedles(['1000044']))).toBe(false);
    expect(pagesMayHold(pages, plainNeedles(['100004', '0000042', '10000420']))).toBe(false);
    expect(pagesMayHold([], plainNeedles(['1000042']))).toBe(false);
  });

  it('counts the empty string as a value of its own', () => {
    expect(pagesMayHold(pages, plainNeedles(['']))).toBe(false);
    expect(pagesMayHold([plainPage(['a', ''])], plainNeedles(['']))).toBe(true);
  });
});
