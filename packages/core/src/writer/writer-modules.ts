// apache-arrow and parquet-wasm for the writers, imported on first use: a program that only reads
// (the CLI, the viewer) never pays their start-up (~0.3 s of the process measured here).
import type * as Arrow from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';

export interface WriterModules {
  arrow: typeof Arrow;
  parquet: typeof ParquetWasm;
}

let modules: Promise<WriterModules> | null = null;

export function writerModules(): Promise<WriterModules> {
  modules ??= Promise.all([import('apache-arrow'), import('parquet-wasm')]).then(([arrow, parquet]) => ({ arrow, parquet }));
  return modules;
}
