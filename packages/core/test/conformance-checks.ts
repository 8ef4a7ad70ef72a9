// The questions the conformance matrix asks of every run, each answered by the client and by DuckDB
// on the same files and compared. Every comparison is `expect.soft` with a label naming the query,
// so one failing case reports all of its differing queries, each in a line (rowDifferences).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type RecordField, type RecordQuery, type SyncTrackingClient } from '../src/index.js';
import { JsonBytes, RECORD_COLUMNS, messageTemplate, recordJsonLineWriter, type DecodePool, type RecordRowKey } from '../src/internal.js';
import type { RecordLineField } from '../src/questions/filter-json-lines.js';
import { OUTCOME_SQL, collect, parsedPayload, sqlString } from './duckdb-fixtures.js';
import { ALL_ROW_FIELDS, RunOracle, fieldsRead, oracleRow, rowDifferences, type OracleRow, type Probe } from './conformance-oracle.js';

export interface FilterCase {
  name: string;
  query: RecordQuery;
  /** The same filter in SQL over DuckDB's records relation. */
  where: string;
}

const REJECTED = `${OUTCOME_SQL} = 'rejected'`;

/** A soft failure whose message is the whole difference (vitest cuts the values it prints at ~40 characters). */
function expectAgreement(label: string, differences: string): void {
  expect.soft(differences === '' ? 'agrees' : 'differs', differences === '' ? label : `${label}: ${differences}`).toBe('agrees');
}

/** Every predicate of RecordQuery alone, and a few together; `probes` and the time window come from the run. */
export async function filterCases(oracle: RunOracle, probes: Probe[]): Promise<FilterCase[]> {
  const ids = [...new Set(probes.map((probe) => probe.identifier))].slice(0, 12);
  const [window] = await oracle.bucket.query<{ from: number; before: number }>(
    `SELECT quantile_disc(batch_started_at, 0.3) AS "from", quantile_disc(batch_started_at, 0.7) AS before FROM ${await oracle.tableName()}`,
  );
  const template = messageTemplate('Contact 1017 not found');
  const templated = await oracle.bucket.query<{ message: string }>(
    `SELECT DISTINCT status_message AS message FROM ${await oracle.tableName()} WHERE status_message IS NOT NULL`,
  );
  const sameTemplate = templated.map((row) => row.message).filter((message) => messageTemplate(message) === template);
  return [
    { name: 'everything', query: {}, where: 'true' },
    { name: 'outcome rejected', query: { outcome: 'rejected' }, where: REJECTED },
    { name: 'outcome success', query: { outcome: 'success' }, where: `${OUTCOME_SQL} = 'success'` },
    { name: 'outcome invalid', query: { outcome: 'invalid' }, where: `${OUTCOME_SQL} = 'invalid'` },
    { name: 'outcome [invalid, success]', query: { outcome: ['invalid', 'success'] }, where: `${OUTCOME_SQL} IN ('invalid', 'success')` },
    { name: "status 'rejected'", query: { status: 'rejected' }, where: `status = 'rejected'` },
    { name: 'status SQL NULL', query: { status: null }, where: 'status IS NULL' },
    { name: "status ['NULL', 'DUPLICATE']", query: { status: ['NULL', 'DUPLICATE'] }, where: `status IN ('NULL', 'DUPLICATE')` },
    { name: "status ['succeeded', null]", query: { status: ['succeeded', null] }, where: `(status = 'succeeded' OR status IS NULL)` },
    { name: 'operation delete', query: { operation: 'delete' }, where: `operation = 'delete'` },
    { name: 'operation [upsert, update]', query: { operation: ['upsert', 'update'] }, where: `operation IN ('upsert', 'update')` },
    { name: 'statusMessage exact', query: { statusMessage: 'Invalid email address' }, where: `status_message = 'Invalid email address'` },
    { name: 'statusMessage exact, quoted', query: { statusMessage: 'Field "phone" is required' }, where: `status_message = 'Field "phone" is required'` },
    { name: 'statusMessage regex', query: { statusMessage: /^(Invalid|Rate limit) / }, where: `regexp_matches(status_message, '^(Invalid|Rate limit) ')` },
    { name: 'statusMessage regex /i', query: { statusMessage: /NOT found$/i }, where: `regexp_matches(status_message, 'not found$', 'i')` },
    { name: 'statusMessage regex non-ASCII', query: { statusMessage: /ødé ✓/ }, where: `contains(status_message, 'ødé ✓')` },
    { name: 'statusMessage null', query: { statusMessage: null }, where: 'status_message IS NULL' },
    { name: 'statusMessageTemplate', query: { statusMessageTemplate: template }, where: `status_message IN (${sameTemplate.map(sqlString).join(', ') || 'NULL'})` },
    { name: 'identifiers (probes and absent)', query: { identifiers: [...ids, 'absent-id', '-1'] }, where: RunOracle.identifierIn(ids) },
    {
      name: 'batch started window',
      query: { batchStartedFrom: new Date(window!.from), batchStartedBefore: new Date(window!.before) },
      where: `batch_started_at >= ${window!.from} AND batch_started_at < ${window!.before}`,
    },
    { name: 'batch started from', query: { batchStartedFrom: new Date(window!.before) }, where: `batch_started_at >= ${window!.before}` },
    { name: 'rejected deletes', query: { outcome: 'rejected', operation: 'delete' }, where: `${REJECTED} AND operation = 'delete'` },
    {
      name: 'rejected upserts with one message',
      query: { outcome: 'rejected', operation: 'upsert', statusMessage: 'Invalid email address' },
      where: `${REJECTED} AND operation = 'upsert' AND status_message = 'Invalid email address'`,
    },
    {
      name: 'identifiers, rejected, in the window',
      query: { identifiers: ids, outcome: 'rejected', batchStartedFrom: new Date(window!.from) },
      where: `${RunOracle.identifierIn(ids)} AND ${REJECTED} AND batch_started_at >= ${window!.from}`,
    },
  ];
}

