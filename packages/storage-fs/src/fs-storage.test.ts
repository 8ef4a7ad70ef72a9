// FsStorage passes the whole conformance suite, plus what only a file system can get wrong:
// symlink escapes, atomic writes, ranged reads at a position, empty folders and errno mapping.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncTrackError } from '@synctrack/core';
import { expectStorageError, listPages, testStorageAdapter, text, utf8 } from '@synctrack/storage-conformance';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toFsError } from './fs-error.js';
import { FsStorage, createFsStorage } from './fs-storage.js';

async function temporaryRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'synctrack-fs-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

testStorageAdapter({
  name: 'fs',
  create: async () => {
    const { root, cleanup } = await temporaryRoot();
    // A root that does not exist yet: the first write creates it.
    return { storage: createFsStorage({ root: join(root, 'bucket') }), cleanup };
  },
});

describe('FsStorage', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const fresh = async () => {
    const { root, cleanup } = await temporaryRoot();
    cleanups.push(cleanup);
    await mkdir(join(root, 'bucket'));
    return { root, storage: new FsStorage({ root: join(root, 'bucket') }) };
  };

  it('refuses symlinks that point outside the root, for read, stat, write and list', async () => {
    const { root, storage } = await fresh();
    await mkdir(join(root, 'outside'));
    await writeFile(join(root, 'outside', 'secret.txt'), 'secret');
    await symlink(join(root, 'outside', 'secret.txt'), join(root, 'bucket', 'file-link'));
    await symlink(join(root, 'outside'), join(root, 'bucket', 'dir-link'));
    for (const key of ['file-link', 'dir-link/secret.txt']) {
      await expectStorageError(storage.read(key), 'PERMISSION_DENIED', storage, key);
      await expectStorageError(storage.read(key, { range: { offset: 0, length: 3 } }), 'PERMISSION_DENIED', storage, key);
      await expectStorageError(storage.read(key, { range: { suffix: 3 } }), 'PERMISSION_DENIED', storage, key);
      await expectStorageError(storage.stat(key), 'PERMISSION_DENIED', storage, key);
    }
    await expectStorageError(storage.write('dir-link/new.txt', utf8('x')), 'PERMISSION_DENIED', storage, 'dir-link/new.txt');
    await expectStorageError(storage.write('dir-link/deeper/new.txt', utf8('x')), 'PERMISSION_DENIED', storage);
    expect(await readdir(join(root, 'outside'))).toEqual(['secret.txt']);
    await expectStorageError(storage.list('dir-link/'), 'PERMISSION_DENIED', storage);
    expect((await listPages(storage, '')).keys).toEqual([]);
  });

  it('refuses a missing key below a symlink that leaves the root as it refuses one that exists', async () => {
    const { root, storage } = await fresh();
    await mkdir(join(root, 'outside'));
    await symlink(join(root, 'outside'), join(root, 'bucket', 'dir-link'));
    await expectStorageError(storage.read('dir-link/missing.txt', { range: { offset: 0, length: 3 } }), 'PERMISSION_DENIED', storage, 'dir-link/missing.txt');
    await expectStorageError(storage.read('missing.txt', { range: { offset: 0, length: 3 } }), 'NOT_FOUND', storage, 'missing.txt');
  });

  it('reads through a root that is a symlink, also after it is pointed elsewhere', async () => {
    const { root } = await fresh();
    for (const name of ['a', 'b']) {
      await mkdir(join(root, name));
      await writeFile(join(root, name, 'file.txt'), `in ${name}`);
    }
    await symlink(join(root, 'a'), join(root, 'current'));
    const storage = new FsStorage({ root: join(root, 'current') });
    expect(text(await storage.read('file.txt', { range: { offset: 0, length: 4 } }))).toBe('in a');
    await unlink(join(root, 'current'));
    await symlink(join(root, 'b'), join(root, 'current'));
    expect(text(await storage.read('file.txt', { range: { offset: 0, length: 4 } }))).toBe('in b');
  });

  it.runIf(process.platform !== 'win32')('fails on a FIFO as on anything that is not a file, without waiting for a writer', async () => {
    const { root, storage } = await fresh();
    execFileSync('mkfifo', [join(root, 'bucket', 'pipe')]);
    await expectStorageError(storage.read('pipe', { range: { offset: 0, length: 3 } }), 'NOT_FOUND', storage, 'pipe');
  });

  it('follows symlinks to files inside the root', async () => {
    const { root, storage } = await fresh();
    await storage.write('data/real.txt', utf8('real'));
    await symlink(join(root, 'bucket', 'data', 'real.txt'), join(root, 'bucket', 'data', 'alias.txt'));
    expect(text(await storage.read('data/alias.txt'))).toBe('real');
    expect((await listPages(storage, 'data/')).keys).toEqual(['data/alias.txt', 'data/real.txt']);
  });

  it('writes atomically through a temp file that listings never show', async () => {
    const { root, storage } = await fresh();
    await storage.write('a/b/c.parquet', utf8('first'));
    await storage.write('a/b/c.parquet', utf8('second'));
    expect(await readdir(join(root, 'bucket', 'a', 'b'))).toEqual(['c.parquet']);
    await writeFile(join(root, 'bucket', 'a', 'b', '.synctrack-tmp-0123456789abcdef'), 'half-written');
    expect((await listPages(storage, '')).keys).toEqual(['a/b/c.parquet']);
  });

  it('reads a large range at its position without reading the whole file', async () => {
    const { storage } = await fresh();
    const bytes = new Uint8Array(4 * 1024 * 1024).map((_, index) => index % 253);
    await storage.write('big.bin', bytes);
    const probe = await open(join(storage.root, 'big.bin'));
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const read = vi.spyOn(fileHandlePrototype, 'read');
    const length = 1024 * 1024 + 1;
    const slice = await storage.read('big.bin', { range: { offset: 500_000, length } });
    expect(Buffer.from(slice).equals(Buffer.from(bytes.subarray(500_000, 500_000 + length)))).toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]!.slice(1)).toEqual([0, length, 500_000]);
    read.mockRestore();
  });

  it('reads into the memory an allocator gives, large and small ranges, and ignores memory of the wrong length', async () => {
    const { storage } = await fresh();
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, index) => (index * 11) % 251);
    await storage.write('into.bin', bytes);
    for (const [offset, length] of [[1000, 2 * 1024 * 1024], [77, 5000], [bytes.length - 10, 100]] as const) {
      const memory = new ArrayBuffer(length + 1024);
      const slice = await storage.read('into.bin', { range: { offset, length }, allocate: (count) => new Uint8Array(memory, 0, count) });
      expect(slice.buffer).toBe(memory);
      expect(Buffer.from(slice).equals(Buffer.from(bytes.subarray(offset, offset + length)))).toBe(true);
    }
    const wrong = await storage.read('into.bin', { range: { offset: 5, length: 10 }, allocate: () => new Uint8Array(3) });
    expect([...wrong]).toEqual([...bytes.subarray(5, 15)]);
  });

  it('reads small ranges (synchronously) with the same answers: positions, suffixes, the end, errors', async () => {
    const { storage } = await fresh();
    const bytes = new Uint8Array(300_000).map((_, index) => (index * 7) % 251);
    await storage.write('small.bin', bytes);
    for (const [offset, length] of [[0, 10], [123_456, 1000], [299_990, 100], [0, 0]] as const) {
      const slice = await storage.read('small.bin', { range: { offset, length } });
      expect([...slice]).toEqual([...bytes.slice(offset, Math.min(offset + length, bytes.length))]);
    }
    expect([...(await storage.read('small.bin', { range: { suffix: 8 } }))]).toEqual([...bytes.slice(-8)]);
    await expectStorageError(storage.read('small.bin', { range: { offset: 400_000, length: 10 } }), 'RANGE_NOT_SATISFIABLE', storage, 'small.bin');
    await expectStorageError(storage.read('missing.bin', { range: { offset: 0, length: 10 } }), 'NOT_FOUND', storage, 'missing.bin');
  });

  it('does not list empty folders as prefixes, and removes folders a delete empties', async () => {
    const { root, storage } = await fresh();
    await mkdir(join(root, 'bucket', 'empty', 'deeper'), { recursive: true });
    await storage.write('kept/one.txt', utf8('1'));
    await storage.write('gone/deep/two.txt', utf8('2'));
    expect((await listPages(storage, '', { delimiter: '/' })).prefixes).toEqual(['gone/', 'kept/']);
    await storage.delete('gone/deep/two.txt');
    expect(await readdir(join(root, 'bucket'))).toEqual(expect.arrayContaining(['kept', 'empty']));
    expect(await readdir(join(root, 'bucket'))).not.toContain('gone');
    expect((await listPages(storage, '', { delimiter: '/' })).prefixes).toEqual(['kept/']);
  });

  it('sorts keys as whole strings, so "a-b" comes before the folder "a/"', async () => {
    const { storage } = await fresh();
    for (const key of ['a/z.txt', 'a-b.txt', 'a0.txt', 'a.txt']) await storage.write(key, utf8(key));
    expect((await listPages(storage, '')).keys).toEqual(['a-b.txt', 'a.txt', 'a/z.txt', 'a0.txt']);
    expect((await listPages(storage, '', { pageSize: 1 })).keys).toEqual(['a-b.txt', 'a.txt', 'a/z.txt', 'a0.txt']);
  });

  it('refuses to store an object where a folder is, with a typed error', async () => {
    const { storage } = await fresh();
    await storage.write('folder/inner.txt', utf8('x'));
    await expectStorageError(storage.write('folder', utf8('y')), 'INVALID_ARGUMENT', storage, 'folder');
    await expectStorageError(storage.write('folder/inner.txt/child', utf8('y')), 'INVALID_ARGUMENT', storage);
  });

  it('treats a missing root as an empty bucket', async () => {
    const storage = new FsStorage({ root: join(tmpdir(), 'synctrack-fs-missing-root-never-created') });
    expect(await storage.list('')).toEqual({ objects: [], prefixes: [] });
    await expectStorageError(storage.read('x.parquet'), 'NOT_FOUND', storage, 'x.parquet');
  });

  it('needs a root', () => {
    expect(() => new FsStorage({ root: '' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('maps errno codes to typed errors with the key and the cause', () => {
    const context = { bucket: '/data', key: 'k', operation: 'read' };
    const cases: Array<[string, string, boolean]> = [
      ['ENOENT', 'NOT_FOUND', false],
      ['ENOTDIR', 'NOT_FOUND', false],
      ['EACCES', 'PERMISSION_DENIED', false],
      ['EPERM', 'PERMISSION_DENIED', false],
      ['ENAMETOOLONG', 'INVALID_ARGUMENT', false],
      ['EMFILE', 'STORAGE_UNAVAILABLE', true],
      ['EIO', 'STORAGE_UNAVAILABLE', true],
      ['ENOSPC', 'STORAGE_UNAVAILABLE', false],
    ];
    for (const [errno, code, retryable] of cases) {
      const cause = Object.assign(new Error(errno), { code: errno });
      const error = toFsError(cause, context);
      expect(SyncTrackError.isInstance(error)).toBe(true);
      expect([error.code, error.retryable], errno).toEqual([code, retryable]);
      expect(error.context).toMatchObject({ adapter: 'fs', key: 'k', bucket: '/data' });
      expect(error.cause).toBe(cause);
    }
  });
});
