// The conformance matrix (matrix-suite.ts) for files written by parquetjs (data page v1 and v2, TIMESTAMP_MILLIS / MICROS) and polars.
import { PARQUETJS, POLARS, atDepth } from './matrix-entries.js';
import { describeMatrix } from './matrix-suite.js';

describeMatrix(atDepth([...PARQUETJS, ...POLARS]));
