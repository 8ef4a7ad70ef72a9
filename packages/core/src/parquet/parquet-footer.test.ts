import { describe, expect, it } from 'vitest';
import { spansForRead, type ParquetFooter } from './parquet-footer.js';

/** A footer with just what spansForRead reads: column spans of one row group, the tail, no page index. */
function footer(spans: Record<string, [number, number]>): ParquetFooter {
  return {
    rowGroups: [{ columnSpans: new Map(Object.entries(spans).map(([column, [start, end]]) => [column, [{ start, end }]])) }],
    tail: { offset: 100_000_000, bytes: new Uint8Array(0) },
    pageIndex: null,
  } as unknown as ParquetFooter;
}

describe('spansForRead', () => {
  const MB = 1024 * 1024;
  const file = footer({
    identifier: [4, 300_000],
    status: [300_000, 340_000],
    record_payload: [340_000, 340_000 + 25 * MB],
    operation: [340_000 + 25 * MB, 340_000 + 25 * MB + 100],
    status_message: [340_000 + 25 * MB + 2000, 340_000 + 25 * MB + 9000],
  });

  it('merges small chunks that are close', () => {
    expect(spansForRead(file, 0, ['identifier', 'status', 'operation', 'status_message'])).toEqual([
      { start: 4, end: 340_000 },
      { start: 340_000 + 25 * MB, end: 340_000 + 25 * MB + 9000 },
    ]);
  });

  it('keeps a large chunk (a payload) a span of its own, exactly the chunk', () => {
    expect(spansForRead(file, 0, ['identifier', 'status', 'record_payload', 'operation', 'status_message'])).toEqual([
      { start: 4, end: 340_000 },
      { start: 340_000, end: 340_000 + 25 * MB },
      { start: 340_000 + 25 * MB, end: 340_000 + 25 * MB + 9000 },
    ]);
  });
});
