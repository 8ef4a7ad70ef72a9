// stat: size, lastModified and a version tag that changes when the object does.
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { utf8 } from '../storage-assertions.js';

export const statSizeAndVersion: StorageScenario = {
  name: 'statSizeAndVersion',
  title: 'stat reports size and a version that changes after an overwrite',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!('folder/stat.txt', utf8('hello'));
    const first = await storage.stat('folder/stat.txt');
    expect(first.key).toBe('folder/stat.txt');
    expect(first.size).toBe(5);
    if (first.lastModified !== undefined) {
      expect(first.lastModified).toBeInstanceOf(Date);
      expect(Number.isNaN(first.lastModified.getTime())).toBe(false);
    }
    expect(typeof first.version).toBe('string');
    expect(await storage.stat('folder/stat.txt')).toEqual(first);

    await storage.write!('folder/stat.txt', utf8('hello, world'));
    const second = await storage.stat('folder/stat.txt');
    expect(second.size).toBe(12);
    expect(second.version).not.toBe(first.version);
  },
};

export const listAgreesWithStat: StorageScenario = {
  name: 'listAgreesWithStat',
  title: 'listing reports the same size and version as stat',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!('a.txt', utf8('12345678'));
    const info = await storage.stat('a.txt');
    const [listed] = (await storage.list('')).objects;
    expect(listed?.key).toBe('a.txt');
    expect(listed?.size).toBe(8);
    if (listed?.version !== undefined) expect(listed.version).toBe(info.version);
  },
};

export const statScenarios = [statSizeAndVersion, listAgreesWithStat] as const;
