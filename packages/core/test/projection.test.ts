// Projection and options never change answers: every record-reading call gives the same records,
// and the same values in the fields asked (outcome included), whatever `columns` / `payloadFields` hold.
// Each call × query × column subset is compared with the all-columns answer, on runs written by
// SyncRunWriter with each compression (the JavaScript decoder's paths and parquet-wasm's); `npm test`
// asks a share of the queries of each run, CI all of them (support/test-depth.ts).
import { beforeAll, describe, expect, test } from 'vitest';
import {
  InvalidArgumentError,
  MemoryStorage,
  SyncRunWriter,
  SyncTrackingClient,
  type FilterJsonLinesOptions,
  type RecordField,
  type RecordQuery,
  type RecordRowKey,
  type RunIds,
  type SyncRecord,
  type SyncRecordInput,
} from '../src/index.js';
import { RECORD_COLUMNS } from '../src/internal.js';
import { FULL_DEPTH } from './support/test-depth.js';

const storage = new MemoryStorage();
const client = new SyncTrackingClient({ storage });
const BASE = Date.UTC(2026, 10, 23, 6);
const STATUSES = ['succeeded', 'succeeded', 'rejected', null, 'NULL', 'DUPLICATE', 'succeeded', 'rejected', 'weird'];

function input(index: number): SyncRecordInput {
  const status = STATUSES[index % STATUSES.length]!;
  const started = new Date(BASE + Math.floor(index / 100) * 60_000);
  return {
    identifier: index % 97 === 0 ? null : `id-${index}`,
    payload: index % 89 === 0 ? null : { index, email: `u${index}@example.com`, nested: { list: [index, 'x'] }, ...(index % 150 === 0 ? { blob: 'y'.repeat(120_000) } : {}) },
    operation: index % 50 === 0 ? null : ['upsert', 'delete', 'update'][index % 3]!,
    status,
    statusMessage: status === 'rejected' ? `ERR_${index % 7}: bad value ${index}` : null,
    batchStartedAt: started,
    batchEndedAt: index % 61 === 0 ? null : new Date(started.getTime() + 4_000),
  };
}

const runs: Record<string, RunIds> = {};

beforeAll(async () => {
  for (const compression of ['snappy', 'zstd', 'none'] as const) {
    const run = { orgId: 'o', syncId: 's', runId: compression };
    const writer = new SyncRunWriter({ storage, run, compression, rowGroupSize: 400 });
    await writer.writeBatch('records_updated', Array.from({ length: 1500 }, (_, index) => input(index)));
    await writer.writeBatch('records_failed', Array.from({ length: 700 }, (_, index) => input(1500 + index)));
    runs[compression] = run;
  }
});

const QUERIES: Array<[string, RecordQuery]> = [
  ['everything', {}],
  ['outcome rejected', { outcome: 'rejected' }],
  ['outcome invalid', { outcome: ['invalid'] }],
  ['status null', { status: null }],
  ['statuses NULL, weird', { status: ['NULL', 'weird'] }],
  ['operation delete', { operation: 'delete' }],
  ['message pattern', { statusMessage: /ERR_3/ }],
  ['identifiers', { identifiers: ['id-5', 'id-902', 'id-1777', 'id-2199', 'nope'] }],
  ['batch window', { batchStartedFrom: new Date(BASE + 3 * 60_000), batchStartedBefore: new Date(BASE + 9 * 60_000) }],
  ['outcome and operation', { outcome: 'rejected', operation: 'upsert' }],
];

const COLUMN_SETS: RecordField[][] = [
  ['identifier', 'statusMessage'],
  ['identifier'],
  ['payload'],
  ['operation', 'batchEndedAt'],
  [],
  ['status'],
  ['batchStartedAt', 'payload', 'identifier'],
];

