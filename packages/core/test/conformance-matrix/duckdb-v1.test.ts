// The conformance matrix (matrix-suite.ts) for files written by DuckDB's V1 pages: every codec crossed with small and default row groups, and the entries covered once.
import { DUCK_FULL, DUCK_ONCE, atDepth } from './matrix-entries.js';
import { describeMatrix } from './matrix-suite.js';

describeMatrix(atDepth([...DUCK_FULL, ...DUCK_ONCE].filter((entry) => entry.writer === 'duckdb' && entry.version === 'V1')));
