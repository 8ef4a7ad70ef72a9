// check and watchRun against DuckDB on the same files: three runs of one sync written by DuckDB, the
// newest judged against every rule with each measured value equal to DuckDB's SQL (rates, newly
// failing identifiers, new error messages and templates, the previous run by start time); limits
// just under and over what was measured; no previous run for the first; bad rules named. watchRun
// follows a run folder as files land and are rewritten, with every batch's counts DuckDB's, and
// ends on idle, on metadata that says the run ended, and with ABORTED on its signal.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckRules, RunBatch, RunIds } from '../src/index.js';
import { messageTemplate } from '../src/model/message-template.js';
import { DuckDbBucket, OUTCOME_SQL, recordsSelect } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
const sync = { orgId: '7', syncId: '70' };
const first: RunIds = { ...sync, runId: '701' };
const previous: RunIds = { ...sync, runId: '702' };
const newest: RunIds = { ...sync, runId: '703' };

const identifierSql = (shift: number) => `CASE WHEN i % 89 = 3 THEN NULL ELSE 'cust-' || CAST((i + ${shift}) % 1300 AS VARCHAR) END`;
const statusSql = (every: number) => `CASE WHEN i % ${every} = 0 THEN 'rejected' WHEN i % 29 = 1 THEN NULL WHEN i % 41 = 2 THEN 'DUPLICATE' ELSE 'succeeded' END`;
const messageSql = (every: number, extra: string) =>
  `CASE WHEN i % ${every} = 0 THEN (CASE i % 4 WHEN 0 THEN 'Contact ' || (i % 50) || ' not found' WHEN 1 THEN 'Rate limit exceeded' WHEN 2 THEN NULL ELSE ${extra} END) END`;

async function writeRun(run: RunIds, startedAt: string, every: number, extra: string, shift: number): Promise<void> {
  const columns = { identifier: identifierSql(shift), status: statusSql(every), status_message: messageSql(every, extra) };
  await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 1100, columns }), { rowGroupSize: 300 });
  await bucket.copy(run, 'records_upserted.1.parquet', recordsSelect({ rows: 700, offset: 1100, columns }), { rowGroupSize: 256, compression: 'zstd' });
  await bucket.put(run, 'metadata.json', JSON.stringify({ sync_run_id: run.runId, sync_configuration_id: run.syncId, run_started_at: startedAt }));
}

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  // Run ids do not follow start times: the previous run is found by start time, not by id.
  await writeRun(first, '2024-06-01T08:00:00Z', 9, `'Field "phone" is required'`, 0);
  await writeRun(previous, '2024-06-02T08:00:00Z', 7, `'Field "phone" is required'`, 40);
  await writeRun(newest, '2024-06-03T08:00:00Z', 5, `'Quota exceeded for object ' || (i % 3)`, 90);
}, 120_000);

afterAll(async () => {
  await bucket?.close();
});

async function outcomes(run: RunIds) {
  const counts = await bucket.countBy(run, OUTCOME_SQL);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  return { total, rejected: counts.get('rejected') ?? 0, invalid: counts.get('invalid') ?? 0 };
}

