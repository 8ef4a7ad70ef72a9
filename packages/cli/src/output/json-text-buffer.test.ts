import { describe, expect, it } from 'vitest';
import { JsonTextBuffer } from './json-text-buffer.js';

describe('JsonTextBuffer', () => {
  const lineOf = (value: string) => `${JSON.stringify({ value })}\n`;

  it('encodes the lines as joining them would, multi-byte text included', () => {
    const values = ['plain', 'Zoë 雪 🚀', '', 'quote " and \\ and \n', '\u0000', 'ascii'.repeat(50)];
    const buffer = new JsonTextBuffer();
    expect(buffer.encode(values, lineOf).toString('utf8')).toBe(values.map(lineOf).join(''));
  });

  it('grows past its first buffer and hands out bytes that later batches do not overwrite', () => {
    const buffer = new JsonTextBuffer();
    const big = Array.from({ length: 40_000 }, (_, index) => `雪 ${index} ${'x'.repeat(index % 40)}`);
    const first = buffer.encode(big, lineOf);
    const expected = big.map(lineOf).join('');
    expect(first.length).toBeGreaterThan(256 * 1024);
    const second = buffer.encode(['another batch'], lineOf);
    expect(first.toString('utf8')).toBe(expected);
    expect(second.toString('utf8')).toBe(lineOf('another batch'));
    expect(buffer.encode([], lineOf).length).toBe(0);
  });
});