/** A record file's batch number (`records_updated.3.parquet` → 3). */
const batchOf = (file: string) => Number(file.split('.').at(-2));

/** The client streams in its listing order: by batch number (the files here have distinct ones), rows ascending. */
function listingOrder(rows: OracleRow[]): OracleRow[] {
  return [...rows].sort((a, b) => batchOf(a.file) - batchOf(b.file) || a.rowIndex - b.rowIndex);
}

/** Whether `rows` are already in listing order (what sorting them by listingOrder would leave as they are), in one pass. */
export function inOrder(rows: Array<Pick<OracleRow, 'file' | 'rowIndex'>>): boolean {
  let previous: [number, number] = [-Infinity, -Infinity];
  for (const row of rows) {
    const current: [number, number] = [batchOf(row.file), row.rowIndex];
    if (current[0] < previous[0] || (current[0] === previous[0] && current[1] < previous[1])) return false;
    previous = current;
  }
  return true;
}

export async function expectFilterAgrees(client: SyncTrackingClient, oracle: RunOracle, filter: FilterCase, columns?: RecordField[]): Promise<void> {
  const label = `filter ${filter.name}${columns ? ` columns [${columns.join(', ')}]` : ''}`;
  let records: OracleRow[];
  try {
    records = (await collect(client.filter(oracle.run, { ...filter.query, ...(columns ? { columns } : {}) }))).map(oracleRow);
  } catch (error) {
    expectAgreement(label, `threw ${String(error)}`);
    return;
  }
  expectAgreement(label, rowDifferences(records, await oracle.rows(filter.where), fieldsRead(columns)));
  expect.soft(inOrder(records), `${label}: in listing order`).toBe(true);
}

