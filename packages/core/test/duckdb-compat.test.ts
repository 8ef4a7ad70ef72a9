// SyncTrackingClient against DuckDB on files DuckDB wrote: every answer the client gives about a run
// (summary, errors, filter, filterPage, find, sample, metadata, listRuns) is compared with what
// DuckDB's read_parquet(..., union_by_name = true) says about the same files. At quick depth
// (`npm test`) each filter's JSON Lines are checked with two of the five column sets, a scenario's
// filters together asking each (lineColumnsFor); CI asks all five of every filter.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RecordQuery, type RunIds, type SampleOptions } from '../src/index.js';
import { JsonBytes, RECORD_COLUMNS, recordJsonLineWriter } from '../src/internal.js';
import type { RecordLineField } from '../src/questions/filter-json-lines.js';
import { FULL_DEPTH } from './support/test-depth.js';
import {
  DuckDbBucket,
  OUTCOME_SQL,
  byPosition,
  collect,
  comparable,
  expectSummaryAgrees,
  identifierMultiset,
  newRun,
  recordsSelect,
  sqlString,
  type ComparableRow,
} from './duckdb-fixtures.js';

let bucket: DuckDbBucket;

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
});

afterAll(async () => {
  await bucket?.close();
});

interface FilterCase {
  name: string;
  query: RecordQuery;
  /** The same filter in SQL over DuckDB's records relation. */
  where: string;
}

const FILTERS: FilterCase[] = [
  { name: 'everything', query: {}, where: 'true' },
  { name: 'outcome rejected', query: { outcome: 'rejected' }, where: `${OUTCOME_SQL} = 'rejected'` },
  { name: 'outcome invalid or success', query: { outcome: ['invalid', 'success'] }, where: `${OUTCOME_SQL} IN ('invalid', 'success')` },
  { name: 'SQL NULL status', query: { status: null }, where: 'status IS NULL' },
  { name: "the 'NULL' and 'DUPLICATE' strings", query: { status: ['NULL', 'DUPLICATE'] }, where: `status IN ('NULL', 'DUPLICATE')` },
  { name: 'operation delete', query: { operation: 'delete' }, where: `operation = 'delete'` },
  {
    name: 'message regex',
    query: { statusMessage: /^(Invalid|Rate limit) / },
    where: `regexp_matches(status_message, '^(Invalid|Rate limit) ')`,
  },
  {
    // Few rows (1 in 12): their messages (some with quotes) are picked from the pages.
    name: 'rejected deletes',
    query: { outcome: 'rejected', operation: 'delete' },
    where: `${OUTCOME_SQL} = 'rejected' AND operation = 'delete'`,
  },
  {
    name: 'rejected upserts with one exact message',
    query: { outcome: 'rejected', operation: 'upsert', statusMessage: 'Invalid email address' },
    where: `${OUTCOME_SQL} = 'rejected' AND operation = 'upsert' AND status_message = 'Invalid email address'`,
  },
];

const SAMPLES: Array<{ name: string; options: Omit<SampleOptions, 'size' | 'seed'>; where: string }> = [
  { name: 'all records', options: {}, where: 'true' },
  { name: 'rejected', options: { outcome: 'rejected' }, where: `${OUTCOME_SQL} = 'rejected'` },
  { name: "'NULL' and 'DUPLICATE'", options: { status: ['NULL', 'DUPLICATE'] }, where: `status IN ('NULL', 'DUPLICATE')` },
];

/** The client streams in its listing order (by batch number, then type), rows ascending. */
async function expectListingOrder(run: RunIds, rows: ComparableRow[]): Promise<void> {
  const order = (await bucket.client.listRunFiles(run)).files.map((file) => file.name);
  const sorted = [...rows].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.rowIndex - b.rowIndex);
  expect(rows).toEqual(sorted);
}

