// Writes the benchmark runs once with DuckDB's default Parquet writer (cached under bench/data/):
// 100k-row files, ~90% succeeded / 8% rejected / 2% invalid, unsorted identifiers, ~400-byte JSON
// payloads of ten fields — the shape PARQUET.md measured for files we did not write. Other shapes
// change one thing each: how many distinct rejection messages a run holds (the default's carry
// record ids and values: ~54k distinct in 2M), or how wide its payloads are.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * default: as above. messages-36: 36 distinct rejection messages (dictionary pages). messages-10k:
 * 10,000 distinct messages. payload-12: payloads of a dozen fields (~450 bytes against ~390).
 */
export const BENCH_SHAPES = ['default', 'messages-36', 'messages-10k', 'payload-12'] as const;
export type BenchShape = (typeof BENCH_SHAPES)[number];

export interface BenchRun {
  name: string;
  shape: BenchShape;
  records: number;
  /** The bucket root (holds sync_tracking_datasets/). */
  root: string;
  run: { orgId: string; syncId: string; runId: string };
  /** The run folder on disk. */
  folder: string;
  /** An identifier that exists in the run, for find. */
  probeIdentifier: string;
}

const GENERATOR_VERSION = 2;
const ROWS_PER_FILE = 100_000;

const MESSAGES = [
  "INVALID_EMAIL_ADDRESS: Email: invalid email address: ' || md5(i::VARCHAR)[1:8] || '@@example.com",
  'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
  "DUPLICATE_VALUE: duplicate value found: External_Id__c duplicates value on record with id: 0035e' || md5(i::VARCHAR)[1:13] || '",
  'FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone must be in E.164 format',
  'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
  "Property values were not valid: annualrevenue ' || (i % 997)::VARCHAR || ' is not a number",
];

/** Messages without per-record parts, for the shapes that fix how many distinct ones there are. */
const FIXED_MESSAGES = [
  'INVALID_EMAIL_ADDRESS: Email: invalid email address',
  'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
  'DUPLICATE_VALUE: duplicate value found: External_Id__c duplicates value on another record',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone must be in E.164 format',
  'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
  'Property values were not valid: annualrevenue is not a number',
];
const FIELDS = ['Email', 'Phone', 'LastName', 'Company', 'OwnerId', 'AnnualRevenue'];

/** The rejection message of record i, as SQL. */
function messageSql(shape: BenchShape): string {
  const cases = (texts: string[], of: string) => `CASE (${of}) % ${texts.length} ${texts.map((text, index) => `WHEN ${index} THEN '${text}'`).join(' ')} END`;
  // 6 messages × 6 fields, each one fixed text.
  if (shape === 'messages-36') return `${cases(FIXED_MESSAGES, 'hash(i + 7) % 36')} || ' (field ' || ${cases(FIELDS, '(hash(i + 7) % 36) // 6')} || ')'`;
  // One of 10,000 references: exactly 10,000 distinct texts.
  if (shape === 'messages-10k') return `${cases(FIXED_MESSAGES, 'hash(i + 7) % 10000')} || ' (ref ' || (hash(i + 7) % 10000)::VARCHAR || ')'`;
  return cases(MESSAGES, 'hash(i + 7)');
}

/** Two more payload fields for the payload-12 shape. */
const WIDE_FIELDS = `,
        'city', ['Springfield','Shelbyville','Ogdenville','North Haverbrook','Capital City'][1 + (i % 5)],
        'created_at', strftime(TIMESTAMP '2020-01-01 00:00:00' + to_seconds(hash(i * 13) % 157680000), '%Y-%m-%dT%H:%M:%SZ')`;

/**
 * The records of rows [first, first + count). `next`: the same sync's next run (compare's head):
 * every tenth record's outcome drawn again and the rows shifted by 1% (some identifiers leave, some
 * arrive), with a new kind of rejection among the old.
 */
function recordsSql(shape: BenchShape, first: number, count: number, next = false): string {
  const message = next ? `CASE WHEN i % 50 = 3 THEN 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id' ELSE ${messageSql(shape)} END` : messageSql(shape);
  const draw = next ? 'hash(i * 11 + (CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END))' : 'hash(i * 11)';
  return `
    SELECT
      (1000000000 + hash(i) % 8999999999)::VARCHAR AS identifier,
      json_object(
        'email', 'user' || i::VARCHAR || '@example.com',
        'first_name', ['Ada','Grace','Alan','Katherine','Linus','Margaret'][1 + (i % 6)],
        'last_name', ['Lovelace','Hopper','Turing','Johnson','Torvalds','Hamilton'][1 + (i % 5)],
        'phone', '+1415555' || lpad((i % 10000)::VARCHAR, 4, '0'),
        'lifetime_value', round((hash(i * 3) % 2500000) / 100.0, 2),
        'is_active', (i % 7) <> 0,
        'company', 'Company ' || md5((i % 50000)::VARCHAR)[1:12],
        'address', (i % 9999)::VARCHAR || ' ' || md5((i * 5)::VARCHAR)[1:10] || ' Street, Springfield',
        'notes', md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) || md5((i + 3)::VARCHAR),
        'tags', ['vip','newsletter','beta'][1:1 + (i % 3)]${shape === 'payload-12' ? WIDE_FIELDS : ''}
      )::VARCHAR AS record_payload,
      'upsert' AS operation,
      CASE WHEN r < 90 THEN 'succeeded' WHEN r < 98 THEN 'rejected' WHEN r < 99 THEN 'NULL' WHEN r < 99.5 THEN 'DUPLICATE' ELSE NULL END AS status,
      CASE WHEN r >= 90 AND r < 98 THEN ${message} ELSE NULL END AS status_message,
      TIMESTAMP '2026-11-23 06:00:00' + to_seconds((i // 10000) * 20) AS batch_started_at,
      TIMESTAMP '2026-11-23 06:00:15' + to_seconds((i // 10000) * 20) AS batch_ended_at
    FROM (SELECT i, (${draw} % 10000) / 100.0 AS r FROM range(${first}, ${first + count}) t(i))`;
}