export async function expectSummaryAgrees(client: SyncTrackingClient, oracle: RunOracle): Promise<void> {
  const summary = await client.summary(oracle.run);
  const byStatus = await oracle.countBy('status');
  expect.soft(new Map(summary.byStatus.map((entry) => [entry.status, entry.count])), 'byStatus').toEqual(byStatus);
  expect.soft(summary.total, 'total').toBe([...byStatus.values()].reduce((sum, count) => sum + count, 0));
  const byOutcome = await oracle.countBy(OUTCOME_SQL);
  expect
    .soft(summary.byOutcome, 'byOutcome')
    .toEqual({ success: byOutcome.get('success') ?? 0, rejected: byOutcome.get('rejected') ?? 0, invalid: byOutcome.get('invalid') ?? 0 });
  expect.soft(new Map(summary.byOperation.map((entry) => [entry.operation, entry.count])), 'byOperation').toEqual(await oracle.countBy('operation'));
  const [times] = await oracle.bucket.query<Record<string, number | null>>(
    `SELECT min(batch_started_at) AS "startedFirst", max(batch_started_at) AS "startedLast",
            min(batch_ended_at) AS "endedFirst", max(batch_ended_at) AS "endedLast" FROM ${await oracle.tableName()}`,
  );
  const span = (first: number | null | undefined, last: number | null | undefined) =>
    first === null || first === undefined ? null : { first: new Date(first), last: new Date(last!) };
  expect.soft(summary.batchStartedAt, 'batchStartedAt span').toEqual(span(times!.startedFirst, times!.startedLast));
  expect.soft(summary.batchEndedAt, 'batchEndedAt span').toEqual(span(times!.endedFirst, times!.endedLast));
}

/** errors(): groups, counts and order as DuckDB's GROUP BY; examples among the group's identifiers. */
export async function expectErrorsAgree(client: SyncTrackingClient, oracle: RunOracle, templates: boolean): Promise<void> {
  const groups = await client.errors(oracle.run, { templates });
  const duck = await oracle.bucket.query<{ message: string | null; count: number; identifiers: Array<string | null> }>(
    `SELECT status_message AS message, CAST(count(*) AS INTEGER) AS count, list(identifier) AS identifiers
     FROM ${await oracle.tableName()} WHERE ${REJECTED} GROUP BY 1`,
  );
  const expected = new Map<string | null, { count: number; identifiers: Set<string | null>; messages: Set<string | null> }>();
  for (const group of duck) {
    const key = templates && group.message !== null ? messageTemplate(group.message) : group.message;
    const entry = expected.get(key) ?? { count: 0, identifiers: new Set(), messages: new Set() };
    entry.count += group.count;
    for (const identifier of group.identifiers) entry.identifiers.add(identifier);
    entry.messages.add(group.message);
    expected.set(key, entry);
  }
  expect.soft(new Map(groups.map((group) => [group.statusMessage, group.count])), 'groups and counts').toEqual(
    new Map([...expected].map(([key, entry]) => [key, entry.count])),
  );
  const order = [...groups].sort(
    (a, b) => b.count - a.count || (a.statusMessage === b.statusMessage ? 0 : a.statusMessage === null ? 1 : b.statusMessage === null ? -1 : a.statusMessage < b.statusMessage ? -1 : 1),
  );
  expect.soft(groups.map((group) => group.statusMessage), 'order: count, then message, null last').toEqual(order.map((group) => group.statusMessage));
  for (const group of groups) {
    const entry = expected.get(group.statusMessage);
    if (entry === undefined) continue;
    expect.soft(group.examples.length, `examples of ${JSON.stringify(group.statusMessage)}`).toBe(Math.min(5, entry.count));
    const strays = group.examples.filter((example) => !entry.identifiers.has(example));
    expect.soft(strays, `examples of ${JSON.stringify(group.statusMessage)} not in the group`).toEqual([]);
    if (templates) expect.soft(group.messages, `distinct messages of ${JSON.stringify(group.statusMessage)}`).toBe(entry.messages.size);
  }
}

/** find: each probe alone, all of them with absent ids, and absent ids alone. */
export async function expectFindAgrees(client: SyncTrackingClient, oracle: RunOracle, probes: Probe[], numeric: boolean): Promise<void> {
  const ask = async (label: string, identifiers: Array<string | number>, expectedIds: string[]) => {
    let found: OracleRow[];
    try {
      found = (await client.find(oracle.run, identifiers)).map(oracleRow);
    } catch (error) {
      expectAgreement(label, `threw ${String(error)}`);
      return;
    }
    expectAgreement(label, rowDifferences(found, await oracle.rows(RunOracle.identifierIn(expectedIds))));
  };
  for (const probe of probes) {
    await ask(`find ${JSON.stringify(probe.identifier)} (${probe.where} row of ${probe.file} row group ${probe.rowGroup}, row ${probe.row})`, [probe.identifier], [
      probe.identifier,
    ]);
  }
  const all = [...new Set(probes.map((probe) => probe.identifier))];
  await ask(`find all ${all.length} probes with absent ones`, [...all, 'absent-id', '', '-1'], all);
  await ask('find absent ids only', ['absent-id', 'cust-999999', '999999999'], []);
  if (numeric) {
    const safe = all.filter((identifier) => Number.isSafeInteger(Number(identifier))).slice(0, 5);
    await ask(`find numbers ${safe.join(', ')}`, safe.map(Number), safe);
  }
}

