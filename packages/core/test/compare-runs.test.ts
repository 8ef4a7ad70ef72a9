// compareRuns against DuckDB on the same files: two runs of one sync written by DuckDB (several files,
// row groups, duplicates and null identifiers, a head partly zstd + DELTA so parquet-wasm reads it),
// every count, every error group and every identifier set's records equal to DuckDB's SQL; the
// same answer when every row group's entries are spilled to disk; identifiers whose hashes
// collide are still told apart; and a partition the decode pool fails on is reported as ours.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackingClient, type RunIds, type SyncRecord } from '../src/index.js';
import { messageTemplate } from '../src/model/message-template.js';
import { IDENTIFIER_SETS, RowBitmap, comparePartition, type IdentifierCounts, type IdentifierSetName } from '../src/scan/identifier-partition.js';
import { compareIdentifiers, scanIdentifiers } from '../src/questions/identifier-sets.js';
import { SpillFolder } from '../src/questions/identifier-spill.js';
import { FooterCache, RowGroupScanner } from '../src/scan/row-group-scanner.js';
import { DecodePool } from '../src/scan/decode-pool.js';
import { ENTRY_HEADER_WORDS, FAILING_BIT } from '../src/scan/identifier-entries.js';
import { DuckDbBucket, OUTCOME_SQL, byPosition, collect, comparable, recordsSelect } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
const sync = { orgId: 'org-c', syncId: 'sync-c' };
const base: RunIds = { ...sync, runId: '501' };
const head: RunIds = { ...sync, runId: '502' };

// Identifiers repeat (i % 1700 over 2,400 rows), some are null; the head shifts the range, so some
// leave and some arrive, and fails different ones with a new message among the old.
const identifierSql = (modulo: number, shift: number) => `CASE WHEN i % 97 = 5 THEN NULL ELSE 'cust-' || CAST((i + ${shift}) % ${modulo} AS VARCHAR) END`;
const statusSql = (every: number) => `CASE WHEN i % ${every} = 0 THEN 'rejected' WHEN i % 31 = 1 THEN NULL WHEN i % 37 = 2 THEN 'DUPLICATE' ELSE 'succeeded' END`;
const messageSql = (every: number, extra: string) =>
  `CASE WHEN i % ${every} = 0 THEN (CASE i % 5 WHEN 0 THEN 'Invalid email address: user' || i || '@bad' WHEN 1 THEN 'Rate limit exceeded' WHEN 2 THEN NULL WHEN 3 THEN ${extra} ELSE 'Field "phone" is required' END) END`;

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  await bucket.copy(base, 'records_updated.0.parquet', recordsSelect({ rows: 1500, columns: { identifier: identifierSql(1700, 0), status: statusSql(6), status_message: messageSql(6, `'Contact ' || (i % 9) || ' not found'`) } }), { rowGroupSize: 256 });
  await bucket.copy(base, 'records_updated.1.parquet', recordsSelect({ rows: 900, offset: 1500, columns: { identifier: identifierSql(1700, 0), status: statusSql(6), status_message: messageSql(6, `'Contact ' || (i % 9) || ' not found'`) } }), { rowGroupSize: 300 });
  await bucket.put(base, 'metadata.json', JSON.stringify({ sync_run_id: base.runId, sync_configuration_id: sync.syncId, run_started_at: '2024-05-01T10:00:00Z' }));
  await bucket.copy(head, 'records_updated.0.parquet', recordsSelect({ rows: 1200, columns: { identifier: identifierSql(1900, 250), status: statusSql(4), status_message: messageSql(4, `'Quota exceeded for object ' || (i % 3)`) } }), { rowGroupSize: 200 });
  await bucket.copy(head, 'records_upserted.1.parquet', recordsSelect({ rows: 1400, offset: 1200, columns: { identifier: identifierSql(1900, 250), status: statusSql(5), status_message: messageSql(5, `'Quota exceeded for object ' || (i % 3)`) } }), { rowGroupSize: 500, compression: 'zstd', parquetVersion: 'V2' });
  await bucket.put(head, 'metadata.json', JSON.stringify({ sync_run_id: head.runId, sync_configuration_id: sync.syncId, run_started_at: '2024-05-02T10:00:00Z' }));
}, 120_000);

afterAll(async () => {
  await bucket?.close();
});

/** Per identifier (nulls left out): whether it fails in the run, as DuckDB groups it. */
async function identifierStates(run: RunIds): Promise<string> {
  return `(SELECT identifier, bool_or(${OUTCOME_SQL} <> 'success') AS failing FROM ${await bucket.records(run)} WHERE identifier IS NOT NULL GROUP BY 1)`;
}

/** DuckDB's condition for each set over `b FULL OUTER JOIN h`. */
const SET_SQL: Record<IdentifierSetName, string> = {
  newlyFailing: 'h.failing AND NOT coalesce(b.failing, false)',
  fixed: 'b.failing AND h.identifier IS NOT NULL AND NOT h.failing',
  stillFailing: 'b.failing AND h.failing',
  added: 'h.identifier IS NOT NULL AND b.identifier IS NULL',
  removed: 'b.identifier IS NOT NULL AND h.identifier IS NULL',
};