/** The all-columns record as a call with `columns` must give it: those fields, status, outcome and origin. */
function projected(record: SyncRecord, columns: readonly RecordField[]): SyncRecord {
  const keep = (field: RecordField) => columns.includes(field);
  return {
    ...record,
    identifier: keep('identifier') ? record.identifier : null,
    payload: keep('payload') ? record.payload : null,
    operation: keep('operation') ? record.operation : null,
    statusMessage: keep('statusMessage') ? record.statusMessage : null,
    batchStartedAt: keep('batchStartedAt') ? record.batchStartedAt : null,
    batchEndedAt: keep('batchEndedAt') ? record.batchEndedAt : null,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function pages(run: RunIds, options: RecordQuery & { columns?: RecordField[] }): Promise<SyncRecord[]> {
  const records: SyncRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.filterPage(run, { ...options, limit: 137, ...(cursor === undefined ? {} : { cursor }) });
    records.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return records;
}

async function lines(run: RunIds, options: FilterJsonLinesOptions): Promise<Array<Record<string, unknown>>> {
  const text = (await collect(client.filterJsonLines(run, options))).map((batch) => Buffer.from(batch.lines).toString('utf8')).join('');
  return text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

const COMPRESSIONS = ['snappy', 'zstd', 'none'] as const;

/**
 * The queries asked of each run: all of them at full depth (CI); in `npm test`, everything on
 * each run and the other queries shared out among the runs, so each query meets one decoder path.
 */
function queriesFor(compression: (typeof COMPRESSIONS)[number]): typeof QUERIES {
  const place = COMPRESSIONS.indexOf(compression);
  return FULL_DEPTH ? QUERIES : QUERIES.filter((_, index) => index === 0 || index % COMPRESSIONS.length === place);
}

describe.each(COMPRESSIONS)('%s run', (compression) => {
  describe.each(queriesFor(compression))('%s', (_name, query) => {
    let full: SyncRecord[];
    let fullLines: Array<Record<string, unknown>>;
    beforeAll(async () => {
      const run = runs[compression]!;
      full = await collect(client.filter(run, query));
      fullLines = await lines(run, query);
      expect(fullLines).toHaveLength(full.length);
    });

    test.each(COLUMN_SETS.map((columns) => [columns.join(',') || '(none)', columns] as const))('filter, filterPage, filterJsonLines with %s', async (_label, columns) => {
      const run = runs[compression]!;
      const expected = full.map((record) => projected(record, columns));
      expect(await collect(client.filter(run, { ...query, columns }))).toEqual(expected);
      expect((await collect(client.filterBatches(run, { ...query, columns }))).flat()).toEqual(expected);
      expect(await pages(run, { ...query, columns })).toEqual(expected);
      const keys = [...columns.map((field) => RECORD_COLUMNS[field] as RecordRowKey), 'file' as const];
      const picked = fullLines.map((line) => Object.fromEntries(keys.map((key) => [key, line[key]])));
      expect(await lines(run, { ...query, columns: [...columns, 'file'] })).toEqual(picked);
    });

    test('sample: the same seeded draw from the matching records, whatever the columns', async () => {
      const run = runs[compression]!;
      const all = await client.sample(run, { ...query, size: 25, seed: 7 });
      expect(all.length).toBe(Math.min(25, full.length));
      // Only matching records, each once.
      const matching = new Map(full.map((record) => [`${record.origin.file}:${record.origin.rowIndex}`, record]));
      const keys = all.map((record) => `${record.origin.file}:${record.origin.rowIndex}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const record of all) expect(record).toEqual(matching.get(`${record.origin.file}:${record.origin.rowIndex}`));
      for (const columns of COLUMN_SETS) {
        expect(await client.sample(run, { ...query, size: 25, seed: 7, columns })).toEqual(all.map((record) => projected(record, columns)));
      }
    });
  });

  test('find with each column subset', async () => {
    const run = runs[compression]!;
    const ids = ['id-5', 'id-902', 'id-1777', 'id-2199'];
    const all = await client.find(run, ids);
    expect(all.map((record) => record.identifier).sort()).toEqual([...ids].sort());
    for (const columns of COLUMN_SETS) expect(await client.find(run, ids, { columns })).toEqual(all.map((record) => projected(record, columns)));
  });
});

describe('sample takes filter’s query', () => {
  test('every record when the size covers them, for each query', async () => {
    const run = runs.snappy!;
    for (const [, query] of QUERIES) {
      const matching = await collect(client.filter(run, query));
      const sample = await client.sample(run, { ...query, size: 5000, seed: 1 });
      const order = (records: SyncRecord[]) => records.map((record) => `${record.origin.file}:${record.origin.rowIndex}`).sort();
      expect(order(sample)).toEqual(order(matching));
    }
  });

  test('uniform over the matching records: every matching record is drawn about as often', async () => {
    const run = runs.snappy!;
    const query: RecordQuery = { outcome: 'rejected', operation: 'update', statusMessage: /ERR_[0-4]/ };
    const matching = await collect(client.filter(run, query));
    expect(matching.length).toBeGreaterThan(20);
    const counts = new Map<string, number>();
    const draws = 60;
    for (let seed = 0; seed < draws; seed++) {
      for (const record of await client.sample(run, { ...query, size: 5, seed, columns: ['identifier'] })) {
        counts.set(record.identifier!, (counts.get(record.identifier!) ?? 0) + 1);
      }
    }
    // Only matching records, and most of them drawn at least once over 300 draws.
    const ids = new Set(matching.map((record) => record.identifier));
    for (const id of counts.keys()) expect(ids.has(id)).toBe(true);
    expect(counts.size).toBeGreaterThan(matching.length * 0.6);
  });
});

describe('unknown options are an InvalidArgumentError naming the option', () => {
  const run = { orgId: 'o', syncId: 's', runId: 'snappy' };
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['filter', () => collect(client.filter(run, { statusMesage: 'x' } as never))],
    ['filterBatches', () => collect(client.filterBatches(run, { statusMesage: 'x' } as never))],
    ['filterPage', () => client.filterPage(run, { limit: 1, statusMesage: 'x' } as never)],
    ['filterJsonLines', () => collect(client.filterJsonLines(run, { statusMesage: 'x' } as never))],
    // The names before one vocabulary (`columns` and `payloadFields` everywhere) are refused, not ignored.
    ['filterJsonLines keys', () => collect(client.filterJsonLines(run, { keys: ['identifier'] } as never))],
    ['filter fields', () => collect(client.filter(run, { fields: ['email'] } as never))],
    ['sample fields', () => client.sample(run, { size: 1, fields: ['email'] } as never)],
    ['find fields', () => client.find(run, 'id-5', { fields: ['email'] } as never)],
    ['find', () => client.find(run, 'id-5', { statusMesage: 'x' } as never)],
    ['findInSync', () => client.findInSync({ orgId: 'o', syncId: 's' }, 'id-5', { statusMesage: 'x' } as never)],
    ['sample', () => client.sample(run, { size: 1, statusMesage: 'x' } as never)],
    ['sample limit', () => client.sample(run, { size: 1, limit: 3 } as never)],
    ['summary', () => client.summary(run, { statusMesage: 'x' } as never)],
    ['errors', () => client.errors(run, { statusMesage: 'x' } as never)],
    ['buildIndex', () => client.buildIndex(run, { statusMesage: 'x' } as never)],
    ['listOrganizations', () => client.listOrganizations({ statusMesage: 'x' } as never)],
    ['listSyncs', () => client.listSyncs({ orgId: 'o' }, { statusMesage: 'x' } as never)],
    ['listRuns', () => client.listRuns({ orgId: 'o', syncId: 's' }, { statusMesage: 'x' } as never)],
    ['listRunFiles', () => client.listRunFiles(run, { statusMesage: 'x' } as never)],
    ['metadata', () => client.metadata(run, { statusMesage: 'x' } as never)],
    ['describeRun', () => client.describeRun(run, { statusMesage: 'x' } as never)],
    ['factTables', () => client.factTables({ orgId: 'o' }, { statusMesage: 'x' } as never)],
    ['constructor', async () => new SyncTrackingClient({ storage, statusMesage: 'x' } as never)],
  ];
  test.each(calls)('%s', async (name, call) => {
    const error = await call().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(InvalidArgumentError.isInstance(error), `${name}: ${String(error)}`).toBe(true);
    const option = name.split(' ')[1] ?? 'statusMesage';
    expect((error as InvalidArgumentError).message).toContain(JSON.stringify(option));
    expect((error as InvalidArgumentError).context.argument).toBe(option);
  });

  test('bad values of known options are typed errors too', async () => {
    await expect(collect(client.filter(run, { payloadFields: 'email' as never }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'payloadFields' } });
    await expect(client.sample(run, { size: 1, columns: ['nope' as RecordField] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'columns' } });
    await expect(client.find(run, 'id-5', { columns: 'identifier' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'columns' } });
    // filterJsonLines names fields as the rest of the SDK does, not by their column names.
    await expect(collect(client.filterJsonLines(run, { columns: ['status_message' as never] }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'columns' } });
    await expect(collect(client.filter(run, { identifiers: 5 as never }))).resolves.toEqual([]);
    expect((await collect(client.filter(run, { identifiers: 'id-5' as never }))).map((record) => record.identifier)).toEqual(['id-5']);
  });
});
