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

  it('copies UTF-8 that needs no escaping as it is, and refuses (writing nothing) any other', () => {
    const out = new JsonBytes();
    for (let byte = 0; byte < 256; byte++) {
      const bytes = Uint8Array.from([0x61, byte, 0x62]);
      const copied = out.plainText(bytes, 0, 3);
      expect(copied, `byte ${byte}`).toBe(byte >= 0x20 && byte <= 0x7e && byte !== 0x22 && byte !== 0x5c);
      expect(out.take().toString('latin1')).toBe(copied ? JSON.stringify(`a${String.fromCharCode(byte)}b`) : '');
    }
    // A range within larger bytes, and the empty text.
    const bytes = Buffer.from('xx{"plain text 12"}yy');
    expect(out.plainText(bytes, 4, 17)).toBe(true);
    expect(out.plainText(bytes, 0, 0)).toBe(true);
    expect(out.take().toString()).toBe('"plain text 12"""');
  });

  it('writes into memory it is given, and gives up what it wrote without a copy', () => {
    const memory = new ArrayBuffer(1024);
    const out = new JsonBytes(memory);
    out.ascii('{"a":');
    out.string('Zoë');
    out.ascii('}');
    const lines = out.detach();
    expect(lines.buffer).toBe(memory);
    expect(Buffer.from(lines).toString()).toBe('{"a":"Zoë"}');
    out.ascii('next');
    expect(out.take().toString()).toBe('next');
    expect(Buffer.from(lines).toString()).toBe('{"a":"Zoë"}');
  });
});
