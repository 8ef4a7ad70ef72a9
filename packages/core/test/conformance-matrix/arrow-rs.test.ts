// The conformance matrix (matrix-suite.ts) for files written by arrow-rs (through parquet-wasm): PLAIN, DELTA_*, dictionaries on, off and overflowing, data page v2, tiny pages, statistics and page indexes.
import { WASM, atDepth } from './matrix-entries.js';
import { describeMatrix } from './matrix-suite.js';

describeMatrix(atDepth(WASM));
