// Whether a workspace package's build is older than what it is built from. Tests that read a
// package's dist/ (the built CLI as a process, core's type declarations) use its build when it is
// current, as after `npm test`'s build, and build it first when it is not (a test run alone).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files beside src/ that shape a build. */
const BUILD_FILES = ['package.json', 'tsconfig.json', 'tsup.config.ts'];

/**
 * True when `built` (relative to the package) is missing or older than a source file of its
 * src/ (test files aside) or one of the build's configuration files.
 */
export function isBuildStale(packageDir: string, built = 'dist/index.js'): boolean {
  const builtFile = join(packageDir, built);
  if (!existsSync(builtFile)) return true;
  const builtAt = statSync(builtFile).mtimeMs;
  const newer = (file: string) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > builtAt;
  const sources = readdirSync(join(packageDir, 'src'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
  return [...sources, ...BUILD_FILES.map((name) => join(packageDir, name))].some(newer);
}
