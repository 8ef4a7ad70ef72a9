// find, and a filter by identifiers, skip the row groups whose identifier bounds (the footer's
// min_value/max_value under the type-defined order) hold none of the identifiers asked, and answer
// as before: the bytes they read show which row groups they read; with `footer-statistics` off they
// read them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type StorageAdapter } from '../src/index.js';
import { FAST_PATHS_VARIABLE } from '../src/parquet/fast-paths.js';
import { readParquetFooter } from '../src/parquet/parquet-footer.js';
import { textBounds } from '../src/parquet/text-bounds.js';
import { runPrefix } from '../src/layout/sync-tracking-layout.js';
import { DuckDbBucket, newRun, recordsSelect } from './duckdb-fixtures.js';

/** The byte ranges read from .parquet files, as [start, end). */
function recording(storage: StorageAdapter) {
  const ranges: Array<[number, number]> = [];
  const recorded: StorageAdapter = Object.create(storage);
  recorded.read = async (key, options) => {
    const bytes = await storage.read(key, options);
    const range = options?.range;
    if (key.endsWith('.parquet') && range !== undefined && 'offset' in range) ranges.push([range.offset, range.offset + bytes.length]);
    return bytes;
  };
  return { recorded, ranges };
}

describe('find and the identifier bounds in the footer', () => {
  let bucket: DuckDbBucket;
  const run = newRun();
  let spans: Array<{ start: number; end: number }> = [];

  beforeAll(async () => {
    bucket = await DuckDbBucket.create();
    // Three row groups (DuckDB's are multiples of 2,048 rows) of identifiers in order: 000000-002047,
    // 002048-004095, 004096-006143 (and two past ASCII, and one with a byte-order mark, in the last).
    const identifier = `CASE WHEN i = 5990 THEN 'Zürich-1' WHEN i = 5991 THEN '\uFEFFbom' WHEN i = 5992 THEN '😀-2' ELSE lpad(i::VARCHAR, 6, '0') END`;
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 6144, columns: { identifier } }), { rowGroupSize: 2048 });
    const key = `${runPrefix('', run)}records_updated.0.parquet`;
    const { size } = await bucket.storage.stat(key);
    const footer = await readParquetFooter(bucket.storage, key, { size });
    expect(footer.rowGroups).toHaveLength(3);
    spans = footer.rowGroups.map((group) => group.columnSpans.get('identifier')![0]!);
    const bounds = textBounds(footer, 'identifier')!;
    const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(bounds.slice(0, 2).map((bound) => [text(bound!.min), text(bound!.max)])).toEqual([
      ['000000', '002047'],
      ['002048', '004095'],
    ]);
    // Unsigned byte order puts the byte-order mark (EF BB BF) and the emoji (F0 ...) last.
    expect(text(bounds[2]!.max)).toBe('😀-2');
  }, 60_000);

  afterAll(async () => {
    delete process.env[FAST_PATHS_VARIABLE];
    await bucket?.close();
  });

  /** The row groups whose identifier chunk find read. */
  async function find(ids: string[]): Promise<{ found: string[]; rowGroups: number[] }> {
    const { recorded, ranges } = recording(bucket.storage);
    const client = new SyncTrackingClient({ storage: recorded, decodePool: bucket.pool });
    const found = (await client.find(run, ids)).map((record) => String(record.identifier));
    const rowGroups = spans.flatMap((span, group) => (ranges.some(([start, end]) => start < span.end && end > span.start) ? [group] : []));
    return { found, rowGroups };
  }

  it('reads only the row groups whose bounds hold an identifier asked', async () => {
    expect(await find(['003500'])).toEqual({ found: ['003500'], rowGroups: [1] });
    expect(await find(['000000', '005999'])).toEqual({ found: ['000000', '005999'], rowGroups: [0, 2] });
    // Inside a row group's bounds but not there, and between two row groups' bounds.
    expect(await find(['0035000'])).toEqual({ found: [], rowGroups: [1] });
    expect(await find(['002047a'])).toEqual({ found: [], rowGroups: [] });
    expect(await find(['-1', '!x'])).toEqual({ found: [], rowGroups: [] });
    // The last row group's bounds reach up to the emoji (F0 …): 'absent' lies inside them.
    expect(await find(['absent'])).toEqual({ found: [], rowGroups: [2] });
  });

  it('finds identifiers past ASCII and with a byte-order mark in the last row group', async () => {
    expect(await find(['Zürich-1'])).toEqual({ found: ['Zürich-1'], rowGroups: [2] });
    expect(await find(['😀-2'])).toEqual({ found: ['😀-2'], rowGroups: [2] });
    expect((await find(['\uFEFFbom'])).rowGroups).toEqual([2]);
  });

  /** The same for a filter by identifiers (and a page of one record, resumed from its cursor). */
  async function filter(ids: string[]): Promise<{ found: string[]; rowGroups: number[]; pages: string[] }> {
    const { recorded, ranges } = recording(bucket.storage);
    const client = new SyncTrackingClient({ storage: recorded, decodePool: bucket.pool });
    const found: string[] = [];
    for await (const record of client.filter(run, { identifiers: ids, outcome: ['success', 'rejected', 'invalid'] })) found.push(String(record.identifier));
    const rowGroups = spans.flatMap((span, group) => (ranges.some(([start, end]) => start < span.end && end > span.start) ? [group] : []));
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.filterPage(run, { identifiers: ids, limit: 1, cursor });
      pages.push(...page.records.map((record) => String(record.identifier)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return { found, rowGroups, pages };
  }

  it('filters by identifiers reading only the row groups whose bounds hold one, page by page too', async () => {
    expect(await filter(['000001', '005000'])).toEqual({ found: ['000001', '005000'], rowGroups: [0, 2], pages: ['000001', '005000'] });
    expect(await filter(['003500', 'Zürich-1'])).toEqual({ found: ['003500', 'Zürich-1'], rowGroups: [1, 2], pages: ['003500', 'Zürich-1'] });
    expect(await filter(['-1'])).toEqual({ found: [], rowGroups: [], pages: [] });
  });

  it('reads every row group with footer-statistics off, and answers the same', async () => {
    process.env[FAST_PATHS_VARIABLE] = '-footer-statistics';
    try {
      expect(await find(['003500'])).toEqual({ found: ['003500'], rowGroups: [0, 1, 2] });
      expect(await find(['absent'])).toEqual({ found: [], rowGroups: [0, 1, 2] });
      expect(await filter(['000001', '005000'])).toEqual({ found: ['000001', '005000'], rowGroups: [0, 1, 2], pages: ['000001', '005000'] });
    } finally {
      delete process.env[FAST_PATHS_VARIABLE];
    }
  });
});