async function expectErrorsAgree(run: RunIds): Promise<void> {
  const groups = await bucket.client.errors(run);
  const duck = await bucket.query<{ message: string | null; count: number; identifiers: Array<string | null> }>(
    `SELECT status_message AS message, CAST(count(*) AS INTEGER) AS count, list(identifier) AS identifiers
     FROM ${await bucket.records(run)} WHERE ${OUTCOME_SQL} = 'rejected' GROUP BY 1`,
  );
  const expected = new Map(duck.map((group) => [group.message, group]));
  expect(new Map(groups.map((group) => [group.statusMessage, group.count]))).toEqual(
    new Map(duck.map((group) => [group.message, group.count])),
  );
  const counts = groups.map((group) => group.count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  for (const group of groups) {
    const identifiers = expected.get(group.statusMessage)!.identifiers;
    expect(group.examples).toHaveLength(Math.min(5, group.count));
    for (const example of group.examples) expect(identifiers).toContain(example);
  }
}

async function expectFiltersAgree(run: RunIds, filters: FilterCase[]): Promise<void> {
  for (const [place, filter] of filters.entries()) {
    const records = (await collect(bucket.client.filter(run, filter.query))).map(comparable);
    const duck = await bucket.rows(run, filter.where);
    expect(identifierMultiset(records), filter.name).toEqual(identifierMultiset(duck));
    expect(byPosition(records), filter.name).toEqual(duck);
    await expectListingOrder(run, records);
    // The same records a row group at a time, never in an empty batch.
    const batches = await collect(bucket.client.filterBatches(run, filter.query));
    expect(batches.every((batch) => batch.length > 0), filter.name).toBe(true);
    expect(batches.flat().map(comparable), filter.name).toEqual(records);
    await expectJsonLinesAgree(run, filter, place);
  }
}

/** Record fields the JSON Lines are asked for with: all, the CLI's `--columns` shapes, and payload fields. */
const LINE_COLUMNS: Array<{ columns?: RecordLineField[]; payloadFields?: string[] }> = [
  {},
  { columns: ['identifier', 'statusMessage'] },
  { columns: ['file', 'batchEndedAt', 'status', 'batchStartedAt', 'operation'] },
  { columns: ['payload', 'identifier'], payloadFields: ['email', 'tags', 'absent'] },
  { columns: [] },
];

/**
 * The LINE_COLUMNS a filter's lines are checked with: all of them at full depth; at quick depth two,
 * turning with the filter's place, so that a scenario's filters together ask each.
 */
function lineColumnsFor(place: number): typeof LINE_COLUMNS {
  return FULL_DEPTH ? LINE_COLUMNS : [LINE_COLUMNS[place % LINE_COLUMNS.length]!, LINE_COLUMNS[(place + 2) % LINE_COLUMNS.length]!];
}

/**
 * `filterJsonLines` writes, in the workers, the lines `recordJsonLineWriter` writes for the records
 * of `filter`; a batch's lines are empty once released, and releasing (their memory is then written
 * again) leaves later batches right. With a limit, the lines stop at it.
 */
async function expectJsonLinesAgree(run: RunIds, filter: FilterCase, place: number): Promise<void> {
  for (const { columns, payloadFields } of lineColumnsFor(place)) {
    const records = await collect(bucket.client.filter(run, { ...filter.query, payloadFields }));
    // A line's keys are the fields' column names.
    const write = recordJsonLineWriter(columns?.map((field) => (field === 'file' ? 'file' : RECORD_COLUMNS[field])));
    const out = new JsonBytes();
    for (const record of records) write(record, out);
    const expected = out.take().toString('utf8');
    const name = `${filter.name}, columns ${JSON.stringify(columns)}`;
    let text = '';
    for await (const batch of bucket.client.filterJsonLines(run, { ...filter.query, columns, payloadFields })) {
      const chunk = Buffer.from(batch.lines).toString('utf8');
      expect(batch.count, name).toBeGreaterThan(0);
      expect(chunk.split('\n').length - 1, name).toBe(batch.count);
      text += chunk;
      batch.release();
      expect(batch.lines.length, name).toBe(0);
    }
    expect(text, name).toBe(expected);
    const limit = Math.ceil(records.length / 2) + 1;
    let limited = '';
    for await (const batch of bucket.client.filterJsonLines(run, { ...filter.query, columns, payloadFields, limit })) limited += Buffer.from(batch.lines).toString('utf8');
    expect(limited, `${name}, limit ${limit}`).toBe(expected.split('\n').slice(0, Math.min(limit, records.length)).map((line) => `${line}\n`).join(''));
  }
}

async function pageThrough(run: RunIds, query: RecordQuery, limit: number, cursor?: string): Promise<ComparableRow[][]> {
  const pages: ComparableRow[][] = [];
  let next: string | null | undefined = cursor;
  do {
    const page = await bucket.client.filterPage(run, { ...query, limit, ...(next ? { cursor: next } : {}) });
    pages.push(page.records.map(comparable));
    next = page.nextCursor;
  } while (next !== null);
  return pages;
}

async function expectPagesAgree(run: RunIds, filter: FilterCase, limit: number): Promise<void> {
  const pages = await pageThrough(run, filter.query, limit);
  const all = (await collect(bucket.client.filter(run, filter.query))).map(comparable);
  expect(pages.flat()).toEqual(all);
  expect(byPosition(pages.flat())).toEqual(await bucket.rows(run, filter.where));
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
  expect(pages.at(-1)!.length).toBeLessThanOrEqual(limit);
  expect(pages).toHaveLength(Math.max(1, Math.ceil(all.length / limit)));
}

async function expectFindAgrees(run: RunIds, extra: Array<string | number> = []): Promise<void> {
  const counted = await bucket.query<{ identifier: string; count: number }>(
    `SELECT identifier, CAST(count(*) AS INTEGER) AS count FROM ${await bucket.records(run)}
     WHERE identifier IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const duplicated = counted.slice(0, 3).map((row) => row.identifier);
  const single = counted.slice(-2).map((row) => row.identifier);
  for (const identifiers of [[...duplicated, ...single, 'no-such-identifier'], duplicated.slice(0, 1), single.slice(0, 1), extra]) {
    if (identifiers.length === 0) continue;
    const found = (await bucket.client.find(run, identifiers)).map(comparable);
    const list = identifiers.map((identifier) => sqlString(String(identifier))).join(', ');
    expect(byPosition(found), `find ${JSON.stringify(identifiers)}`).toEqual(await bucket.rows(run, `identifier IN (${list})`));
  }
  expect(await bucket.client.find(run, 'no-such-identifier')).toEqual([]);
}

async function expectSamplesAgree(run: RunIds, size = 7): Promise<void> {
  for (const sample of SAMPLES) {
    const matching = await bucket.rows(run, sample.where);
    const byKey = new Map(matching.map((row) => [`${row.file}#${row.rowIndex}`, row]));
    const drawn = (await bucket.client.sample(run, { ...sample.options, size, seed: 'duckdb' })).map(comparable);
    expect(drawn, sample.name).toHaveLength(Math.min(size, matching.length));
    expect(new Set(drawn.map((row) => `${row.file}#${row.rowIndex}`)).size).toBe(drawn.length);
    for (const row of drawn) expect(byKey.get(`${row.file}#${row.rowIndex}`), sample.name).toEqual(row);
    const again = (await bucket.client.sample(run, { ...sample.options, size, seed: 'duckdb' })).map(comparable);
    expect(again).toEqual(drawn);
    const everything = await bucket.client.sample(run, { ...sample.options, size: matching.length + 3, seed: 42 });
    expect(byPosition(everything.map(comparable)), sample.name).toEqual(matching);
  }
}

/** Every question the client answers about a run, asked of both. */
async function expectClientAgreesWithDuckDb(run: RunIds, options: { filters?: FilterCase[]; pageSize?: number; find?: Array<string | number> } = {}) {
  await expectSummaryAgrees(bucket, run);
  await expectErrorsAgree(run);
  await expectFiltersAgree(run, [...FILTERS, ...(options.filters ?? [])]);
  await expectPagesAgree(run, FILTERS[0]!, options.pageSize ?? 97);
  await expectPagesAgree(run, FILTERS[1]!, Math.max(1, Math.floor((options.pageSize ?? 97) / 4)));
  await expectFindAgrees(run, options.find);
  await expectSamplesAgree(run);
}

describe('compressions, row groups, encodings and column orders', () => {
  const run = newRun('org1', 'formats');

  beforeAll(async () => {
    await bucket.copy(run, 'records_inserted.0.parquet', recordsSelect({ rows: 5000 }), { compression: 'snappy', rowGroupSize: 2048 });
    await bucket.copy(
      run,
      'records_updated.1.parquet',
      recordsSelect({ rows: 700, offset: 4500, order: ['batch_ended_at', 'batch_started_at', 'status_message', 'status', 'operation', 'record_payload'] }),
      { compression: 'zstd', dictionarySizeLimit: 0 },
    );
    await bucket.copy(
      run,
      'records_deleted.2.parquet',
      recordsSelect({ rows: 600, offset: 5100, order: ['status', 'record_payload', 'identifier'] }),
      { compression: 'gzip', parquetVersion: 'V2' },
    );
    await bucket.copy(
      run,
      'records_updated.3.parquet',
      recordsSelect({ rows: 400, offset: 800, order: ['operation', 'batch_started_at', 'identifier', 'status'] }),
      { compression: 'uncompressed' },
    );
    // PLAIN messages that need escaping in JSON, or are not ASCII: picked from the pages as bytes
    // for JSON Lines (record-lines.ts).
    await bucket.copy(
      run,
      'records_upserted.4.parquet',
      recordsSelect({
        rows: 900,
        offset: 6000,
        columns: {
          status_message: `CASE (i * 7 + i // 13) % 20 WHEN 12 THEN 'Field "email" is invalid: ' || i WHEN 13 THEN 'Path C:\\tmp\\' || i || chr(9) || 'tab'
            WHEN 14 THEN 'Ünïcødé ✓ 🚀 ' || i WHEN 15 THEN 'control ' || chr(1) || chr(31) || ' ' || i WHEN 19 THEN NULL ELSE 'Plain message ' || i END`,
        },
      }),
      { compression: 'snappy', dictionarySizeLimit: 0 },
    );
  });

  test('the files are what this scenario claims', async () => {
    const chunks = await bucket.columnChunks(run);
    expect(new Set(chunks.map((chunk) => chunk.compression))).toEqual(new Set(['SNAPPY', 'ZSTD', 'GZIP', 'UNCOMPRESSED']));
    expect(new Set(chunks.filter((chunk) => chunk.file === 'records_inserted.0.parquet').map((chunk) => chunk.rowGroup)).size).toBe(3);
    const statusEncodings = new Set(chunks.filter((chunk) => chunk.column === 'status').map((chunk) => chunk.encodings));
    expect([...statusEncodings].some((encoding) => encoding.includes('DICTIONARY'))).toBe(true);
    expect(statusEncodings).toContain('PLAIN');
    expect(new Set(chunks.map((chunk) => chunk.encodings))).toContain('DELTA_LENGTH_BYTE_ARRAY');
    const orders = new Set<string>();
    for (const file of new Set(chunks.map((chunk) => chunk.file))) {
      orders.add(chunks.filter((chunk) => chunk.file === file && chunk.rowGroup === 0).map((chunk) => chunk.column).join(','));
    }
    expect(orders.size).toBe(4);
    // Every filter below selects something here, so none of the comparisons is vacuous.
    for (const filter of FILTERS) expect((await bucket.rows(run, filter.where)).length, filter.name).toBeGreaterThan(0);
    const [{ duplicated }] = (await bucket.query<{ duplicated: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS duplicated FROM (SELECT identifier FROM ${await bucket.records(run)} GROUP BY 1 HAVING count(*) > 1)`,
    )) as [{ duplicated: number }];
    expect(duplicated).toBeGreaterThan(0);
  });

  test('the client agrees with DuckDB', async () => {
    await expectClientAgreesWithDuckDb(run, { pageSize: 613 });
  });
});

describe('missing, extra and integer-typed columns', () => {
  const run = newRun('org1', 'schemas');

  beforeAll(async () => {
    // No status_message; run ids as BIGINT; identifiers as BIGINT, some beyond 2^53 and negative.
    await bucket.copy(
      run,
      'records_updated.0.parquet',
      recordsSelect({
        rows: 500,
        omit: ['status_message'],
        columns: {
          identifier: `CASE WHEN i = 7 THEN 9007199254740993 WHEN i = 8 THEN -42 ELSE i % 450 END::BIGINT`,
          sync_configuration_id: '1234::BIGINT',
          sync_run_id: '987654321987::BIGINT',
        },
      }),
    );
    // Identifiers as INTEGER; the legacy internal id column; another column order.
    await bucket.copy(
      run,
      'records_updated.1.parquet',
      recordsSelect({
        rows: 300,
        offset: 400,
        order: ['census_sync_tracking_internal_id', 'status', 'identifier'],
        columns: { identifier: `(i % 350)::INTEGER`, census_sync_tracking_internal_id: `md5(i::VARCHAR)` },
      }),
      { compression: 'zstd' },
    );
    // Text identifiers that spell the same numbers; run ids as text; no record_payload at all.
    await bucket.copy(
      run,
      'records_upserted.2.parquet',
      recordsSelect({
        rows: 200,
        omit: ['record_payload'],
        columns: { identifier: `CAST(i % 100 AS VARCHAR)`, sync_configuration_id: `'1234'`, sync_run_id: `'987654321987'` },
      }),
    );
  });

  test('the files are what this scenario claims', async () => {
    const types = await bucket.query<{ file: string; column: string; type: string }>(
      `SELECT parse_filename(file_name) AS file, name AS "column", type FROM parquet_schema(${sqlString(join(await bucket.runFolder(run), '*.parquet'))})`,
    );
    const typeOf = (file: string, column: string) => types.find((row) => row.file === file && row.column === column)?.type;
    expect(typeOf('records_updated.0.parquet', 'identifier')).toBe('INT64');
    expect(typeOf('records_updated.1.parquet', 'identifier')).toBe('INT32');
    expect(typeOf('records_updated.0.parquet', 'status_message')).toBeUndefined();
    expect(typeOf('records_updated.1.parquet', 'census_sync_tracking_internal_id')).toBeDefined();
    expect(typeOf('records_upserted.2.parquet', 'sync_run_id')).toBe('BYTE_ARRAY');
  });

  test('the client agrees with DuckDB', async () => {
    await expectClientAgreesWithDuckDb(run, { find: ['9007199254740993', -42, 67, '67'] });
  });

  test('integer identifiers come back as decimal strings', async () => {
    const [big] = await bucket.client.find(run, '9007199254740993');
    expect(big?.identifier).toBe('9007199254740993');
    const byNumber = (await bucket.client.find(run, 67)).map(comparable);
    expect(byNumber.length).toBeGreaterThan(2);
    expect(new Set(byNumber.map((row) => row.file)).size).toBe(3);
    expect(byPosition(byNumber)).toEqual(await bucket.rows(run, `identifier = '67'`));
  });
});

describe('columns whose footer statistics a summary may use', () => {
  const run = newRun('org1', 'statistics');
  const long = 'x'.repeat(300);

  beforeAll(async () => {
    // One operation with some NULLs: min = max, exact.
    await bucket.copy(run, 'records_upserted.0.parquet', recordsSelect({ rows: 300, columns: { operation: `CASE WHEN i % 5 = 0 THEN NULL ELSE 'upsert' END` } }));
    // Operations differing only after DuckDB's 256-byte statistics truncation: min and max are inexact.
    await bucket.copy(
      run,
      'records_updated.1.parquet',
      recordsSelect({ rows: 200, offset: 300, columns: { operation: `'update_${long}_' || CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END` } }),
    );
    // No operation column; NULL and missing timestamps.
    await bucket.copy(
      run,
      'records_deleted.2.parquet',
      recordsSelect({ rows: 200, offset: 500, omit: ['operation', 'batch_ended_at'], columns: { batch_started_at: 'CAST(NULL AS TIMESTAMP)' } }),
    );
    // Only NULL operations; one timestamp value for every row.
    await bucket.copy(
      run,
      'records_updated.3.parquet',
      recordsSelect({
        rows: 100,
        offset: 700,
        columns: { operation: 'CAST(NULL AS VARCHAR)', batch_started_at: `TIMESTAMP '2023-12-31 23:59:59.9999'`, batch_ended_at: `TIMESTAMP '2024-06-01 00:00:00'` },
      }),
    );
  });

  test('the statistics are what this scenario claims', async () => {
    const stats = await bucket.query<{ file: string; column: string; equal: boolean | null; exact: boolean | null }>(
      `SELECT parse_filename(file_name) AS file, path_in_schema AS "column", stats_min_value = stats_max_value AS equal, min_is_exact AND max_is_exact AS exact
       FROM parquet_metadata(${sqlString(join(await bucket.runFolder(run), '*.parquet'))}) WHERE path_in_schema = 'operation'`,
    );
    expect(stats).toContainEqual({ file: 'records_upserted.0.parquet', column: 'operation', equal: true, exact: true });
    expect(stats.find((row) => row.file === 'records_updated.1.parquet')).toMatchObject({ exact: false });
  });

  test('the client agrees with DuckDB', async () => {
    await expectSummaryAgrees(bucket, run);
    await expectFiltersAgree(run, [
      ...FILTERS.slice(0, 2),
      { name: 'operation upsert', query: { operation: 'upsert' }, where: `operation = 'upsert'` },
      { name: 'a long operation', query: { operation: `update_${long}_b` }, where: `operation = 'update_${long}_b'` },
    ]);
  });
});

describe.each(['TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMPTZ'])('%s timestamps', (type) => {
  const run = newRun('org1', `time-${type.toLowerCase()}`);
  const instants = [
    '2024-05-01 10:00:00',
    '2024-05-01 10:00:00.123',
    '2024-05-01 10:00:00.122999999',
    '2024-05-01 10:00:00.123000001',
    '2024-05-01 10:00:00.999999999',
    '2024-02-29 23:59:59.999500',
    '2099-12-31 23:59:59.999999999',
    '1970-01-01 00:00:00',
    '1969-12-31 23:59:59.9995',
    '1960-01-01 00:00:00.0005',
  ];
  // DuckDB has no cast from TIMESTAMP_NS to TIMESTAMP_MS: go through TIMESTAMP for the others.
  const literal = (value: string) =>
    type === 'TIMESTAMP_NS' ? `TIMESTAMP_NS '${value}'` : `CAST(CAST(TIMESTAMP_NS '${value}' AS TIMESTAMP) AS ${type})`;
  const pick = (offset: number) =>
    `CASE (i + ${offset}) % ${instants.length + 1} ${instants.map((value, index) => `WHEN ${index} THEN ${literal(value)}`).join(' ')} ELSE NULL END`;

  beforeAll(async () => {
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 300, columns: { batch_started_at: pick(0), batch_ended_at: pick(3) } }));
  });

  test('the file stores the type asked for', async () => {
    const [column] = await bucket.query<{ logical: string }>(
      `SELECT logical_type AS logical FROM parquet_schema(${sqlString(join(await bucket.runFolder(run), '*.parquet'))}) WHERE name = 'batch_started_at'`,
    );
    const expected = {
      TIMESTAMP_MS: ['isAdjustedToUTC=0', 'MILLIS=MilliSeconds()'],
      TIMESTAMP: ['isAdjustedToUTC=0', 'MICROS=MicroSeconds()'],
      TIMESTAMP_NS: ['isAdjustedToUTC=0', 'NANOS=NanoSeconds()'],
      TIMESTAMPTZ: ['isAdjustedToUTC=1', 'MICROS=MicroSeconds()'],
    }[type]!;
    for (const part of expected) expect(column!.logical).toContain(part);
  });

  test('records and time spans carry the instants DuckDB reads', async () => {
    await expectFiltersAgree(run, FILTERS.slice(0, 2));
    await expectSummaryAgrees(bucket, run);
  });

  test('time range filters agree', async () => {
    const [bounds] = await bucket.query<{ from: number; before: number }>(
      `SELECT CAST(epoch_ms(TIMESTAMP '2024-05-01 10:00:00.123') AS DOUBLE) AS "from", CAST(epoch_ms(TIMESTAMP '2024-05-01 10:00:01') AS DOUBLE) AS before`,
    );
    await expectFiltersAgree(run, [
      {
        name: 'batch started in [10:00:00.123, 10:00:01)',
        query: { batchStartedFrom: new Date(bounds!.from), batchStartedBefore: new Date(bounds!.before) },
        where: `batch_started_at >= ${bounds!.from} AND batch_started_at < ${bounds!.before}`,
      },
      { name: 'batch started before 1970', query: { batchStartedBefore: new Date(0) }, where: 'batch_started_at < 0' },
    ]);
  });
});

describe('unicode identifiers, messages and payloads; NULL identifiers; NULL and non-JSON payloads', () => {
  const run = newRun('org-ユニコード', 'sync-🚀');

  beforeAll(async () => {
    await bucket.copy(
      run,
      'records_updated.0.parquet',
      recordsSelect({
        rows: 600,
        columns: {
          identifier: `CASE WHEN i % 97 = 5 THEN NULL WHEN i % 4 = 0 THEN '客户-' || (i % 200) WHEN i % 4 = 1 THEN 'Ünïcødé-' || (i % 200)
            WHEN i % 4 = 2 THEN '🚀' || (i % 150) || '🎉' ELSE 'plain-' || i END`,
          record_payload: `CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN 'not json: 名前=' || i
            ELSE CAST(json_object('name', '名前-' || i || ' 👋', 'city', 'Zürich', 'quote', 'say "hi"\\n', 'n', i) AS VARCHAR) END`,
          status_message: `CASE (i * 7 + i // 13) % 20 WHEN 12 THEN '配额已超出 🚫 (' || (i % 3) || ')' WHEN 13 THEN 'Invalid email address'
            WHEN 14 THEN 'Ungültige E-Mail-Adresse ✉️' WHEN 15 THEN 'メールアドレスが無効です' WHEN 17 THEN 'Identifier is NULL'
            WHEN 18 THEN 'Duplicate identifier' END`,
        },
      }),
    );
  });

  test('the client agrees with DuckDB', async () => {
    await expectClientAgreesWithDuckDb(run, {
      filters: [
        { name: 'CJK message regex', query: { statusMessage: /配额/ }, where: `regexp_matches(status_message, '配额')` },
        { name: 'exact emoji message', query: { statusMessage: 'Ungültige E-Mail-Adresse ✉️' }, where: `status_message = 'Ungültige E-Mail-Adresse ✉️'` },
      ],
      find: ['客户-4', '🚀5🎉', 'Ünïcødé-1'],
    });
  });
});

describe('200 KB payloads', () => {
  const run = newRun('org1', 'large');

  beforeAll(async () => {
    // Hex digests do not compress away: each payload is ~200 KB on disk as well as in memory.
    const blob = `(SELECT string_agg(md5(CAST(i * 10000 + j AS VARCHAR)), '') FROM range(6400) AS r(j))`;
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 12, columns: { record_payload: `CAST(json_object('id', i, 'blob', ${blob}) AS VARCHAR)` } }));
  });

  test('the payloads are 200 KB', async () => {
    const [sizes] = await bucket.query<{ smallest: number }>(`SELECT CAST(min(strlen(record_payload)) AS INTEGER) AS smallest FROM ${await bucket.records(run)}`);
    expect(sizes!.smallest).toBeGreaterThan(200_000);
  });

  test('the client agrees with DuckDB', async () => {
    await expectSummaryAgrees(bucket, run);
    await expectFiltersAgree(run, FILTERS.slice(0, 2));
    await expectPagesAgree(run, FILTERS[0]!, 5);
    await expectFindAgrees(run);
    await expectSamplesAgree(run, 3);
  });
});

describe('an empty run (metadata.json only)', () => {
  const run = newRun('org1', 'empty');

  beforeAll(async () => {
    await bucket.put(run, 'metadata.json', JSON.stringify({ organization_id: 'org1', sync_run_id: run.runId }));
  });

  test('DuckDB finds no record files, and the client answers with nothing', async () => {
    const [files] = await bucket.query<{ count: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS count FROM glob(${sqlString(join(await bucket.runFolder(run), '*.parquet'))})`,
    );
    expect(files!.count).toBe(0);
    const summary = await bucket.client.summary(run);
    expect(summary).toMatchObject({ total: 0, byStatus: [], byOperation: [], files: 0, batchStartedAt: null, batchEndedAt: null });
    expect(summary.byOutcome).toEqual({ success: 0, rejected: 0, invalid: 0 });
    expect(summary.metadata?.syncRunId).toBe(run.runId);
    expect(await bucket.client.errors(run)).toEqual([]);
    expect(await collect(bucket.client.filter(run))).toEqual([]);
    expect(await bucket.client.filterPage(run, { limit: 10 })).toEqual({ records: [], nextCursor: null });
    expect(await bucket.client.find(run, ['a', 'b'])).toEqual([]);
    expect(await bucket.client.sample(run, { size: 5, seed: 1 })).toEqual([]);
  });
});

describe('stray files in the run folder', () => {
  const run = newRun('org1', 'strays');

  beforeAll(async () => {
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 400 }));
    await bucket.copy(run, 'records_deleted.1.parquet', recordsSelect({ rows: 300, offset: 350 }), { compression: 'zstd' });
    // A record file with no rows is a record file, not a stray.
    await bucket.copy(run, 'records_updated.2.parquet', recordsSelect({ rows: 0 }));
    await bucket.put(run, '_SUCCESS', '');
    await bucket.put(run, 'notes.txt', 'not a record file');
    await bucket.put(run, '.DS_Store', new Uint8Array([0, 1, 2, 3]));
    await bucket.put(run, 'records_updated.2.parquet.tmp', 'half-written upload');
    // A nested folder: neither the client (one level) nor DuckDB's `*.parquet` glob looks inside it.
    const nested = join(await bucket.runFolder(run), '_temporary');
    await mkdir(nested, { recursive: true });
    await writeFile(join(nested, 'records_updated.9.parquet'), 'garbage');
  });

  test('are ignored, and the client agrees with DuckDB', async () => {
    const listing = await bucket.client.listRunFiles(run);
    expect(listing.files.map((file) => file.name)).toEqual(['records_updated.0.parquet', 'records_deleted.1.parquet', 'records_updated.2.parquet']);
    expect(listing.ignored.map((key) => key.slice(key.lastIndexOf('/') + 1)).sort()).toEqual(
      ['.DS_Store', '_SUCCESS', 'notes.txt', 'records_updated.2.parquet.tmp'].sort(),
    );
    await expectClientAgreesWithDuckDb(run);
  });
});