export interface SampleCase {
  name: string;
  options: { outcome?: RecordQuery['outcome']; status?: RecordQuery['status'] };
  where: string;
}

export const SAMPLE_CASES: SampleCase[] = [
  { name: 'all records', options: {}, where: 'true' },
  { name: 'rejected', options: { outcome: 'rejected' }, where: REJECTED },
  { name: 'invalid or success', options: { outcome: ['invalid', 'success'] }, where: `${OUTCOME_SQL} IN ('invalid', 'success')` },
  { name: 'SQL NULL status', options: { status: null }, where: 'status IS NULL' },
  { name: "'NULL' and 'DUPLICATE'", options: { status: ['NULL', 'DUPLICATE'] }, where: `status IN ('NULL', 'DUPLICATE')` },
];

/** sample: the drawn records satisfy the filter and are DuckDB's rows; the same seed draws the same. */
export async function expectSampleAgrees(client: SyncTrackingClient, oracle: RunOracle, sample: SampleCase): Promise<void> {
  const matching = await oracle.rows(sample.where);
  const size = 9;
  const drawn = (await client.sample(oracle.run, { ...sample.options, size, seed: 'matrix' })).map(oracleRow);
  const keys = new Set(matching.map((row) => `${row.file}#${row.rowIndex}`));
  expect.soft(drawn.length, `${sample.name}: size`).toBe(Math.min(size, matching.length));
  expect.soft(new Set(drawn.map((row) => `${row.file}#${row.rowIndex}`)).size, `${sample.name}: distinct`).toBe(drawn.length);
  const wanted = matching.filter((row) => drawn.some((picked) => picked.file === row.file && picked.rowIndex === row.rowIndex));
  expectAgreement(`${sample.name}: records are DuckDB's`, rowDifferences(drawn, wanted, ALL_ROW_FIELDS));
  expect.soft(drawn.filter((row) => !keys.has(`${row.file}#${row.rowIndex}`)).length, `${sample.name}: outside the filter`).toBe(0);
  const again = (await client.sample(oracle.run, { ...sample.options, size, seed: 'matrix' })).map(oracleRow);
  expect.soft(again, `${sample.name}: same seed, same sample`).toEqual(drawn);
  const everything = (await client.sample(oracle.run, { ...sample.options, size: matching.length + 3, seed: 7 })).map(oracleRow);
  expectAgreement(`${sample.name}: a sample larger than the matches is all of them`, rowDifferences(everything, matching));
}

/** All keys; the CLI's `--columns identifier,statusMessage` shape (the text-lines module); the payload first, with a time. */
export const LINE_KEYS: Array<RecordRowKey[] | undefined> = [undefined, ['identifier', 'status_message'], ['record_payload', 'file', 'batch_started_at', 'status']];

function rowOf(row: OracleRow, keys: readonly RecordRowKey[]): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const all: Record<RecordRowKey, unknown> = {
    identifier: row.identifier,
    record_payload: row.payload,
    operation: row.operation,
    status: row.status,
    status_message: row.statusMessage,
    batch_started_at: iso(row.batchStartedAt),
    batch_ended_at: iso(row.batchEndedAt),
    file: row.file,
  };
  return Object.fromEntries(keys.map((key) => [key, all[key]]));
}

/** The record fields that ask for a line of these keys (a key is its field's column name, or `file`). */
const lineFields = (keys: readonly RecordRowKey[]): RecordLineField[] =>
  keys.map((key) => (key === 'file' ? 'file' : (Object.keys(RECORD_COLUMNS) as RecordField[]).find((field) => RECORD_COLUMNS[field] === key)!));

