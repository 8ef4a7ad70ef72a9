// The source tree's layers, and the one direction imports may run between them. A file may import
// files of its own folder and of folders in a lower layer, never of its own layer's other folders or
// of a higher one; and no chain of imports, even within a folder, may come back to where it began.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Lowest first. Folders in one row are one layer: they may not import each other. */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['model'],
  ['layout'],
  ['storage'],
  ['location', 'runs'],
  ['parquet', 'writer'],
  ['records'],
  ['scan'],
  ['questions'],
  ['client'],
  ['.'], // the entry points: index.ts, internal.ts
];

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(SRC, path)] : [];
  });
}

/** The source files a file imports (relative specifiers only), as paths under src/. */
export function importsOf(file: string, text = readFileSync(join(SRC, file), 'utf8')): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

export function layerOf(file: string): number {
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
  const layer = LAYERS.findIndex((row) => row.includes(top));
  if (layer < 0) throw new Error(`${file}: folder ${top}/ is in no layer; add it to LAYERS in test/layers.test.ts`);
  return layer;
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** The imports that run sideways or up a layer, as "from -> to". */
export function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (folderOf(target) === folderOf(file)) continue;
      if (layerOf(target) >= layerOf(file)) wrong.push(`${file} -> ${target}`);
    }
  }
  return wrong;
}

/** Each cycle of imports, as the files along it. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('source layers', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));

  it('puts every folder of src/ in a layer', () => {
    for (const file of graph.keys()) expect(() => layerOf(file)).not.toThrow();
  });

  it('imports only down the layers', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('catches an upward import and a cycle when there is one', () => {
    const bad = new Map([
      ['parquet/a.ts', ['scan/b.ts']],
      ['scan/b.ts', ['parquet/a.ts']],
      ['location/c.ts', ['runs/d.ts']],
      ['runs/d.ts', []],
    ]);
    expect(upwardImports(bad)).toEqual(['parquet/a.ts -> scan/b.ts', 'location/c.ts -> runs/d.ts']);
    expect(importCycles(bad)).toEqual([['parquet/a.ts', 'scan/b.ts', 'parquet/a.ts']]);
    expect(importsOf('scan/x.ts', "import type { A } from '../parquet/a.js';\nexport { B } from './b.js';\nconst c = await import('../model/c.js');")).toEqual([
      'parquet/a.ts',
      'scan/b.ts',
      'model/c.ts',
    ]);
  });
});
