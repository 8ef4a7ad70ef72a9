// Cursor pagination: every key exactly once in order, over small pages and over the cloud APIs' 1,000-key default.
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { listPages, sorted, utf8, writeAll } from '../storage-assertions.js';

const pad = (value: number) => String(value).padStart(4, '0');

export const listPaginated: StorageScenario = {
  name: 'listPaginated',
  title: 'small pages return every key once, in order, ending without a cursor',
  requires: ['write'],
  async run({ storage }) {
    const keys = Array.from({ length: 23 }, (_, index) => `paged/${pad(index)}.parquet`);
    await writeAll(storage, keys.map((key) => [key, utf8(key)]));
    const listed = await listPages(storage, 'paged/', { pageSize: 5 });
    expect(listed.keys).toEqual(keys);
    expect(listed.pages).toBeGreaterThanOrEqual(5);
  },
};

export const listPaginatedWithDelimiter: StorageScenario = {
  name: 'listPaginatedWithDelimiter',
  title: 'with "/" and small pages, common prefixes are sorted and never repeated across pages',
  requires: ['write'],
  async run({ storage }) {
    const entries: Array<[string, Uint8Array]> = [];
    for (let folder = 0; folder < 9; folder++) {
      for (let file = 0; file < 3; file++) entries.push([`tree/d${pad(folder)}/f${file}.parquet`, utf8('x')]);
    }
    for (let loose = 0; loose < 4; loose++) entries.push([`tree/loose-${loose}.json`, utf8('{}')]);
    await writeAll(storage, entries);
    const expectedPrefixes = Array.from({ length: 9 }, (_, folder) => `tree/d${pad(folder)}/`);
    for (const pageSize of [1, 2, 4, 1000]) {
      const listed = await listPages(storage, 'tree/', { delimiter: '/', pageSize });
      expect(listed.prefixes, `pageSize ${pageSize}`).toEqual(expectedPrefixes);
      expect(listed.keys, `pageSize ${pageSize}`).toEqual(['tree/loose-0.json', 'tree/loose-1.json', 'tree/loose-2.json', 'tree/loose-3.json']);
    }
  },
};

export const listMoreThanOneThousand: StorageScenario = {
  name: 'listMoreThanOneThousand',
  title: 'lists over 1,000 keys with the default page size and with pages of 250',
  requires: ['write', 'largeListing'],
  async run({ storage }) {
    const keys = Array.from({ length: 1_037 }, (_, index) => `many/k${pad(index)}`);
    const folders = Array.from({ length: 1_003 }, (_, index) => `many-folders/f${pad(index)}/`);
    await writeAll(storage, [
      ...keys.map((key): [string, Uint8Array] => [key, utf8('1')]),
      ...folders.flatMap((folder): Array<[string, Uint8Array]> => [
        [`${folder}a`, utf8('1')],
        [`${folder}b`, utf8('1')],
      ]),
    ]);
    const byDefault = await listPages(storage, 'many/');
    expect(byDefault.keys).toEqual(keys);
    expect(new Set(byDefault.keys).size).toBe(keys.length);
    const inPages = await listPages(storage, 'many/', { pageSize: 250 });
    expect(inPages.keys).toEqual(keys);
    expect(inPages.pages).toBeGreaterThanOrEqual(5);
    const foldedByDefault = await listPages(storage, 'many-folders/', { delimiter: '/' });
    expect(foldedByDefault.prefixes).toEqual(sorted(folders));
    expect(foldedByDefault.keys).toEqual([]);
    const foldedInPages = await listPages(storage, 'many-folders/', { delimiter: '/', pageSize: 300 });
    expect(foldedInPages.prefixes).toEqual(sorted(folders));
  },
};

export const paginationScenarios = [listPaginated, listPaginatedWithDelimiter, listMoreThanOneThousand] as const;
