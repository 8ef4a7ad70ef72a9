// The built CLI for tests that run it as a whole process. Under the root `npm test` turbo has built
// every package already; run alone, a test builds the CLI and the workspace packages it loads
// (turbo, cached) when any of their builds is stale (scripts/test-support/built-package.ts).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildStale } from '../../../scripts/test-support/built-package.js';

export const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
export const packageDir = join(packagesDir, 'cli');
export const builtBin = join(packageDir, 'dist/bin.js');
export const installedBin = join(packageDir, 'bin/synctrack.js');

/** The workspace packages the built CLI loads in these tests. */
const CLI_PACKAGES = ['cli', 'core', 'storage-fs', 'demo', 'viewer'];

/** Builds the CLI and what it loads (turbo, cached) when any of `packages` has a stale build. */
export function buildIfStale(packages: readonly string[] = CLI_PACKAGES): void {
  if (!packages.some((name) => isBuildStale(join(packagesDir, name)))) return;
  execFileSync('npx', ['turbo', 'run', 'build:js', '--filter=@synctrack/cli...', '--output-logs=errors-only'], { cwd: packageDir, stdio: 'pipe' });
}