describe('a run still being written', () => {
  const run = newRun('org1', 'growing');
  const everything = FILTERS[0]!;
  const rejected = FILTERS[1]!;

  test('a second call sees new files, and cursors from before resume correctly', async () => {
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 3000 }), { rowGroupSize: 2048 });
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 500, offset: 3000 }));
    await expectSummaryAgrees(bucket, run);
    const before = await bucket.client.summary(run);

    // One cursor inside file 0's second row group, one on the last-but-one record of the last file.
    const rejectedPage = await bucket.client.filterPage(run, { ...rejected.query, limit: 600 });
    expect(rejectedPage.records.at(-1)!.origin).toMatchObject({ file: 'records_updated.0.parquet' });
    expect(rejectedPage.records.at(-1)!.origin.rowIndex).toBeGreaterThanOrEqual(2048);
    const allPage = await bucket.client.filterPage(run, { limit: before.total - 1 });
    expect(allPage.records.at(-1)!.origin).toMatchObject({ file: 'records_updated.1.parquet', rowIndex: 498 });

    await bucket.copy(run, 'records_inserted.2.parquet', recordsSelect({ rows: 700, offset: 3500 }), { compression: 'gzip' });
    await bucket.copy(run, 'records_updated.3.parquet', recordsSelect({ rows: 300, offset: 4200 }), { compression: 'zstd' });
    await expectSummaryAgrees(bucket, run);
    expect((await bucket.client.summary(run)).total).toBe(before.total + 1000);

    const rejectedRest = (await pageThrough(run, rejected.query, 450, rejectedPage.nextCursor!)).flat();
    expect(byPosition([...rejectedPage.records.map(comparable), ...rejectedRest])).toEqual(await bucket.rows(run, rejected.where));
    const allRest = (await collect(bucket.client.filter(run, { cursor: allPage.nextCursor! }))).map(comparable);
    expect(allRest[0]).toMatchObject({ file: 'records_updated.1.parquet', rowIndex: 499 });
    expect(byPosition([...allPage.records.map(comparable), ...allRest])).toEqual(await bucket.rows(run, everything.where));
    await expectClientAgreesWithDuckDb(run, { pageSize: 1000 });
  });
});

