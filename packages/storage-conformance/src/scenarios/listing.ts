// Listing with and without the `/` delimiter, prefix matching and stems (object_store's list_with_delimiter).
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { listPages, sorted, utf8, writeAll } from '../storage-assertions.js';

const TREE = [
  'mydb/wb/000/000/000.segment',
  'mydb/wb/000/000/001.segment',
  'mydb/wb/000/000/002.segment',
  'mydb/wb/001/001/000.segment',
  'mydb/wb/foo.json',
  'mydb/wbwbwb/111/222/333.segment',
  'mydb/data/whatevs',
];

export const listWithoutDelimiter: StorageScenario = {
  name: 'listWithoutDelimiter',
  title: 'without a delimiter, lists every object below the prefix, sorted',
  requires: ['write'],
  async run({ storage }) {
    await writeAll(storage, TREE.map((key) => [key, utf8(key)]));
    const all = await storage.list('');
    expect(all.objects.map((object) => object.key)).toEqual(sorted(TREE));
    expect(all.prefixes).toEqual([]);
    const below = await storage.list('mydb/wb/');
    expect(below.objects.map((object) => object.key)).toEqual(sorted(TREE.filter((key) => key.startsWith('mydb/wb/'))));
    for (const object of below.objects) expect(object.size).toBe(object.key.length);
  },
};

export const listWithDelimiter: StorageScenario = {
  name: 'listWithDelimiter',
  title: 'with "/", folds deeper keys into sorted common prefixes',
  requires: ['write'],
  async run({ storage }) {
    await writeAll(storage, TREE.map((key) => [key, utf8(key)]));
    const page = await storage.list('mydb/wb/', { delimiter: '/' });
    expect(page.objects.map((object) => object.key)).toEqual(['mydb/wb/foo.json']);
    expect(page.prefixes).toEqual(['mydb/wb/000/', 'mydb/wb/001/']);
    const top = await storage.list('', { delimiter: '/' });
    expect(top.objects).toEqual([]);
    expect(top.prefixes).toEqual(['mydb/']);
    const stem = await storage.list('mydb/wb', { delimiter: '/' });
    expect(stem.objects).toEqual([]);
    expect(stem.prefixes).toEqual(['mydb/wb/', 'mydb/wbwbwb/']);
    const deep = await storage.list('mydb/wb/000/000/', { delimiter: '/' });
    expect(deep.objects.map((object) => object.key)).toEqual([
      'mydb/wb/000/000/000.segment',
      'mydb/wb/000/000/001.segment',
      'mydb/wb/000/000/002.segment',
    ]);
    expect(deep.prefixes).toEqual([]);
  },
};

export const listSharedStem: StorageScenario = {
  name: 'listSharedStem',
  title: 'a prefix ending in "/" does not match a sibling sharing its stem (1/2/3/ vs 1/2/30/)',
  requires: ['write'],
  async run({ storage }) {
    await writeAll(storage, [
      ['1/2/3/a.parquet', utf8('a')],
      ['1/2/3/b/c.parquet', utf8('c')],
      ['1/2/30/a.parquet', utf8('x')],
      ['1/2/3x.parquet', utf8('y')],
    ]);
    expect((await listPages(storage, '1/2/3/')).keys).toEqual(['1/2/3/a.parquet', '1/2/3/b/c.parquet']);
    const folded = await listPages(storage, '1/2/3/', { delimiter: '/' });
    expect(folded.keys).toEqual(['1/2/3/a.parquet']);
    expect(folded.prefixes).toEqual(['1/2/3/b/']);
    const stem = await listPages(storage, '1/2/3', { delimiter: '/' });
    expect(stem.keys).toEqual(['1/2/3x.parquet']);
    expect(stem.prefixes).toEqual(['1/2/3/', '1/2/30/']);
    expect((await listPages(storage, '1/2/', { delimiter: '/' })).prefixes).toEqual(['1/2/3/', '1/2/30/']);
  },
};

export const listEmptyPrefix: StorageScenario = {
  name: 'listEmptyPrefix',
  title: 'listing a prefix with nothing below it is an empty last page',
  async run({ storage }) {
    for (const options of [{}, { delimiter: '/' as const }]) {
      const page = await storage.list('nothing/here/', options);
      expect(page).toEqual({ objects: [], prefixes: [] });
    }
  },
};

export const listingScenarios = [listWithoutDelimiter, listWithDelimiter, listSharedStem, listEmptyPrefix] as const;