async function duckNewlyFailing(): Promise<number> {
  const failing = async (run: RunIds) =>
    `(SELECT identifier FROM ${await bucket.records(run)} WHERE identifier IS NOT NULL GROUP BY 1 HAVING bool_or(${OUTCOME_SQL} <> 'success'))`;
  const [row] = await bucket.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM (${await failing(newest)} EXCEPT ${await failing(previous)})`);
  return row!.n;
}

async function duckNewMessages(templates: boolean): Promise<string[]> {
  const messages = async (run: RunIds) =>
    (await bucket.query<{ m: string | null }>(`SELECT DISTINCT status_message AS m FROM ${await bucket.records(run)} WHERE ${OUTCOME_SQL} = 'rejected'`)).map((row) =>
      row.m === null ? '(no message)' : templates ? messageTemplate(row.m) : row.m,
    );
  const before = new Set(await messages(previous));
  return [...new Set(await messages(newest))].filter((message) => !before.has(message)).sort();
}

describe('check against DuckDB', () => {
  test('every rule measures what DuckDB counts, against the run before by start time', async () => {
    const [now, was] = [await outcomes(newest), await outcomes(previous)];
    const rejectedRate = (now.rejected / now.total) * 100;
    const increase = rejectedRate - (was.rejected / was.total) * 100;
    const rules: CheckRules = {
      minRecords: now.total,
      maxRejected: now.rejected,
      maxRejectedRate: 100,
      maxInvalidRate: 100,
      maxRejectedRateIncrease: 100,
      maxNewlyFailing: 1_000_000,
      maxNewErrors: 1000,
    };
    const result = await bucket.client.check(newest, rules);
    expect(result.ok).toBe(true);
    expect(result.run.run.ids).toEqual(newest);
    expect(result.previousRun?.run.ids).toEqual(previous);
    expect(result.run.total).toBe(now.total);
    expect(result.previousRun?.total).toBe(was.total);
    const value = (rule: string) => result.rules.find((entry) => entry.rule === rule)!.value!;
    expect(result.rules.map((entry) => entry.rule).sort()).toEqual(Object.keys(rules).sort());
    expect(value('minRecords')).toBe(now.total);
    expect(value('maxRejected')).toBe(now.rejected);
    expect(value('maxRejectedRate')).toBeCloseTo(rejectedRate, 10);
    expect(value('maxInvalidRate')).toBeCloseTo((now.invalid / now.total) * 100, 10);
    expect(value('maxRejectedRateIncrease')).toBeCloseTo(increase, 10);
    expect(increase).toBeGreaterThan(0);
    expect(value('maxNewlyFailing')).toBe(await duckNewlyFailing());
    expect(value('maxNewErrors')).toBe((await duckNewMessages(false)).length);
    expect(value('maxNewErrors')).toBeGreaterThan(0);
  });

  test('new errors by template, without the identifier comparison', async () => {
    const result = await bucket.client.check(newest, { maxNewErrors: 0 }, { templates: true });
    const expected = await duckNewMessages(true);
    expect(expected).toEqual(['Quota exceeded for object <n>']);
    expect(result.ok).toBe(false);
    expect(result.rules[0]).toMatchObject({ rule: 'maxNewErrors', limit: 0, value: 1, ok: false });
    expect(result.rules[0]!.message).toContain('Quota exceeded for object <n>');
  });

  test('a limit just under what was measured breaks the rule; at it, the rule holds', async () => {
    const now = await outcomes(newest);
    const rate = (now.rejected / now.total) * 100;
    const broken = await bucket.client.check(newest, { maxRejected: now.rejected - 1, maxRejectedRate: rate - 0.01, minRecords: now.total + 1 });
    expect(broken.ok).toBe(false);
    expect(broken.rules.map((rule) => rule.ok)).toEqual([false, false, false]);
    expect(broken.rules.find((rule) => rule.rule === 'maxRejected')!.message).toBe(`${now.rejected} rejected records (at most ${now.rejected - 1})`);
    const held = await bucket.client.check(newest, { maxRejected: now.rejected, maxRejectedRate: rate, minRecords: now.total });
    expect(held.ok).toBe(true);
  });

  test('the first run has no previous run: rules on it hold and say so; previous: null does the same', async () => {
    const firstRun = await bucket.client.check(first, { maxNewlyFailing: 0, maxRejectedRateIncrease: 0, maxNewErrors: 0 });
    expect(firstRun.previousRun).toBeNull();
    expect(firstRun.ok).toBe(true);
    for (const rule of firstRun.rules) expect(rule).toMatchObject({ value: null, ok: true, message: 'no previous run to compare with' });
    const none = await bucket.client.check(newest, { maxRejectedRateIncrease: 0 }, { previous: null });
    expect(none.previousRun).toBeNull();
    expect(none.ok).toBe(true);
    // An explicit previous run is used as given.
    const explicit = await bucket.client.check(newest, { maxRejectedRateIncrease: 100 }, { previous: first });
    expect(explicit.previousRun?.run.ids).toEqual(first);
  });

  test('bad rules are INVALID_ARGUMENT naming the rule', async () => {
    await expect(bucket.client.check(newest, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'rules' } });
    await expect(bucket.client.check(newest, { maxRejectedRate: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'maxRejectedRate' } });
    await expect(bucket.client.check(newest, { maxRejected: 1.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'maxRejected' } });
    await expect(bucket.client.check(newest, { maxRejectedPercent: 3 } as CheckRules)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      context: { argument: 'maxRejectedPercent' },
    });
  });
});

describe('watchRun', () => {
  const live: RunIds = { ...sync, runId: '799' };

  async function collectUntil(batches: AsyncGenerator<RunBatch>, into: RunBatch[], count: number): Promise<void> {
    while (into.length < count) {
      const next = await batches.next();
      if (next.done) return;
      into.push(next.value);
    }
  }

  test('yields each file as it lands and as it is rewritten, with DuckDB counts, and ends when idle', async () => {
    const sources = [join(bucket.root, 'sync_tracking_datasets/7/70/703/records_updated.0.parquet'), join(bucket.root, 'sync_tracking_datasets/7/70/702/records_upserted.1.parquet')];
    const folder = await bucket.runFolder(live);
    await copyFile(sources[0]!, join(folder, 'records_updated.0.parquet'));
    const batches = bucket.client.watchRun(live, { pollMs: 40, idleMs: 1500 });
    const seen: RunBatch[] = [];
    await collectUntil(batches, seen, 1);
    await copyFile(sources[1]!, join(folder, 'records_upserted.1.parquet'));
    await collectUntil(batches, seen, 2);
    // A rewrite (another size) replaces the file's counts.
    await copyFile(sources[1]!, join(folder, 'records_updated.0.parquet'));
    await collectUntil(batches, seen, 3);
    const end = await batches.next();
    expect(end.done).toBe(true);
    expect(seen.map((batch) => [batch.name, batch.rewritten])).toEqual([
      ['records_updated.0.parquet', false],
      ['records_upserted.1.parquet', false],
      ['records_updated.0.parquet', true],
    ]);
    const countsOf = async (run: RunIds, file: string) => {
      const counts = await bucket.countBy(run, OUTCOME_SQL, `file = '${file}'`);
      return { success: counts.get('success') ?? 0, rejected: counts.get('rejected') ?? 0, invalid: counts.get('invalid') ?? 0 };
    };
    const a = await countsOf(newest, 'records_updated.0.parquet');
    const b = await countsOf(previous, 'records_upserted.1.parquet');
    const sum = (x: typeof a) => x.success + x.rejected + x.invalid;
    expect(seen[0]!.byOutcome).toEqual(a);
    expect(seen[1]!.byOutcome).toEqual(b);
    expect(seen[1]!.totals.records).toBe(sum(a) + sum(b));
    expect(seen[2]!.byOutcome).toEqual(b);
    expect(seen[2]!.totals).toMatchObject({ files: 2, records: 2 * sum(b), byOutcome: { rejected: 2 * b.rejected } });
    expect(seen[2]!.totals.rejectedRate).toBeCloseTo(b.rejected / sum(b), 10);
    // New errors: the first batch's messages, then only the ones no earlier batch had.
    const messagesOf = async (run: RunIds, file: string) =>
      new Set((await bucket.countBy(run, `coalesce(status_message, '(no message)')`, `${OUTCOME_SQL} = 'rejected' AND file = '${file}'`)).keys());
    const [firstMessages, secondMessages] = [await messagesOf(newest, 'records_updated.0.parquet'), await messagesOf(previous, 'records_upserted.1.parquet')];
    expect(new Set(seen[0]!.newErrors)).toEqual(firstMessages);
    expect(new Set(seen[1]!.newErrors)).toEqual(new Set([...secondMessages].filter((message) => !firstMessages.has(message))));
    expect(seen[1]!.newErrors).toContain('Field "phone" is required');
    expect(seen[2]!.newErrors).toEqual([]);
  });

  test('ends once metadata.json says the run ended, and aborts with ABORTED', async () => {
    const ended: RunIds = { ...sync, runId: '798' };
    const folder = await bucket.runFolder(ended);
    await copyFile(join(bucket.root, 'sync_tracking_datasets/7/70/701/records_updated.0.parquet'), join(folder, 'records_updated.0.parquet'));
    await writeFile(join(folder, 'metadata.json'), JSON.stringify({ sync_run_id: '798', run_started_at: '2024-06-04T08:00:00Z', status: 'completed' }));
    const batches: RunBatch[] = [];
    for await (const batch of bucket.client.watchRun(ended, { pollMs: 20, idleMs: 60_000 })) batches.push(batch);
    expect(batches).toHaveLength(1);

    const waiting: RunIds = { ...sync, runId: '797' };
    await mkdir(await bucket.runFolder(waiting), { recursive: true });
    await copyFile(join(bucket.root, 'sync_tracking_datasets/7/70/701/records_updated.0.parquet'), join(await bucket.runFolder(waiting), 'records_updated.0.parquet'));
    const controller = new AbortController();
    const watch = bucket.client.watchRun(waiting, { pollMs: 20, idleMs: 60_000, signal: controller.signal });
    expect((await watch.next()).done).toBe(false);
    setTimeout(() => controller.abort(), 100);
    await expect(watch.next()).rejects.toMatchObject({ code: 'ABORTED' });
  });

  test('bad options are INVALID_ARGUMENT naming the option', async () => {
    await expect(bucket.client.watchRun(newest, { pollMs: 0 }).next()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'pollMs' } });
    expect(() => bucket.client.watchRun(newest, { every: 1 } as never)).toThrow(/every/);
  });
});
