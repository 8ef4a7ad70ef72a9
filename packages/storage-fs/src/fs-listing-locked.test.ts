// A folder this process may not read, below a listed prefix, is a common prefix: the listing goes on
// and a read below it fails with PERMISSION_DENIED naming the key. (As root, chmod denies nothing, so
// readdir's EACCES is also simulated.)
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const LOCKED = 'locked-run';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    readdir: (async (path: Parameters<typeof actual.readdir>[0], options?: unknown) => {
      if (process.env.SYNCTRACK_SIMULATE_EACCES === '1' && String(path).endsWith(LOCKED)) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES', errno: -13, syscall: 'scandir', path: String(path) });
      }
      return actual.readdir(path, options as never);
    }) as typeof actual.readdir,
  };
});

const { FsStorage } = await import('./fs-storage.js');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synctrack-fs-locked-'));
  for (const run of ['run-a', LOCKED, 'run-z']) {
    await mkdir(join(root, 'sync', run), { recursive: true });
    await writeFile(join(root, 'sync', run, 'metadata.json'), '{}');
  }
});
afterAll(async () => {
  await chmod(join(root, 'sync', LOCKED), 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('listing with a locked folder', () => {
  it('lists it as a prefix beside the others (simulated EACCES)', async () => {
    process.env.SYNCTRACK_SIMULATE_EACCES = '1';
    try {
      const page = await new FsStorage({ root }).list('sync/', { delimiter: '/' });
      expect(page.prefixes).toEqual(['sync/locked-run/', 'sync/run-a/', 'sync/run-z/']);
    } finally {
      delete process.env.SYNCTRACK_SIMULATE_EACCES;
    }
  });

  it.skipIf(process.getuid?.() === 0)('lists it as a prefix, and a read below it is PERMISSION_DENIED (real chmod 000)', async () => {
    await chmod(join(root, 'sync', LOCKED), 0o000);
    try {
      const storage = new FsStorage({ root });
      const page = await storage.list('sync/', { delimiter: '/' });
      expect(page.prefixes).toEqual(['sync/locked-run/', 'sync/run-a/', 'sync/run-z/']);
      await expect(storage.read(`sync/${LOCKED}/metadata.json`)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    } finally {
      await chmod(join(root, 'sync', LOCKED), 0o755);
    }
  });
});
