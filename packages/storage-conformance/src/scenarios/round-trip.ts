// put → get → list → delete, the first thing every backend must get right (object_store's put_get_delete_list).
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { expectBytes, expectStorageError, text, utf8 } from '../storage-assertions.js';

export const putGetDeleteList: StorageScenario = {
  name: 'putGetDeleteList',
  title: 'writes, reads back, lists and deletes an object',
  requires: ['write', 'delete'],
  async run({ storage }) {
    expect((await storage.list('')).objects).toEqual([]);
    await storage.write!('test_dir/test_file.json', utf8('arbitrary data'));
    expect(text(await storage.read('test_dir/test_file.json'))).toBe('arbitrary data');
    const listed = await storage.list('');
    expect(listed.objects.map((object) => object.key)).toEqual(['test_dir/test_file.json']);
    expect(listed.objects[0]!.size).toBe(14);
    expect(listed.prefixes).toEqual([]);
    expect(listed.cursor).toBeUndefined();
    await storage.delete!('test_dir/test_file.json');
    expect((await storage.list('')).objects).toEqual([]);
    await expectStorageError(storage.read('test_dir/test_file.json'), 'NOT_FOUND', storage, 'test_dir/test_file.json');
  },
};

export const putBinaryAndEmpty: StorageScenario = {
  name: 'putBinaryAndEmpty',
  title: 'keeps every byte value, and stores an empty object',
  requires: ['write'],
  async run({ storage }) {
    const bytes = Uint8Array.from({ length: 256 * 4 }, (_, index) => index % 256);
    await storage.write!('binary.bin', bytes);
    expectBytes(await storage.read('binary.bin'), bytes);
    await storage.write!('empty.bin', new Uint8Array(0));
    expect((await storage.read('empty.bin')).length).toBe(0);
    expect((await storage.stat('empty.bin')).size).toBe(0);
  },
};

export const overwriteReplaces: StorageScenario = {
  name: 'overwriteReplaces',
  title: 'an overwrite replaces the whole object',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!('overwrite.txt', utf8('a longer first version'));
    await storage.write!('overwrite.txt', utf8('short'));
    expect(text(await storage.read('overwrite.txt'))).toBe('short');
    expect((await storage.stat('overwrite.txt')).size).toBe(5);
    expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['overwrite.txt']);
  },
};

export const deleteNonexistentObject: StorageScenario = {
  name: 'deleteNonexistentObject',
  title: 'deleting a missing key is a no-op',
  requires: ['delete'],
  async run({ storage }) {
    await expect(storage.delete!('missing/never-written.txt')).resolves.toBeUndefined();
  },
};

export const roundTripScenarios = [putGetDeleteList, putBinaryAndEmpty, overwriteReplaces, deleteNonexistentObject] as const;
