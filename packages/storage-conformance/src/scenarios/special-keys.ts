// Keys a URL or a path would mangle: spaces, "+", "%", unicode. They must round-trip byte for byte.
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { listPages, sorted, text, utf8, writeAll } from '../storage-assertions.js';

const SPECIAL_KEYS = [
  'special/with space.parquet',
  'special/plus+sign.parquet',
  'special/percent%20encoded.parquet',
  'special/percent%.json',
  'special/unicode-ü-日本語.parquet',
  'special/folder with space/inner+file%2F.txt',
  'special/emoji-😀.txt',
];

export const specialCharacterKeys: StorageScenario = {
  name: 'specialCharacterKeys',
  title: 'keys with a space, "+", "%" and unicode round-trip through write, stat, read, list and delete',
  requires: ['write'],
  async run({ storage, capabilities }) {
    await writeAll(storage, SPECIAL_KEYS.map((key) => [key, utf8(`content of ${key}`)]));
    for (const key of SPECIAL_KEYS) {
      expect(text(await storage.read(key)), key).toBe(`content of ${key}`);
      expect((await storage.stat(key)).key, key).toBe(key);
      expect((await storage.stat(key)).size, key).toBe(utf8(`content of ${key}`).length);
    }
    expect((await listPages(storage, 'special/')).keys).toEqual(sorted(SPECIAL_KEYS));
    const folded = await listPages(storage, 'special/', { delimiter: '/' });
    expect(folded.prefixes).toEqual(['special/folder with space/']);
    expect((await listPages(storage, 'special/folder with space/')).keys).toEqual(['special/folder with space/inner+file%2F.txt']);
    expect((await listPages(storage, 'special/plus+')).keys).toEqual(['special/plus+sign.parquet']);
    expect((await listPages(storage, 'special/percent%2')).keys).toEqual(['special/percent%20encoded.parquet']);
    if (capabilities.delete) {
      for (const key of SPECIAL_KEYS) await storage.delete!(key);
      expect((await listPages(storage, 'special/')).keys).toEqual([]);
    }
  },
};

export const specialKeyScenarios = [specialCharacterKeys] as const;
