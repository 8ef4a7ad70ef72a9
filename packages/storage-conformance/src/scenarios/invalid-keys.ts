// Keys that would escape the root or mean nothing on some backend are INVALID_ARGUMENT everywhere.
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { expectStorageError, utf8 } from '../storage-assertions.js';

const INVALID_KEYS = ['/leading-slash.txt', '../escape.txt', 'a/../../b.txt', 'a/./b.txt', 'a//b.txt', '..', '', 'nul\0byte'];

export const invalidKeys: StorageScenario = {
  name: 'invalidKeys',
  title: 'a leading "/", ".." or empty segments are INVALID_ARGUMENT on read, stat and write',
  async run({ storage, capabilities }) {
    for (const key of INVALID_KEYS) {
      const error = await expectStorageError(storage.read(key), 'INVALID_ARGUMENT', storage);
      expect(error.context.key, JSON.stringify(key)).toBe(key);
      await expectStorageError(storage.stat(key), 'INVALID_ARGUMENT', storage);
      if (capabilities.write) await expectStorageError(storage.write!(key, utf8('x')), 'INVALID_ARGUMENT', storage);
      if (capabilities.delete) await expectStorageError(storage.delete!(key), 'INVALID_ARGUMENT', storage);
    }
  },
};

export const invalidPrefixes: StorageScenario = {
  name: 'invalidPrefixes',
  title: 'listing a prefix with a leading "/" or ".." is INVALID_ARGUMENT',
  async run({ storage }) {
    for (const prefix of ['/etc/', '../', 'a/../../']) {
      await expectStorageError(storage.list(prefix), 'INVALID_ARGUMENT', storage);
    }
  },
};

export const invalidKeyScenarios = [invalidKeys, invalidPrefixes] as const;
