// What `npm pack` would publish, package by package: the built dist/ (both formats, no sourcemaps: a
// decision, CONTRIBUTING.md "Packages"), the README, the LICENSE (the repository's), package.json and,
// for the CLI, its bin shim; never sources, tests or configuration. Every file package.json points
// at is packed, and the metadata a registry shows (license, repository with its directory, homepage,
// bugs, engines) is there. Under the root `npm test`, turbo has built every package's JavaScript
// first (`build:js`); the type declarations come from the full build (`npm run build`, which
// type-checks), so here they are checked as what package.json promises, and CI's packaging step
// (.ci/run: publint, and attw resolving the types of every entry in every condition) checks that
// the full build delivers them.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const license = readFileSync(join(repository, 'LICENSE'), 'utf8');

interface PackageJson {
  name: string;
  private?: boolean;
  license?: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: unknown;
  files?: string[];
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  engines?: { node?: string };
}

const packages = readdirSync(join(repository, 'packages'))
  .map((folder) => ({ folder, json: JSON.parse(readFileSync(join(repository, 'packages', folder, 'package.json'), 'utf8')) as PackageJson }))
  .filter(({ json }) => json.private !== true);

/** Packages built for `import` only (storage-conformance: vitest refuses `require`). */
const ESM_ONLY = new Set(['@synctrack/storage-conformance']);

/**
 * What `npm pack` would publish of each package, by name: one npm for every workspace (an npm
 * process is ~0.5 CPU-s; one per package was 4 CPU-s of a test run).
 */
function packedFilesByName(): Map<string, string[]> {
  const workspaces = packages.flatMap(({ folder }) => ['--workspace', join('packages', folder)]);
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...workspaces], { cwd: repository, encoding: 'utf8' });
  const packed = JSON.parse(output) as Array<{ name: string; files: Array<{ path: string }> }>;
  return new Map(packed.map((entry) => [entry.name, entry.files.map((file) => file.path).sort()]));
}

/** A type declaration path (`.d.ts`, `.d.cts`): made by the full build, not by `build:js`. */
const isDeclaration = (path: string) => /\.d\.[cm]?ts$/.test(path);

/** Every path package.json points at (main, module, types, bin, each export condition). */
function pointedAt(json: PackageJson): string[] {
  const paths: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') paths.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([json.main, json.module, json.types, json.bin, json.exports].filter((value) => value !== undefined));
  return paths.map((path) => path.replace(/^\.\//, ''));
}

it('finds the published packages', () => {
  expect(packages.map(({ json }) => json.name)).toContain('@synctrack/core');
  expect(packages.length).toBeGreaterThanOrEqual(9);
});

const packedByName = packedFilesByName();

it('packs every published package', () => {
  expect([...packedByName.keys()].sort()).toEqual(packages.map(({ json }) => json.name).sort());
});

describe.each(packages)('$json.name', ({ folder, json }) => {
  const files = packedByName.get(json.name) ?? [];

  it('packs the dist, README, LICENSE and package.json, and nothing else', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    const allowed = (path: string) =>
      ['LICENSE', 'README.md', 'package.json'].includes(path) || path.startsWith('dist/') || (json.bin !== undefined && path.startsWith('bin/'));
    expect(files.filter((path) => !allowed(path))).toEqual([]);
  });

  it('packs no sources, tests, sourcemaps or configuration', () => {
    const stray = files.filter(
      (path) =>
        /(^|\/)(src|test|tests|__tests__|test-artifacts|node_modules)\//.test(path) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(path) ||
        (/\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path)) ||
        /\.map$/.test(path) ||
        /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s|\.turbo)$/.test(path),
    );
    expect(stray).toEqual([]);
  });

  it('packs every script its package.json points at', () => {
    const scripts = pointedAt(json).filter((path) => !isDeclaration(path));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((path) => !files.includes(path))).toEqual([]);
  });

  it(ESM_ONLY.has(json.name) ? 'is built for import only' : 'is built for import and for require', () => {
    const entry = 'dist/index';
    expect(files).toEqual(expect.arrayContaining([`${entry}.js`]));
    if (ESM_ONLY.has(json.name)) expect(files.filter((path) => /\.c[jt]s$/.test(path))).toEqual([]);
    else expect(files).toEqual(expect.arrayContaining([`${entry}.cjs`]));
  });

  it('promises declarations beside every entry, in the flavour of its condition', () => {
    // Each export condition's `types` sits beside its script: `.d.ts` for import, `.d.cts` for require.
    const beside: Array<[string, string]> = [];
    const walk = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      const entry = value as Record<string, unknown>;
      if (typeof entry.types === 'string') {
        const script = entry.default ?? entry.import ?? entry.require;
        beside.push([entry.types, typeof script === 'string' ? script : '']);
      }
      Object.values(entry).forEach(walk);
    };
    walk(json.exports);
    if (json.types !== undefined) beside.push([json.types, json.main ?? '']);
    expect(beside.length).toBeGreaterThan(0);
    for (const [types, script] of beside) {
      expect(types, `${types} beside ${script}`).toBe(script.replace(/\.js$/, '.d.ts').replace(/\.cjs$/, '.d.cts'));
      expect(types).toMatch(/^\.\/dist\/.+\.d\.c?ts$/);
    }
  });

  it('carries the repository LICENSE and the metadata a registry shows', () => {
    expect(readFileSync(join(repository, 'packages', folder, 'LICENSE'), 'utf8')).toBe(license);
    expect(json.files).toContain('LICENSE');
    expect(json.license).toBe('Apache-2.0');
    expect(json.repository).toEqual({ type: 'git', url: 'git+https://github.com/synctrack/synctrack.git', directory: `packages/${folder}` });
    expect(json.homepage).toBe(`https://github.com/synctrack/synctrack/tree/main/packages/${folder}#readme`);
    expect(json.bugs).toEqual({ url: 'https://github.com/synctrack/synctrack/issues' });
    expect(json.engines?.node).toMatch(/^[\^>=]/);
  });
});

it('the repository itself carries the Apache-2.0 text', () => {
  expect(license).toContain('Apache License');
  expect(license).toContain('Version 2.0, January 2004');
  expect(license).toContain('END OF TERMS AND CONDITIONS');
});