const ALL_LINE_KEYS: RecordRowKey[] = ['identifier', 'record_payload', 'operation', 'status', 'status_message', 'batch_started_at', 'batch_ended_at', 'file'];

/** Keys whose form in a line the format fixes (column names, text as stored): compared with DuckDB directly. */
const PLAIN_LINE_KEYS: RecordRowKey[] = ['identifier', 'operation', 'status', 'status_message', 'file'];

/**
 * filterJsonLines: the lines are, byte for byte, what core's own line writer (recordJsonLineWriter)
 * writes for the records `filter` returns, and those records are DuckDB's rows; the keys whose form
 * is fixed are also compared with DuckDB's values straight from the parsed lines.
 */
export async function expectJsonLinesAgree(
  client: SyncTrackingClient,
  oracle: RunOracle,
  filter: FilterCase,
  keySets: Array<RecordRowKey[] | undefined> = LINE_KEYS,
): Promise<void> {
  const expectedRows = listingOrder(await oracle.rows(filter.where));
  const records = await collect(client.filter(oracle.run, filter.query));
  expectAgreement(`filter ${filter.name} (the records the lines are checked against)`, rowDifferences(records.map(oracleRow), expectedRows));
  for (const keys of keySets) {
    const label = `filterJsonLines ${filter.name} keys ${keys ? keys.join(',') : 'all'}`;
    let text = '';
    try {
      for await (const batch of client.filterJsonLines(oracle.run, { ...filter.query, ...(keys ? { columns: lineFields(keys) } : {}) })) {
        text += Buffer.from(batch.lines).toString('utf8');
        batch.release();
      }
    } catch (error) {
      expectAgreement(label, `threw ${String(error)}`);
      continue;
    }
    const write = recordJsonLineWriter(keys);
    const out = new JsonBytes();
    for (const record of records) write(record, out);
    const expectedLines = out.take().toString('utf8').split('\n').filter((line) => line !== '');
    const lines = text.split('\n').filter((line) => line !== '');
    const firstDifferent = lines.findIndex((line, index) => line !== expectedLines[index]);
    expectAgreement(
      `${label}: as recordJsonLineWriter writes filter's records`,
      lines.length !== expectedLines.length
        ? `${lines.length} lines, filter has ${expectedLines.length} records`
        : firstDifferent === -1
          ? ''
          : `line ${firstDifferent}: ${lines[firstDifferent]!.slice(0, 200)} ≠ ${expectedLines[firstDifferent]!.slice(0, 200)}`,
    );
    let parsed: Array<Record<string, unknown>>;
    try {
      parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    } catch (error) {
      expectAgreement(`${label}: lines are JSON`, String(error));
      continue;
    }
    const plainKeys = (keys ?? ALL_LINE_KEYS).filter((key) => PLAIN_LINE_KEYS.includes(key));
    const differing = parsed.findIndex((line, index) => {
      const expected = expectedRows[index] === undefined ? undefined : rowOf(expectedRows[index]!, plainKeys);
      return expected === undefined || plainKeys.some((key) => line[key] !== expected[key]);
    });
    expectAgreement(
      `${label}: ${plainKeys.join(', ')} as DuckDB reads them`,
      parsed.length !== expectedRows.length
        ? `${parsed.length} lines, DuckDB has ${expectedRows.length} rows`
        : differing === -1
          ? ''
          : `line ${differing}: ${lines[differing]!.slice(0, 200)} ≠ ${JSON.stringify(rowOf(expectedRows[differing]!, plainKeys))}`,
    );
  }
}

// The CLI's package depends on core, so core cannot list it as a dependency: imported by name,
// which vitest resolves to the CLI's source through its workspace alias (as the fs adapter is).
const cliPackage = '@synctrack/cli';

/** Runs a CLI command in-process, decoding with the bucket's pool (the CLI's `decodePool`) rather than starting workers of its own. */
async function runCli(argv: string[], decodePool: DecodePool): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { runCli: run } = (await import(/* @vite-ignore */ cliPackage)) as {
    runCli(argv: readonly string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env?: NodeJS.ProcessEnv; decodePool?: DecodePool }): Promise<number>;
  };
  const { Writable } = await import('node:stream');
  const capture = () => {
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, callback) {
          stream.text += chunk.toString();
          callback();
        },
      }),
      { text: '', isTTY: false },
    );
    return stream;
  };
  const stdout = capture();
  const stderr = capture();
  const exitCode = await run(argv, { stdout, stderr, env: {}, decodePool });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