async function joined(): Promise<string> {
  return `${await identifierStates(base)} AS b FULL OUTER JOIN ${await identifierStates(head)} AS h ON b.identifier = h.identifier`;
}

async function duckCounts(): Promise<IdentifierCounts> {
  const [row] = await bucket.query<Record<string, number>>(
    `SELECT ${IDENTIFIER_SETS.map((set) => `CAST(count(*) FILTER (WHERE ${SET_SQL[set]}) AS INTEGER) AS "${set}"`).join(', ')} FROM ${await joined()}`,
  );
  return row as unknown as IdentifierCounts;
}

describe('compareRuns against DuckDB', () => {
  test('outcome counts, identifier counts and run starts', async () => {
    const comparison = await bucket.client.compareRuns(base, head);
    for (const [side, run] of [['base', base], ['head', head]] as const) {
      const outcomes = await bucket.countBy(run, OUTCOME_SQL);
      expect(comparison[side].byOutcome).toEqual({ success: outcomes.get('success') ?? 0, rejected: outcomes.get('rejected') ?? 0, invalid: outcomes.get('invalid') ?? 0 });
      expect(comparison[side].total).toBe([...outcomes.values()].reduce((sum, count) => sum + count, 0));
      expect(comparison[side].run.ids?.runId).toBe(run.runId);
    }
    expect(comparison.base.startedAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(comparison.head.startedAt?.toISOString()).toBe('2024-05-02T10:00:00.000Z');
    for (const outcome of ['success', 'rejected', 'invalid'] as const) {
      const change = comparison.outcomes[outcome];
      expect(change).toEqual({ base: comparison.base.byOutcome[outcome], head: comparison.head.byOutcome[outcome], change: change.head - change.base });
    }
    const counts = await duckCounts();
    expect(comparison.identifiers).toEqual(counts);
    // The runs were written so that every set holds some identifiers.
    for (const set of IDENTIFIER_SETS) expect(counts[set]).toBeGreaterThan(0);
  });

  test("each set's records are the head's (the base's for removed) records of its identifiers", async () => {
    const comparison = await bucket.client.compareRuns(base, head);
    for (const set of IDENTIFIER_SETS) {
      const from = set === 'removed' ? base : head;
      const records = await collect(comparison.records(set));
      const expected = await bucket.rows(from, `identifier IN (SELECT coalesce(h.identifier, b.identifier) FROM ${await joined()} WHERE ${SET_SQL[set]})`);
      expect(byPosition(records.map(comparable)), set).toEqual(expected);
      const batches = await collect(comparison.recordBatches(set, { columns: ['identifier'] }));
      expect(batches.every((batch) => batch.length > 0)).toBe(true);
      expect(batches.flat().map((record) => record.identifier)).toEqual(records.map((record) => record.identifier));
    }
    await expect(collect(comparison.records('gone' as IdentifierSetName))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('a page of a set (offset, limit) is that slice of the whole set, in any row group', async () => {
    const comparison = await bucket.client.compareRuns(base, head);
    const position = (record: SyncRecord) => `${record.origin.file}#${record.origin.rowIndex}`;
    for (const set of IDENTIFIER_SETS) {
      const all = (await collect(comparison.records(set))).map(position);
      // Pages that start and end inside row groups, span several, and run past the end.
      for (const [offset, limit] of [[0, 1], [1, 7], [3, all.length], [Math.floor(all.length / 2), 13], [all.length - 2, 10], [all.length, 5], [0, 0]] as const) {
        const page = (await collect(comparison.records(set, { offset, limit }))).map(position);
        expect(page, `${set} offset ${offset} limit ${limit}`).toEqual(all.slice(offset, offset + limit));
      }
      expect((await collect(comparison.records(set, { offset: 2 }))).map(position)).toEqual(all.slice(2));
    }
    for (const bad of [{ offset: -1 }, { limit: 1.5 }, { offset: '3' }]) {
      await expect(collect(comparison.records('added', bad as never))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });

  test('error groups by message and by template', async () => {
    for (const templates of [false, true]) {
      const comparison = await bucket.client.compareRuns(base, head, { templates });
      const expected = new Map<string | null, { base: number; head: number; variants: Set<string | null> }>();
      for (const [side, run] of [['base', base], ['head', head]] as const) {
        for (const [message, count] of await bucket.countBy(run, 'status_message', `${OUTCOME_SQL} = 'rejected'`)) {
          const key = templates && message !== null ? messageTemplate(message) : message;
          const entry = expected.get(key) ?? { base: 0, head: 0, variants: new Set() };
          entry[side] += count;
          entry.variants.add(message);
          expected.set(key, entry);
        }
      }
      expect(comparison.errors).toHaveLength(expected.size);
      for (const group of comparison.errors) {
        const want = expected.get(group.statusMessage)!;
        expect(group).toEqual({
          statusMessage: group.statusMessage,
          base: want.base,
          head: want.head,
          change: want.head - want.base,
          new: want.base === 0,
          ...(templates ? { messages: want.variants.size } : {}),
        });
      }
      const changes = comparison.errors.map((group) => Math.abs(group.change));
      expect(changes).toEqual([...changes].sort((a, b) => b - a));
      expect(comparison.errors.some((group) => group.new)).toBe(true);
    }
  });

  test('a run compared with itself: nothing added, removed, newly failing or fixed', async () => {
    const comparison = await bucket.client.compareRuns(head, head);
    expect(comparison.identifiers).toMatchObject({ newlyFailing: 0, fixed: 0, added: 0, removed: 0 });
    expect(comparison.errors.every((group) => group.change === 0 && !group.new)).toBe(true);
  });

  test('unknown options and missing runs are typed errors', async () => {
    await expect(bucket.client.compareRuns(base, head, { template: true } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(bucket.client.compareRuns(base, { ...sync, runId: '999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const comparison = await bucket.client.compareRuns(base, head);
    await expect(collect(comparison.records('added', { column: ['identifier'] } as never))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test("a closed client's comparison streams no more records", async () => {
    const client = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool });
    const comparison = await client.compareRuns(base, head);
    await client.close();
    await expect(collect(comparison.records('added'))).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('identifier sets', () => {
  // The pool runs this run's small partitions on the calling thread; with no task small enough for
  // that (inlineTaskBytes 0), every one in its workers.
  test.each([
    ['on the calling thread', undefined],
    ['in the decode workers', 0],
  ])('spilled to disk after every row group, the answer is the same, compared %s', async (_, inlineTaskBytes) => {
    const context = { storage: bucket.storage, prefix: '', scanner: new RowGroupScanner(bucket.storage, bucket.pool, new FooterCache(bucket.storage)), indexDirectory: null };
    const folder = new SpillFolder();
    try {
      const [baseScan, headScan] = await Promise.all([
        scanIdentifiers(context, await bucket.client.listRunFiles(base), 'base', folder, { spillBudget: 1 }),
        scanIdentifiers(context, await bucket.client.listRunFiles(head), 'head', folder, { spillBudget: 1 }),
      ]);
      expect(baseScan.spill.spilled && headScan.spill.spilled).toBe(true);
      const pool = inlineTaskBytes === undefined ? bucket.pool : new DecodePool({ size: 2, inlineTaskBytes });
      const { counts, sets } = await compareIdentifiers(baseScan, headScan, pool).finally(() => (pool === bucket.pool ? undefined : pool.close()));
      expect(counts).toEqual(await duckCounts());
      // Each set's rows: as many as its identifiers have records (the four head sets, and removed).
      const comparison = await bucket.client.compareRuns(base, head);
      for (const set of IDENTIFIER_SETS) {
        const rows = sets[set].rowsIn(0, sets[set].rows).length;
        expect(rows, set).toBe((await collect(comparison.records(set))).length);
      }
      await Promise.all([baseScan.spill.close(), headScan.spill.close()]);
    } finally {
      await folder.remove();
    }
  });

  test('a partition the pool cannot compare is our failure, typed INTERNAL, never the file\'s', async () => {
    // Entries that claim more words than the task carries: a bug on our side, whatever it is.
    const bytes = new Uint8Array(64);
    const task = { file: 'compareRuns partition 0', fileSize: 64, rowGroup: 0, numRows: 0, columns: [], ranges: [{ offset: 0, bytes }], weight: 64 };
    await expect(bucket.pool.decode({ ...task, kernel: { kind: 'partition', headStart: 0, end: 1000 } }, () => Promise.reject(new Error('no file')))).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  test('identifiers whose hashes collide are told apart by their bytes', () => {
    // Hand-made entries: "a" and "b" share a hash; "a" fails in the base, "b" is only in the head.
    const entry = (text: string, row: number, failing: boolean) => {
      const bytes = new TextEncoder().encode(text);
      const words = new Uint32Array(ENTRY_HEADER_WORDS + Math.ceil(bytes.length / 4));
      words.set([0x12345678, 0x9abcdef0, row, failing ? (bytes.length | FAILING_BIT) >>> 0 : bytes.length]);
      new Uint8Array(words.buffer).set(bytes, ENTRY_HEADER_WORDS * 4);
      return [...words];
    };
    const counts = Object.fromEntries(IDENTIFIER_SETS.map((set) => [set, 0])) as IdentifierCounts;
    const sets = Object.fromEntries(IDENTIFIER_SETS.map((set) => [set, new RowBitmap(4)])) as Record<IdentifierSetName, RowBitmap>;
    comparePartition(Uint32Array.from(entry('a', 0, true)), Uint32Array.from([...entry('b', 0, false), ...entry('a', 1, false)]), counts, sets);
    expect(counts).toEqual({ newlyFailing: 0, fixed: 1, stillFailing: 0, added: 1, removed: 0 });
    expect(sets.fixed.rowsIn(0, 4)).toEqual([1]);
    expect(sets.added.rowsIn(0, 4)).toEqual([0]);
  });
});
