import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { seededRandom } from '../questions/seeded-random.js';
import { ENTRIES_WASM } from './entries-wasm/entries-binary.js';
import { ENTRY_HEADER_WORDS, FAILING_BIT } from './identifier-entries.js';
import { hashIdentifierBytes } from './identifier-hash.js';
import { packEntries } from './wasm-entries.js';

/** The entries as identifier-entries.ts lays them out, written the plain way. */
function expectedPartitions(identifiers: Array<Uint8Array | null>, failing: Uint8Array, bits: number, firstRow: number): number[][] {
  const partitions: number[][] = Array.from({ length: 1 << bits }, () => []);
  identifiers.forEach((bytes, row) => {
    if (bytes === null) return;
    const [high, low] = hashIdentifierBytes(bytes, 0, bytes.length);
    const words = [high, low, firstRow + row, failing[row] === 1 ? (bytes.length | FAILING_BIT) >>> 0 : bytes.length];
    const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
    padded.set(bytes);
    words.push(...new Uint32Array(padded.buffer));
    partitions[bits === 0 ? 0 : high >>> (32 - bits)]!.push(...words);
  });
  return partitions;
}

describe('entries.wasm', () => {
  it('is what entries.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleWat('scan/entries-wasm/', 'entries.wat')).toBe(ENTRIES_WASM);
  });
});

describe('packEntries', () => {
  it.each([0, 3, 7])('hashes and packs identifiers as the plain loops do, %i partition bits', (bits) => {
    const random = seededRandom(bits + 1);
    const encoder = new TextEncoder();
    const rows = 3000;
    const identifiers = Array.from({ length: rows }, (_, row): Uint8Array | null => {
      if (row % 17 === 0) return null;
      if (row % 101 === 0) return new Uint8Array(0);
      const length = 1 + Math.floor(random() * 40);
      const text = Array.from({ length }, () => (random() < 0.05 ? 'é' : String.fromCharCode(33 + Math.floor(random() * 90)))).join('');
      return encoder.encode(text);
    });
    // The identifiers in a larger buffer, after bytes of something else, as a decoded page holds them.
    const total = identifiers.reduce((sum, bytes) => sum + (bytes?.length ?? 0), 0);
    const bytes = new Uint8Array(37 + total + 5).fill(0xee);
    const starts = new Int32Array(rows);
    const lengths = new Int32Array(rows);
    let at = 37;
    identifiers.forEach((value, row) => {
      if (value === null) {
        lengths[row] = -1;
        return;
      }
      bytes.set(value, at);
      starts[row] = at;
      lengths[row] = value.length;
      at += value.length;
    });
    const failing = Uint8Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
    const packed = packEntries({ bytes, starts, lengths }, failing, rows, bits, 1_000_000);
    expect(packed.count).toBe(identifiers.filter((value) => value !== null).length);
    expect(packed.partitions.map((words) => [...words])).toEqual(expectedPartitions(identifiers, failing, bits, 1_000_000));
    expect(packed.partitions.every((words) => words.byteOffset === 0 && words.buffer.byteLength === words.byteLength)).toBe(true);
    // Entries are walked by their length word: every partition ends on an entry's end.
    for (const words of packed.partitions) {
      let word = 0;
      while (word < words.length) word += ENTRY_HEADER_WORDS + Math.ceil((words[word + 3]! & 0x7fffffff) / 4);
      expect(word).toBe(words.length);
    }
  });

  it('gives empty partitions for a row group without identifiers', () => {
    const packed = packEntries({ bytes: new Uint8Array(0), starts: new Int32Array(4), lengths: new Int32Array(4).fill(-1) }, new Uint8Array(4), 4, 2, 0);
    expect(packed).toEqual({ partitions: [new Uint32Array(0), new Uint32Array(0), new Uint32Array(0), new Uint32Array(0)], count: 0 });
  });
});