describe('metadata and listRuns', () => {
  const sync = { orgId: 'org2', syncId: 'listing' };
  const runs = [
    { runId: '101', started: '2024-05-01T10:00:00Z' },
    { runId: '102', started: '2024-05-03T08:30:00+02:00' },
    { runId: '103', started: '2024-05-02 23:00:00' },
    { runId: '99', started: '2024-05-03T06:45:00.250Z' },
  ];

  beforeAll(async () => {
    for (const { runId, started } of runs) {
      const ids = { ...sync, runId };
      await bucket.put(
        ids,
        'metadata.json',
        JSON.stringify({
          organization_id: sync.orgId,
          workspace_id: 'ws-7',
          sync_configuration_id: sync.syncId,
          sync_run_id: runId,
          source_type: 'snowflake',
          source_id: 'src-1',
          destination_type: 'salesforce',
          destination_id: 'dst-2',
          sync_run_start_time: started,
          record_payload_schema: { email: 'string', score: 'number', active: 'boolean', tags: 'array' },
        }),
      );
      await bucket.copy(ids, 'records_updated.0.parquet', recordsSelect({ rows: 20 }));
    }
    // A run with records but no metadata.json sorts last.
    await bucket.copy({ ...sync, runId: '100' }, 'records_updated.0.parquet', recordsSelect({ rows: 5 }));
  });

  test('metadata matches what DuckDB reads from metadata.json', async () => {
    for (const { runId } of runs) {
      const ids = { ...sync, runId };
      const [expected] = await bucket.query<Record<string, unknown>>(
        `SELECT organization_id, workspace_id, sync_configuration_id, sync_run_id, source_type, source_id, destination_type, destination_id,
                CAST(epoch_ms(CAST(sync_run_start_time AS TIMESTAMPTZ)) AS DOUBLE) AS started,
                CAST(record_payload_schema AS VARCHAR) AS schema
         FROM read_json(${sqlString(join(await bucket.runFolder(ids), 'metadata.json'))}, columns = {
           organization_id: 'VARCHAR', workspace_id: 'VARCHAR', sync_configuration_id: 'VARCHAR', sync_run_id: 'VARCHAR',
           source_type: 'VARCHAR', source_id: 'VARCHAR', destination_type: 'VARCHAR', destination_id: 'VARCHAR',
           sync_run_start_time: 'VARCHAR', record_payload_schema: 'JSON'})`,
      );
      const metadata = await bucket.client.metadata(ids);
      expect(metadata).toMatchObject({
        organizationId: expected!.organization_id,
        workspaceId: expected!.workspace_id,
        syncConfigurationId: expected!.sync_configuration_id,
        syncRunId: expected!.sync_run_id,
        sourceType: expected!.source_type,
        sourceId: expected!.source_id,
        destinationType: expected!.destination_type,
        destinationId: expected!.destination_id,
        runStartedAt: new Date(expected!.started as number),
        recordPayloadSchema: JSON.parse(expected!.schema as string),
      });
    }
    expect(await bucket.client.metadata({ ...sync, runId: '100' })).toBeNull();
  });

  test('listRuns orders runs newest first as DuckDB does', async () => {
    const expected = await bucket.query<{ run: string }>(
      `SELECT sync_run_id AS run FROM read_json(${sqlString(join(bucket.root, 'sync_tracking_datasets', sync.orgId, sync.syncId, '*', 'metadata.json'))},
         columns = {sync_run_id: 'VARCHAR', sync_run_start_time: 'VARCHAR'})
       ORDER BY CAST(sync_run_start_time AS TIMESTAMPTZ) DESC`,
    );
    const listed = await bucket.client.listRuns(sync);
    expect(listed.map((info) => info.runId)).toEqual([...expected.map((row) => row.run), '100']);
    expect(listed.at(-1)).toMatchObject({ runId: '100', metadata: null, startedAt: null });
    for (const info of listed.slice(0, -1)) expect(info.startedAt).toEqual(info.metadata?.runStartedAt);
  });
});
