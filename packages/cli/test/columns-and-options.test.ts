// `--columns` never changes an answer: filter, find, sample and export print the same records with
// the same values in the fields asked as without it. `sample` takes filter's options, and every
// command refuses an option it does not know (exit 2).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
let out: string;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  out = await mkdtemp(join(tmpdir(), 'synctrack-columns-'));
});

afterAll(async () => {
  await bucket.remove();
  await rm(out, { recursive: true, force: true });
});

type Line = Record<string, unknown>;

async function lines(args: string[]): Promise<Line[]> {
  const result = await synctrack([...args, '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  return jsonLines(result.stdout) as Line[];
}

/** `--columns` as given, and the JSON keys it stands for. */
const COLUMN_SETS: Array<[string, string[]]> = [
  ['identifier,statusMessage', ['identifier', 'status_message']],
  ['status_message', ['status_message']],
  ['payload,file', ['record_payload', 'file']],
  ['operation,batchEndedAt,status', ['operation', 'batch_ended_at', 'status']],
  ['file', ['file']],
];

const pick = (line: Line, keys: string[]) => Object.fromEntries(keys.map((key) => [key, line[key]]));

const COMMANDS: Array<[string, () => string[]]> = [
  ['filter', () => ['filter', bucket.run]],
  ['filter --status rejected', () => ['filter', bucket.run, '--status', 'rejected']],
  ['filter --status invalid --operation upsert', () => ['filter', bucket.run, '--status', 'invalid', '--operation', 'upsert']],
  ['find', () => ['find', bucket.run, 'c-1', 'c-4', 'c-9', 'c-10']],
  ['sample', () => ['sample', bucket.run, '--size', '6', '--seed', '3']],
  ['sample --status rejected', () => ['sample', bucket.run, '--status', 'rejected', '--size', '2', '--seed', '5']],
  ['sample --message', () => ['sample', bucket.run, '--message', 'email|sync key', '--size', '3', '--seed', '9']],
];

describe('--columns never changes an answer', () => {
  it.each(COMMANDS)('%s', async (_name, args) => {
    // All at once: in-process runs share the CLI's decode pool.
    const [full, ...picked] = await Promise.all([lines(args()), ...COLUMN_SETS.map(([columns]) => lines([...args(), '--columns', columns]))]);
    expect(full!.length).toBeGreaterThan(0);
    COLUMN_SETS.forEach(([columns, keys], index) => expect(picked[index], columns).toEqual(full!.map((line) => pick(line, keys))));
  });

  it('find --all-runs', async () => {
    const args = ['find', bucket.dir, '--org', '11', '--sync', '22', '--all-runs', 'c-1', 'c-2'];
    const full = await lines(args);
    expect(full.length).toBe(5);
    expect(await lines([...args, '--columns', 'identifier,status'])).toEqual(full.map((line) => ({ ...pick(line, ['identifier', 'status']), run_id: line.run_id })));
  });

  it('find --columns prints a table of those fields', async () => {
    const result = await synctrack(['find', bucket.run, 'c-4', '--columns', 'identifier,status,status_message']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/IDENTIFIER\s+STATUS\s+MESSAGE\n\s*c-4\s+rejected\s+Record locked/);
  });

  async function query(sql: string): Promise<Line[]> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Line[];
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it.each(['jsonl', 'csv', 'parquet'])('export .%s', async (format) => {
    const read = async (file: string): Promise<Line[]> => {
      if (format === 'jsonl') return jsonLines(await readFile(file, 'utf8')) as Line[];
      return query(format === 'csv' ? `SELECT * FROM read_csv('${file}', header = true, all_varchar = true)` : `SELECT * FROM read_parquet('${file}')`);
    };
    for (const status of [[], ['--status', 'rejected']]) {
      const fullFile = join(out, `full-${status.length}.${format}`);
      expect((await synctrack(['export', bucket.run, ...status, '--out', fullFile, '--force'])).exitCode).toBe(0);
      const full = await read(fullFile);
      expect(full.length).toBeGreaterThan(0);
      await Promise.all(
        COLUMN_SETS.map(async ([columns, keys]) => {
          const file = join(out, `cols-${status.length}-${columns.replace(/,/g, '_')}.${format}`);
          const result = await synctrack(['export', bucket.run, ...status, '--columns', columns, '--out', file, '--force']);
          expect(result.exitCode, result.stderr).toBe(0);
          expect(await read(file), `${format} ${columns}`).toEqual(full.map((line) => pick(line, keys)));
        }),
      );
    }
  });
});

describe('sample takes filter’s options', () => {
  it.each([
    [['--status', 'rejected']],
    [['--status', 'NULL']],
    [['--operation', 'update']],
    [['--message', 'email']],
    [['--identifier', 'c-1,c-5,c-9']],
    [['--since', '2026-03-01T10:04:00Z']],
    [['--until', '2026-03-01T10:04:00Z', '--operation', 'upsert']],
  ])('%j: a sample as large as the matches is the matches', async (options) => {
    const [matching, sample, small] = await Promise.all([
      lines(['filter', bucket.run, ...options]),
      lines(['sample', bucket.run, ...options, '--size', '100', '--seed', '1']),
      // A smaller sample draws only from them.
      lines(['sample', bucket.run, ...options, '--size', '1', '--seed', '1']),
    ]);
    expect(matching.length).toBeGreaterThan(0);
    const order = (records: Line[]) => records.map((line) => `${line.file as string}/${JSON.stringify(line)}`).sort();
    expect(order(sample)).toEqual(order(matching));
    expect(small).toHaveLength(1);
    expect(order(matching)).toContain(order(small)[0]);
  });
});

describe('every command refuses an unknown option', () => {
  it.each([
    ['runs', '<bucket>'],
    ['summary', '<run>'],
    ['filter', '<run>'],
    ['find', '<run>', 'c-1'],
    ['index', '<run>'],
    ['sample', '<run>'],
    ['errors', '<run>'],
    ['export', '<run>', '--out', 'x.csv'],
    ['demo'],
    ['ui', '<bucket>'],
  ])('%s', async (...argv) => {
    const args = argv.map((arg) => (arg === '<run>' ? bucket.run : arg === '<bucket>' ? bucket.dir : arg));
    const result = await synctrack([...args, '--statusMesage', 'x'], { cwd: out });
    expect(result.exitCode).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^synctrack: unknown option '--statusMesage'/);
  });

  it('says what it meant on the same line', async () => {
    const result = await synctrack(['filter', bucket.run, '--statu', 'rejected']);
    expect(result.exitCode).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe("synctrack: unknown option '--statu' (Did you mean --status?) (see --help)\n");
  });
});
