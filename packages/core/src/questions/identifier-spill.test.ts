import { readdir } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { IdentifierEntries } from '../scan/identifier-entries.js';
import { IdentifierSpill, SpillFolder } from './identifier-spill.js';

/** A row group's entries with `words[p]` words in partition p, each word its partition * 1000 + row group * 100 + k. */
function rowGroup(group: number, words: number[]): IdentifierEntries {
  const partitions = words.map((count, partition) => Uint32Array.from({ length: count }, (_, k) => partition * 1000 + group * 100 + k));
  return { partitions, count: 0, outcomes: [0, 0, 0] };
}

async function partition(spill: IdentifierSpill, index: number): Promise<number[]> {
  const target = new Uint32Array(spill.partitionWords(index) + 2);
  const end = await spill.takePartition(index, target, 2);
  return [...target.subarray(2, end)];
}

describe('IdentifierSpill', () => {
  test('over its budget, it writes out only the partitions that bring it back under, already written ones first', async () => {
    const folder = new SpillFolder();
    // 100 bytes of budget; a row group of 3 partitions holds 10, 6 and 2 words (72 bytes).
    const spill = new IdentifierSpill(3, 'run', folder, 100);
    try {
      await spill.add(rowGroup(0, [10, 6, 2]));
      expect(spill.spilled).toBe(false);
      // 144 bytes: partition 0 (80 bytes) goes, the largest; 64 bytes are held, under 3/4 of 100.
      await spill.add(rowGroup(1, [10, 6, 2]));
      expect(spill.spilled).toBe(true);
      expect(await readdir(await folder.get())).toEqual(['run-0.bin']);
      // 136 bytes: partition 0 again (40 bytes, already on disk), then partition 1 (48): 48 held.
      await spill.add(rowGroup(2, [10, 6, 2]));
      expect((await readdir(await folder.get())).sort()).toEqual(['run-0.bin', 'run-1.bin']);
      for (let index = 0; index < 3; index++) {
        const words = [0, 1, 2].flatMap((group) => Array.from({ length: [10, 6, 2][index]! }, (_, k) => index * 1000 + group * 100 + k));
        expect(await partition(spill, index)).toEqual(words);
      }
    } finally {
      await spill.close();
      await folder.remove();
    }
  });

  test('under its budget, nothing is written; a partition taken is let go of', async () => {
    const folder = new SpillFolder();
    const spill = new IdentifierSpill(2, 'run', folder, 1024);
    try {
      await spill.add(rowGroup(0, [4, 0]));
      await spill.add(rowGroup(1, [0, 3]));
      expect(spill.spilled).toBe(false);
      expect(await partition(spill, 0)).toEqual([0, 1, 2, 3]);
      expect(spill.partitionWords(0)).toBe(0);
      expect(await partition(spill, 1)).toEqual([1100, 1101, 1102]);
    } finally {
      await spill.close();
      await folder.remove();
    }
  });
});
