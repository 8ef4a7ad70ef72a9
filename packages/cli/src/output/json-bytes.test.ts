import { describe, expect, it } from 'vitest';
import { JsonBytes } from './json-bytes.js';

describe('JsonBytes', () => {
  it('writes a string as JSON.stringify does, for every character that needs escaping and for plain text', () => {
    const texts = [
      '',
      'plain ascii 123',
      'Zoë 雪 🚀',
      'quote " inside',
      'back \\ slash',
      'controls \u0000 \u0001 \n \r \t \u001f',
      'del \u007f and \u2028 \u2029',
      'lone high \ud83d here',
      'lone low \ude80 here',
      'reversed \ude80\ud83d pair',
      '\ud83d',
      `${'long plain text '.repeat(40)}then "a quote" at the end`,
    ];
    for (let code = 0; code < 0x100; code++) texts.push(`x${String.fromCharCode(code)}y`);
    const out = new JsonBytes();
    for (const text of texts) {
      out.string(text);
      expect(out.take().toString('utf8'), JSON.stringify(text)).toBe(JSON.stringify(text));
    }
  });

  it('writes values as JSON.stringify does', () => {
    const values = [null, 0, -0, 1.5, -12, 1e21, 5e-7, Number.NaN, Number.POSITIVE_INFINITY, true, false, 'text', { a: [1, 'ü', null] }, [], {}];
    const out = new JsonBytes();
    for (const value of values) {
      out.value(value);
      expect(out.take().toString('utf8'), String(value)).toBe(JSON.stringify(value));
    }
  });

  it('grows past its first buffer and hands out bytes that later writes do not overwrite', () => {
    const out = new JsonBytes();
    const texts = Array.from({ length: 40_000 }, (_, index) => (index % 3 === 0 ? `雪 ${index} "${'x'.repeat(index % 40)}"` : `plain ${index}`));
    for (const text of texts) {
      out.string(text);
      out.ascii('\n');
    }
    const first = out.take();
    expect(first.length).toBeGreaterThan(256 * 1024);
    out.utf8('another batch: Zoë');
    const second = out.take();
    expect(first.toString('utf8')).toBe(texts.map((text) => `${JSON.stringify(text)}\n`).join(''));
    expect(second.toString('utf8')).toBe('another batch: Zoë');
    expect(out.take().length).toBe(0);
  });
});
