// Parquet's RLE / bit-packed hybrid encoding, used for definition levels and dictionary indices,
// read two ways: decoded (wasm-rle.ts, a WebAssembly module: whole stretches, the rows of a page
// that pass a test, the values at a few rows), and counted without writing a value per row
// (rle-count.ts, which reads the runs' headers through rle-runs.ts).
export { RleError } from './rle-runs.js';
export { decodeRleHybrid } from './wasm-rle.js';

export { countRleHybrid } from './rle-count.js';
