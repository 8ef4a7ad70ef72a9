// The built CLI for tests that run it as a whole process. Under the root `npm test` turbo has built
// every package already; run alone, a test builds the CLI and the workspace packages it loads
// (turbo, cached) when any of their dist/ is missing or older than its src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
export const packageDir = join(packagesDir, 'cli');
export const builtBin = join(packageDir, 'dist/bin.js');
export const installedBin = join(packageDir, 'bin/synctrack.js');

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale(name: string): boolean {
  const index = join(packagesDir, name, 'dist/index.js');
  return !existsSync(index) || statSync(index).mtimeMs < newestFile(join(packagesDir, name, 'src'));
}

export function buildIfStale(): void {
  if (!['cli', 'core', 'storage-fs', 'demo', 'viewer'].some(isStale)) return;
  execFileSync('npx', ['turbo', 'run', 'build', '--filter=@synctrack/cli...', '--output-logs=errors-only'], { cwd: packageDir, stdio: 'pipe' });
}
