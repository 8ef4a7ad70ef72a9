// The executable keeps V8's compiled code in Node's compile cache where this Node.js has one (22.1
// and newer), in the OS temp folder unless the user says otherwise: a run writes it, the next reads
// it and writes nothing new; NODE_DISABLE_COMPILE_CACHE turns it off; on Node.js 20 nothing is
// written. (Decode workers start with NODE_COMPILE_CACHE in their environment, so they use it too.)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFixtureBucket } from './fixture-bucket.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const installedBin = join(packageDir, 'bin/synctrack.js');
const scratch = mkdtempSync(join(tmpdir(), 'synctrack-compile-cache-'));
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): Promise<{ exitCode: number | null; stderr: string }> {
  // The cache's own variables only as the test sets them.
  const { NODE_COMPILE_CACHE: _cache, NODE_DISABLE_COMPILE_CACHE: _disable, ...inherited } = process.env;
  const environment: NodeJS.ProcessEnv = { ...inherited, NO_COLOR: '1', ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [installedBin, ...args], { env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stderr }));
  });
}

/** The files in the compile cache under `temp` (Node puts them in one folder per version). */
function cached(temp: string): string[] {
  const root = join(temp, 'node-compile-cache');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((folder) => readdirSync(join(root, folder)));
}

describe('the compile cache', () => {
  it(hasCompileCache ? 'is written by a run and read back by the next' : 'is not written on a Node.js without one', async () => {
    if (!existsSync(join(packageDir, 'dist/bin.js'))) throw new Error('the CLI is not built: run npx turbo run build --filter=@synctrack/cli...');
    const temp = mkdtempSync(join(scratch, 'tmp-'));
    const bucket = await writeFixtureBucket();
    try {
      const env = { TMPDIR: temp, TMP: temp, TEMP: temp };
      expect(await run(['--version'], env)).toEqual({ exitCode: 0, stderr: '' });
      const afterVersion = cached(temp);
      // errors loads modules --version does not.
      expect(await run(['errors', bucket.run, '--json'], env)).toEqual({ exitCode: 0, stderr: '' });
      const afterErrors = cached(temp);
      if (!hasCompileCache) {
        expect(afterErrors).toEqual([]);
        return;
      }
      expect(afterVersion.length).toBeGreaterThan(5);
      expect(afterErrors.length).toBeGreaterThan(afterVersion.length);
      expect(await run(['--version'], env)).toEqual({ exitCode: 0, stderr: '' });
      expect(cached(temp).sort()).toEqual(afterErrors.sort());
    } finally {
      await bucket.remove();
    }
  }, 60_000);

  it('is left alone with NODE_DISABLE_COMPILE_CACHE', async () => {
    const temp = mkdtempSync(join(scratch, 'tmp-'));
    expect(await run(['--version'], { TMPDIR: temp, TMP: temp, TEMP: temp, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ exitCode: 0, stderr: '' });
    expect(cached(temp)).toEqual([]);
  }, 60_000);
});
