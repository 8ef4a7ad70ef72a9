// A missing key is NOT_FOUND on every read path, naming the adapter and the key (object_store's get_nonexistent_object).
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { expectStorageError, utf8 } from '../storage-assertions.js';

export const getNonexistentObject: StorageScenario = {
  name: 'getNonexistentObject',
  title: 'reading a missing key is NOT_FOUND naming the adapter and key',
  async run({ storage }) {
    const error = await expectStorageError(storage.read('missing/file.parquet'), 'NOT_FOUND', storage, 'missing/file.parquet');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('missing/file.parquet');
    await expectStorageError(
      storage.read('missing/file.parquet', { range: { offset: 0, length: 4 } }),
      'NOT_FOUND',
      storage,
      'missing/file.parquet',
    );
    await expectStorageError(storage.read('missing/file.parquet', { range: { suffix: 8 } }), 'NOT_FOUND', storage, 'missing/file.parquet');
  },
};

export const statNonexistentObject: StorageScenario = {
  name: 'statNonexistentObject',
  title: 'stat of a missing key is NOT_FOUND naming the adapter and key',
  async run({ storage }) {
    const error = await expectStorageError(storage.stat('missing/metadata.json'), 'NOT_FOUND', storage, 'missing/metadata.json');
    expect(error.message).toContain('missing/metadata.json');
  },
};

export const getPrefixIsNotAnObject: StorageScenario = {
  name: 'getPrefixIsNotAnObject',
  title: 'a prefix that holds objects is not itself an object',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!('folder/inner.txt', utf8('x'));
    await expectStorageError(storage.read('folder'), 'NOT_FOUND', storage, 'folder');
    await expectStorageError(storage.stat('folder'), 'NOT_FOUND', storage, 'folder');
    await expectStorageError(storage.read('folder/inner.txt/deeper'), 'NOT_FOUND', storage, 'folder/inner.txt/deeper');
  },
};

export const missingObjectScenarios = [getNonexistentObject, statNonexistentObject, getPrefixIsNotAnObject] as const;
