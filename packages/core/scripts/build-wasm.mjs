// Assembles the package's WebAssembly modules (.wat sources) into the base64 text their
// *-binary.ts files export. Run after editing a .wat: `npm run build:wasm -w @synctrack/core`.
// A test assembles each again and fails when the committed binary differs.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

/** Each module: its folder under src/, its source, and the binary file and constant it becomes. */
export const WASM_MODULES = [
  { folder: 'parquet/snappy-wasm/', source: 'snappy-step.wat', binary: 'snappy-step-binary.ts', constant: 'SNAPPY_STEP_WASM' },
  { folder: 'parquet/rle-wasm/', source: 'rle.wat', binary: 'rle-binary.ts', constant: 'RLE_WASM' },
  { folder: 'parquet/plain-wasm/', source: 'plain.wat', binary: 'plain-binary.ts', constant: 'PLAIN_WASM' },
  { folder: 'parquet/needle-wasm/', source: 'needle.wat', binary: 'needle-binary.ts', constant: 'NEEDLE_WASM' },
  { folder: 'scan/entries-wasm/', source: 'entries.wat', binary: 'entries-binary.ts', constant: 'ENTRIES_WASM' },
  { folder: 'scan/partition-wasm/', source: 'partition.wat', binary: 'partition-binary.ts', constant: 'PARTITION_WASM' },
  { folder: 'parquet/byte-table-wasm/', source: 'byte-table.wat', binary: 'byte-table-binary.ts', constant: 'BYTE_TABLE_WASM' },
  { folder: 'records/text-lines-wasm/', source: 'text-lines.wat', binary: 'text-lines-binary.ts', constant: 'TEXT_LINES_WASM' },
];

/** The module assembled from `source` in `folder`, as base64. */
export async function assembleWat(folder, source) {
  const wabt = await wabtInit();
  const url = new URL(`../src/${folder}${source}`, import.meta.url);
  const module = wabt.parseWat(source, readFileSync(url, 'utf8'), { bulk_memory: true, simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { folder, source, binary, constant } of WASM_MODULES) {
    const base64 = await assembleWat(folder, source);
    writeFileSync(
      new URL(`../src/${folder}${binary}`, import.meta.url),
      `// Generated from ${source} by scripts/build-wasm.mjs: do not edit.\nexport const ${constant} = '${base64}';\n`,
    );
    console.log(`${source}: ${Buffer.from(base64, 'base64').length} bytes`);
  }
}
