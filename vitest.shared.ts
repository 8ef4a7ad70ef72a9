// Shared vitest settings: workspace packages resolve to their TypeScript source, so tests always
// exercise the code in the tree (the built dist is exercised by the CLI and example tests).
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineProject } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

// The AWS SDK's supported switch for its notice that releases after January 2027 need Node 22 (8
// lines, once per process that loads it): set where every project's config loads, the test run,
// its workers and the processes they start print no warning. Node support is the CLI's to state.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Subpath entries (`@synctrack/core/internal`) come first: an alias also matches `<key>/…`.
export const workspaceAliases: Record<string, string> = Object.fromEntries([
  ['@synctrack/core/internal', `${packagesDir}core/src/internal.ts`],
  ['@synctrack/core/prestart', `${packagesDir}core/src/prestart.ts`],
  ...readdirSync(packagesDir)
    .filter((name) => existsSync(`${packagesDir}${name}/src/index.ts`))
    .map((name) => [`@synctrack/${name}`, `${packagesDir}${name}/src/index.ts`]),
]);

const sourceDecodeWorkerSetup = fileURLToPath(new URL('./packages/core/test/support/source-decode-worker.ts', import.meta.url));

function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function synctrackProject(name: string, extra: Parameters<typeof defineProject>[0] = {}) {
  return defineProject({
    ...extra,
    resolve: { alias: workspaceAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // A worker runs its files one after another in one module graph instead of loading it again
      // for each file: a whole run on 2 cores took 367 CPU-s and 209 s so, against 409 and 229
      // isolated. A project with a file that replaces a module (vi.mock) sets `isolate: true`, and a
      // file that asserts on state held once a process goes to its own (core/vitest.isolated.config.ts).
      isolate: false,
      ...extra.test,
      // Decode pools start their worker from the TypeScript source (core has no tsx fallback).
      setupFiles: [sourceDecodeWorkerSetup, ...toArray(extra.test?.setupFiles)],
    },
  });
}

/**
 * One project for the packages whose tests need nothing of their own (no server, no mock, no fresh
 * process): a worker runs any of their files next in the module graph it has loaded, where one
 * project per package made vitest start a worker, load core and transform it again for each.
 */
export function packagesProject(name: string, folders: string[], exclude: string[] = []) {
  return synctrackProject(name, {
    test: {
      include: folders.flatMap((folder) => [`packages/${folder}/src/**/*.test.ts`, `packages/${folder}/test/**/*.test.ts`]),
      exclude: [...configDefaults.exclude, ...exclude],
    },
  });
}
