// Regression tests for issues found by comparing with DuckDB: missing runs, cursors on growing runs and across runs, templates.
import { utimes } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackError } from '../src/index.js';
import { messageTemplate } from '../src/internal.js';
import { DuckDbBucket, byPosition, collect, comparable, newRun, recordsSelect } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
beforeAll(async () => {
  bucket = await DuckDbBucket.create();
});
afterAll(async () => {
  await bucket?.close();
});

describe('regressions', () => {
  test('metadata() of a run that does not exist is NOT_FOUND naming its location', async () => {
    const run = { orgId: 'org1', syncId: 'sync1', runId: 'no-such-run' };
    const error = await bucket.client.metadata(run).then(() => undefined, (caught: unknown) => caught);
    expect(SyncTrackError.isInstance(error) && error.code).toBe('NOT_FOUND');
    expect((error as Error).message).toContain('sync_tracking_datasets/org1/sync1/no-such-run');
  });

  test('a cursor resumes over files added to a growing run that sort before its file', async () => {
    const run = newRun('org1', 'growing-before');
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 100 }));
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 100, offset: 100 }));
    const page = await bucket.client.filterPage(run, { limit: 150 });
    // Batch 1 of another batch type lands after the cursor was made; it lists before records_updated.1.
    const late = await bucket.copy(run, 'records_inserted.1.parquet', recordsSelect({ rows: 100, offset: 200 }));
    // It landed after the others: a later second, as it would a batch later in a live run.
    const later = new Date(Date.now() + 5_000);
    await utimes(late, later, later);
    const rest = (await collect(bucket.client.filter(run, { cursor: page.nextCursor! }))).map(comparable);
    expect(byPosition([...page.records.map(comparable), ...rest])).toEqual(await bucket.rows(run));
  });

  test('a cursor made for one run is refused by another', async () => {
    const first = newRun('org1', 'cursor-a');
    const second = newRun('org1', 'cursor-b');
    for (const run of [first, second]) await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 100 }));
    const page = await bucket.client.filterPage(first, { limit: 10 });
    const error = await bucket.client.filterPage(second, { limit: 10, cursor: page.nextCursor! }).then(() => undefined, (caught: unknown) => caught);
    expect(SyncTrackError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
  });

  test('errors({ templates: true }) groups messages differing only in a number glued to a unit', () => {
    expect(messageTemplate('Rate limit exceeded, retry after 3s')).toBe(messageTemplate('Rate limit exceeded, retry after 25s'));
  });
});

describe('message filters', () => {
  test('statusMessage: null selects records without a message; statusMessageTemplate selects one template group', async () => {
    const run = newRun('org1', 'messages');
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 400 }));
    const withoutMessage = (await collect(bucket.client.filter(run, { statusMessage: null }))).map(comparable);
    expect(byPosition(withoutMessage)).toEqual(await bucket.rows(run, 'status_message IS NULL'));
    const [group] = (await bucket.client.errors(run, { templates: true })).filter((entry) => entry.statusMessage?.includes('retry after'));
    const grouped = await collect(bucket.client.filter(run, { statusMessageTemplate: group!.statusMessage!, outcome: 'rejected' }));
    expect(grouped.length).toBe(group!.count);
    expect(byPosition(grouped.map(comparable))).toEqual(await bucket.rows(run, "status_message LIKE 'Rate limit exceeded, retry after %'"));
  });
});

describe('errors by template', () => {
  test('a template keeps as examples its first records in row order, whichever of its messages they hold', async () => {
    const run = newRun('org1', 'template-examples');
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 600 }));
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 600, offset: 600 }));
    const rejected = await collect(bucket.client.filter(run, { outcome: 'rejected' }));
    const groups = await bucket.client.errors(run, { templates: true, examples: 3 });
    // A template of several messages (the point of the test), and every template checked.
    expect(groups.some((group) => (group.messages ?? 0) > 1)).toBe(true);
    for (const group of groups) {
      const first = rejected.filter((record) => (record.statusMessage === null ? null : messageTemplate(record.statusMessage)) === group.statusMessage).slice(0, 3);
      expect(group.examples, String(group.statusMessage)).toEqual(first.map((record) => record.identifier));
    }
  });
});

describe('read-ahead', () => {
  test('a first page reads only the files it needs', async () => {
    const run = newRun('org1', 'first-page');
    for (let file = 0; file < 4; file++) {
      await bucket.copy(run, `records_updated.${file}.parquet`, recordsSelect({ rows: 200, offset: file * 200 }));
    }
    const read = new Set<string>();
    const storage = Object.create(bucket.storage);
    storage.read = async (key: string, options: unknown) => {
      if (key.endsWith('.parquet')) read.add(key.slice(key.lastIndexOf('/') + 1));
      return bucket.storage.read(key, options as never);
    };
    const { SyncTrackingClient } = await import('../src/index.js');
    const client = new SyncTrackingClient({ storage });
    const page = await client.filterPage(run, { outcome: 'rejected', limit: 5 });
    expect(page.records).toHaveLength(5);
    expect([...read]).toEqual(['records_updated.0.parquet']);
  });
});