export interface ExportCase {
  name: string;
  /** Parquet: every column, read back by DuckDB; JSON Lines: with `--columns identifier,statusMessage,batchStartedAt`. */
  format: 'parquet' | 'jsonl';
  args: string[];
  where: string;
}

/**
 * `synctrack export`: a Parquet export (all columns) read back by DuckDB, or a JSON Lines export
 * with `--columns`, holds DuckDB's rows of the original files.
 */
export async function expectCliExportAgrees(oracle: RunOracle, runFolder: string, outDirectory: string, cases: ExportCase[]): Promise<void> {
  for (const exportCase of cases) {
    const expected = listingOrder(await oracle.rows(exportCase.where));
    const label = `export ${exportCase.args.join(' ')}`;
    if (exportCase.format === 'jsonl') {
      await expectJsonLinesExportAgrees(runFolder, join(outDirectory, `${oracle.run.runId}-${cases.indexOf(exportCase)}.jsonl`), exportCase, expected, label, oracle.bucket.pool);
      continue;
    }
    const parquet = join(outDirectory, `${oracle.run.runId}-${cases.indexOf(exportCase)}.parquet`);
    const written = await runCli(['export', runFolder, ...exportCase.args, '--out', parquet, '--force'], oracle.bucket.pool);
    if (written.exitCode !== 0) {
      expectAgreement(`${label} --out .parquet`, `exit code ${written.exitCode}: ${written.stderr.slice(0, 300)}`);
    } else {
      const rows = await oracle.bucket.query<Record<string, unknown>>(
        `SELECT file, CAST(identifier AS VARCHAR) AS identifier, record_payload, operation, status, status_message,
                CAST(epoch_ms(batch_started_at) AS DOUBLE) AS started, CAST(epoch_ms(batch_ended_at) AS DOUBLE) AS ended
         FROM read_parquet(${sqlString(parquet)})`,
      );
      const got = rows.map((row) => JSON.stringify([row.file, row.identifier, parsedPayload(row.record_payload as string | null), row.operation, row.status, row.status_message, row.started, row.ended]));
      const want = expected.map((row) =>
        JSON.stringify([row.file, row.identifier, row.payload, row.operation, row.status, row.statusMessage, row.batchStartedAt, row.batchEndedAt]),
      );
      const first = got.findIndex((row, index) => row !== want[index]);
      expectAgreement(
        `${label} --out .parquet, read back by DuckDB`,
        got.length !== want.length ? `${got.length} rows, DuckDB has ${want.length}` : first === -1 ? '' : `row ${first}: ${got[first]!.slice(0, 200)} ≠ ${want[first]!.slice(0, 200)}`,
      );
    }
  }
}

async function expectJsonLinesExportAgrees(runFolder: string, lines: string, exportCase: ExportCase, expected: OracleRow[], label: string, pool: DecodePool): Promise<void> {
  const columns = await runCli(['export', runFolder, ...exportCase.args, '--columns', 'identifier,statusMessage,batchStartedAt', '--out', lines, '--force'], pool);
  if (columns.exitCode !== 0) {
    expectAgreement(`${label} --columns --out .jsonl`, `exit code ${columns.exitCode}: ${columns.stderr.slice(0, 300)}`);
    return;
  }
  const text = await readFile(lines, 'utf8');
  const got = text.split('\n').filter((line) => line !== '');
  const want = expected.map((row) => JSON.stringify(rowOf(row, ['identifier', 'status_message', 'batch_started_at'])));
  const first = got.findIndex((line, index) => JSON.stringify(JSON.parse(line)) !== want[index]);
  expectAgreement(
    `${label} --columns identifier,statusMessage,batchStartedAt --out .jsonl`,
    got.length !== want.length ? `${got.length} lines, DuckDB has ${want.length}` : first === -1 ? '' : `line ${first}: ${got[first]!.slice(0, 200)} ≠ ${want[first]}`,
  );
}

