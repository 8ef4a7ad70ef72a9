// The matrix's comparison of the client's rows with DuckDB's (rowDifferences) and its check of the
// client's order (inOrder): if they said nothing where rows differ, every answer in the matrix would
// pass unchecked.
import { describe, expect, it } from 'vitest';
import { inOrder } from './conformance-checks.js';
import { rowDifferences, type OracleRow } from './conformance-oracle.js';

const row = (rowIndex: number, changes: Partial<OracleRow> = {}): OracleRow => ({
  file: 'records_updated.0.parquet',
  rowIndex,
  identifier: `id-${rowIndex}`,
  payload: { n: rowIndex, tags: ['a'] },
  operation: 'upsert',
  status: 'succeeded',
  outcome: 'success',
  statusMessage: null,
  batchStartedAt: 1_000,
  batchEndedAt: 2_000,
  ...changes,
});

describe('rowDifferences', () => {
  const duck = [row(0), row(1), row(2)];

  it('says nothing when the rows and their fields are the same', () => {
    expect(rowDifferences([row(0), row(1), row(2)], duck)).toBe('');
  });

  it('names missing, extra and repeated rows', () => {
    expect(rowDifferences([row(0), row(0), row(3), row(4)], duck)).toBe(
      "4 records, DuckDB has 3; 2 missing, e.g. records_updated.0.parquet#1 \"id-1\" (succeeded); 2 not in DuckDB's answer, e.g. records_updated.0.parquet#3 \"id-3\" (succeeded); 1 rows returned twice",
    );
  });

  it('counts the rows each field differs in, with the first example', () => {
    const differences = rowDifferences([row(0, { status: 'rejected' }), row(1, { payload: { n: 1, tags: ['b'] } }), row(2, { status: 'failed' })], duck);
    expect(differences).toBe(
      'payload differs in 1 rows, e.g. records_updated.0.parquet#1: got {"n":1,"tags":["b"]}, DuckDB {"n":1,"tags":["a"]}; status differs in 2 rows, e.g. records_updated.0.parquet#0: got "rejected", DuckDB "succeeded"',
    );
  });

  it('compares only the fields asked for', () => {
    expect(rowDifferences([row(0, { status: 'rejected' }), row(1), row(2)], duck, ['identifier', 'outcome'])).toBe('');
  });
});

describe('inOrder (listing order: by the batch number in the file name, then by row)', () => {
  const at = (file: string, rowIndex: number) => ({ file, rowIndex });

  it('holds for rows by batch, then row, across files', () => {
    expect(inOrder([at('records_updated.0.parquet', 0), at('records_updated.0.parquet', 7), at('records_inserted.2.parquet', 1), at('records_deleted.10.parquet', 0)])).toBe(true);
    expect(inOrder([])).toBe(true);
  });

  it('fails for rows out of order within a file, or a later batch first', () => {
    expect(inOrder([at('records_updated.0.parquet', 7), at('records_updated.0.parquet', 0)])).toBe(false);
    expect(inOrder([at('records_deleted.10.parquet', 0), at('records_inserted.2.parquet', 1)])).toBe(false);
  });
});
