// Assembles src/reader/snappy-wasm/snappy-step.wat into the base64 module that
// snappy-step-binary.ts exports. Run after editing the .wat: `npm run build:wasm -w @synctrack/core`.
// A test assembles it again and fails when the committed binary differs.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

const folder = new URL('../src/reader/snappy-wasm/', import.meta.url);

export async function assembleSnappyStep() {
  const wabt = await wabtInit();
  const module = wabt.parseWat('snappy-step.wat', readFileSync(new URL('snappy-step.wat', folder), 'utf8'), { bulk_memory: true, simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base64 = await assembleSnappyStep();
  writeFileSync(
    new URL('snappy-step-binary.ts', folder),
    `// Generated from snappy-step.wat by scripts/build-snappy-wasm.mjs: do not edit.\nexport const SNAPPY_STEP_WASM = '${base64}';\n`,
  );
  console.log(`snappy-step.wasm: ${Buffer.from(base64, 'base64').length} bytes`);
}