/** The run's folder name: run-2m for the default shape, run-2m-messages-36 for another. */
export function benchRunName(shape: BenchShape, size: string): string {
  return shape === 'default' ? `run-${size}` : `run-${size}-${shape}`;
}

export async function ensureBenchRun(dataDir: string, shape: BenchShape, size: string, records: number): Promise<BenchRun> {
  const name = benchRunName(shape, size);
  const root = join(dataDir, name);
  const run = { orgId: '1', syncId: '100', runId: name };
  const folder = join(root, 'sync_tracking_datasets', run.orgId, run.syncId, run.runId);
  const markerPath = join(root, 'generated.json');
  const marker = existsSync(markerPath) ? (JSON.parse(await readFile(markerPath, 'utf8')) as { version: number; probeIdentifier: string }) : null;
  if (marker?.version === GENERATOR_VERSION) {
    return { name, shape, records, root, run, folder, probeIdentifier: marker.probeIdentifier };
  }
  await rm(root, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const started = performance.now();
  for (let file = 0; file * ROWS_PER_FILE < records; file++) {
    const path = join(folder, `records_updated.${file}.parquet`);
    await connection.run(`COPY (${recordsSql(shape, file * ROWS_PER_FILE, Math.min(ROWS_PER_FILE, records - file * ROWS_PER_FILE))}) TO '${path}' (FORMAT parquet)`);
    process.stderr.write(`\r  ${name}: wrote ${file + 1} of ${Math.ceil(records / ROWS_PER_FILE)} files`);
  }
  // A probe from the middle of the run.
  const probe = Math.floor(records * 0.61);
  const [row] = (await connection.runAndReadAll(`SELECT (1000000000 + hash(${probe}::BIGINT) % 8999999999)::VARCHAR AS id`)).getRowObjectsJson();
  connection.closeSync();
  instance.closeSync();
  const probeIdentifier = String(row!.id);
  await writeFile(
    join(folder, 'metadata.json'),
    JSON.stringify({ organization_id: run.orgId, sync_configuration_id: run.syncId, sync_run_id: run.runId, sync_run_start_time: '2026-11-23T06:00:00Z' }),
  );
  await writeFile(markerPath, JSON.stringify({ version: GENERATOR_VERSION, shape, probeIdentifier, records }));
  process.stderr.write(`\r  ${name}: ${records.toLocaleString('en-US')} records in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return { name, shape, records, root, run, folder, probeIdentifier };
}

/** The run after `base` in its sync (`<name>-next`, in the same bucket), for compare: see `recordsSql`'s `next`. */
export async function ensureNextRun(dataDir: string, base: BenchRun): Promise<BenchRun> {
  const run = { ...base.run, runId: `${base.name}-next` };
  const folder = join(base.root, 'sync_tracking_datasets', run.orgId, run.syncId, run.runId);
  const markerPath = join(base.root, 'generated-next.json');
  const marker = existsSync(markerPath) ? (JSON.parse(await readFile(markerPath, 'utf8')) as { version: number }) : null;
  const next = { ...base, name: run.runId, run, folder };
  if (marker?.version === GENERATOR_VERSION) return next;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const shift = Math.floor(base.records / 100);
  for (let file = 0; file * ROWS_PER_FILE < base.records; file++) {
    const path = join(folder, `records_updated.${file}.parquet`);
    const first = shift + file * ROWS_PER_FILE;
    await connection.run(`COPY (${recordsSql(base.shape, first, Math.min(ROWS_PER_FILE, base.records - file * ROWS_PER_FILE), true)}) TO '${path}' (FORMAT parquet)`);
    process.stderr.write(`\r  ${run.runId}: wrote ${file + 1} of ${Math.ceil(base.records / ROWS_PER_FILE)} files`);
  }
  connection.closeSync();
  instance.closeSync();
  await writeFile(
    join(folder, 'metadata.json'),
    JSON.stringify({ organization_id: run.orgId, sync_configuration_id: run.syncId, sync_run_id: run.runId, sync_run_start_time: '2026-11-24T06:00:00Z' }),
  );
  await writeFile(markerPath, JSON.stringify({ version: GENERATOR_VERSION, shape: base.shape, records: base.records }));
  process.stderr.write('\n');
  return next;
}
