// `engines.node` of each published package says what its dependencies require: every Node version
// it admits is one that each package it installs (its dependencies, theirs, and so on, as
// package-lock.json resolves them) admits too, so installing it on a Node it claims prints no
// EBADENGINE warning. Peer dependencies count (npm installs them); optional ones are left out: npm skips one whose engines this Node does
// not meet, without a warning (the CLI takes the gcs and azure adapters, which need Node 22, so).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as { subset(sub: string, dom: string): boolean; valid(version: string): string | null };

const repository = fileURLToPath(new URL('../..', import.meta.url));

interface LockEntry {
  version?: string;
  link?: boolean;
  resolved?: string;
  engines?: { node?: string } | string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(readFileSync(join(repository, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** Where npm finds `name` from the package at `from` (a lock key): the nearest node_modules up the tree. */
function resolve(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[key] !== undefined) {
      const entry = lock.packages[key]!;
      return entry.link === true && entry.resolved !== undefined ? entry.resolved : key;
    }
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

function nodeRange(entry: LockEntry): string | undefined {
  return Array.isArray(entry.engines) ? undefined : entry.engines?.node;
}

/** Every package `root` installs (not through optional dependencies) that names the Node versions it admits. */
function installed(root: string): Array<{ key: string; node: string }> {
  const seen = new Set<string>();
  const found: Array<{ key: string; node: string }> = [];
  const queue = [root];
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lock.packages[key];
    if (entry === undefined) continue;
    const node = nodeRange(entry);
    if (node !== undefined && key !== root) found.push({ key, node });
    // npm installs peer dependencies too, unless they are marked optional.
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...peers]) {
      const next = resolve(key, name);
      if (next !== undefined) queue.push(next);
    }
  }
  return found;
}

const packages = readdirSync(join(repository, 'packages'))
  .map((folder) => ({ folder, json: JSON.parse(readFileSync(join(repository, 'packages', folder, 'package.json'), 'utf8')) as { name: string; private?: boolean; engines?: { node?: string } } }))
  .filter(({ json }) => json.private !== true);

describe.each(packages)('$json.name', ({ folder, json }) => {
  it('admits only Node versions its installed dependencies admit', () => {
    const range = json.engines?.node;
    expect(range).toBeDefined();
    const dependencies = installed(`packages/${folder}`);
    const narrower = dependencies.filter(({ node }) => !semver.subset(range!, node)).map(({ key, node }) => `${key} needs ${node}`);
    expect(narrower).toEqual([]);
  });
});

it('the lock file knows the dependencies it is read for', () => {
  expect(installed('packages/storage-gcs').some(({ key, node }) => key.endsWith('@google-cloud/storage') && node === '>=22')).toBe(true);
});
