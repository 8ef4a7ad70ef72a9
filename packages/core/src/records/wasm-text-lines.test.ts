// The WebAssembly line writer: the committed binary is what its source assembles to, and its lines
// are those JSON.stringify makes, with every row it cannot copy as it is left to the caller.
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { JsonBytes } from '../model/json-bytes.js';
import type { Utf8Texts } from '../model/utf8-texts.js';
import { TEXT_LINES_WASM } from './text-lines-wasm/text-lines-binary.js';
import { WasmTextLines } from './wasm-text-lines.js';

const encoder = new TextEncoder();

/** Texts (null for null) as UTF-8 cells, each at an offset of its own in one buffer, in shuffled order. */
function cells(values: ReadonlyArray<string | null>): Utf8Texts {
  const encoded = values.map((value) => (value === null ? null : encoder.encode(value)));
  const bytes = new Uint8Array(encoded.reduce((sum, value) => sum + (value?.length ?? 0) + 3, 0) + 8);
  const starts = new Int32Array(values.length);
  const ends = new Int32Array(values.length);
  let at = bytes.length;
  // Laid out back to front, with gaps: rows do not read their bytes in order.
  encoded.forEach((value, index) => {
    if (value === null) {
      starts[index] = -1;
      return;
    }
    at -= value.length + 3;
    bytes.set(value, at);
    starts[index] = at;
    ends[index] = at + value.length;
  });
  return { bytes, starts, ends };
}

/** The lines JSON.stringify makes for the rows. */
function expected(keys: readonly string[], columns: ReadonlyArray<ReadonlyArray<string | null>>, count: number): string {
  let text = '';
  for (let row = 0; row < count; row++) text += `${JSON.stringify(Object.fromEntries(keys.map((key, index) => [key, columns[index]![row]])))}\n`;
  return text;
}

/** Lines through the module, with the rows it hands back written by JSON.stringify; and those rows. */
function written(keys: readonly string[], columns: ReadonlyArray<ReadonlyArray<string | null>>, count = columns[0]!.length) {
  const out = new JsonBytes();
  const handedBack: number[] = [];
  const prefixes = keys.map((key, index) => encoder.encode(`${index === 0 ? '{' : ','}${JSON.stringify(key)}:`));
  new WasmTextLines().write(prefixes, columns.map(cells), count, out, (row) => {
    handedBack.push(row);
    out.utf8(`${JSON.stringify(Object.fromEntries(keys.map((key, index) => [key, columns[index]![row]])))}\n`);
  });
  return { text: new TextDecoder().decode(out.take()), handedBack };
}

describe('text-lines.wasm', () => {
  it('is what text-lines.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleWat('records/text-lines-wasm/', 'text-lines.wat')).toBe(TEXT_LINES_WASM);
  });

  it('writes the lines JSON.stringify makes, and hands back exactly the rows with a byte to escape', () => {
    const long = 'INVALID_EMAIL_ADDRESS: Email: invalid email address';
    // A byte to escape at every place of a 16-byte block and in the tail after the blocks.
    const places = [0, 1, 7, 14, 15, 16, 17, 31, 32, long.length - 1];
    const bad = ['"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '😀'];
    const identifiers: Array<string | null> = [];
    const messages: Array<string | null> = [];
    const escaping = new Set<number>();
    for (const place of places) {
      for (const byte of bad) {
        identifiers.push(`id-${identifiers.length}`);
        messages.push(long.slice(0, place) + byte + long.slice(place + 1));
        escaping.add(messages.length - 1);
        identifiers.push(null);
        messages.push(long.slice(0, place + 1));
      }
    }
    // Printable ASCII all through (space and tilde are the edges), empty text, and nulls.
    identifiers.push(' ~!#$%&()*+-./09:;<=>?@AZ[]^_`az{|}', '', null, '12345678901234567');
    messages.push(null, '', ' ~', long.repeat(9));
    const keys = ['identifier', 'status_message'];
    const { text, handedBack } = written(keys, [identifiers, messages]);
    expect(text).toBe(expected(keys, [identifiers, messages], identifiers.length));
    expect(handedBack).toEqual([...escaping].sort((a, b) => a - b));
  });

  it('writes only the first `count` rows, and one key alone', () => {
    const values = ['a', null, 'c', 'd'];
    expect(written(['identifier'], [values], 3).text).toBe(expected(['identifier'], [values], 3));
    expect(written(['identifier'], [values], 0).text).toBe('');
  });

  it('goes on past its output region, and hands back a line longer than the region', () => {
    const values = Array.from({ length: 20_000 }, (_, index) => `customer-${index}-${'x'.repeat(index % 40)}`);
    values[12_345] = 'y'.repeat(300_000);
    const { text, handedBack } = written(['identifier', 'status_message'], [values, [...values].reverse()]);
    expect(text).toBe(expected(['identifier', 'status_message'], [values, [...values].reverse()], values.length));
    expect(handedBack).toEqual([values.length - 1 - 12_345, 12_345].sort((a, b) => a - b));
  });

  it('grows its memory for a larger row group, and writes a smaller one after it', () => {
    const writer = new WasmTextLines();
    for (const size of [10, 200_000, 3]) {
      const values = Array.from({ length: size }, (_, index) => `row ${index} of ${size}`);
      const out = new JsonBytes();
      writer.write([encoder.encode('{"identifier":')], [cells(values)], size, out, () => {
        throw new Error('no row needs escaping');
      });
      expect(new TextDecoder().decode(out.take())).toBe(expected(['identifier'], [values], size));
    }
  });
});
