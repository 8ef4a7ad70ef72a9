// A small bucket with known contents, written by core's SyncRunWriter through @synctrack/storage-fs:
// organization 11, sync 22, runs 333 (15 records in three files) and 332 (2 records, older).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncRunWriter, type RunIds, type SyncRecordInput } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';

export const RUN: RunIds = { orgId: '11', syncId: '22', runId: '333' };
export const OLDER_RUN: RunIds = { orgId: '11', syncId: '22', runId: '332' };

const A_START = new Date('2026-03-01T10:00:00.000Z');
const A_END = new Date('2026-03-01T10:00:30.000Z');
const B_START = new Date('2026-03-01T10:05:00.000Z');
const B_END = new Date('2026-03-01T10:05:20.000Z');

type Row = [identifier: string | null, operation: string, status: string | null, message: string | null];

function records(rows: Row[], start: Date, end: Date, first: number): SyncRecordInput[] {
  return rows.map(([identifier, operation, status, statusMessage], index) => ({
    identifier,
    payload: identifier === 'c-9' ? null : { email: `${identifier ?? 'nobody'}@example.com`, n: first + index },
    operation,
    status,
    statusMessage,
    batchStartedAt: start,
    batchEndedAt: end,
  }));
}

export const UPDATED_0: Row[] = [
  ['c-1', 'upsert', 'succeeded', null],
  ['c-2', 'upsert', 'rejected', 'Invalid email: bad@example'],
  ['c-3', 'upsert', 'rejected', 'Invalid email: bad@example'],
  ['c-4', 'update', 'rejected', 'Record locked'],
  ['c-5', 'update', 'succeeded', null],
  ['c-6', 'delete', 'succeeded', null],
];
export const INVALID_0: Row[] = [
  [null, 'upsert', 'NULL', 'The sync key is NULL'],
  ['c-1', 'upsert', 'DUPLICATE', 'Duplicate sync key'],
  ['c-5', 'update', 'DUPLICATE', 'Duplicate sync key'],
  ['c-9', 'upsert', null, null],
  [null, 'upsert', 'NULL', 'The sync key is NULL'],
  [null, 'update', 'NULL', 'The sync key is NULL'],
];
export const UPDATED_1: Row[] = [
  ['c-7', 'upsert', 'succeeded', null],
  ['c-8', 'update', 'rejected', 'Invalid email: worse@example'],
  ['c-10', 'upsert', 'succeeded', null],
];

export const TIMES = { A_START, A_END, B_START, B_END };

export interface FixtureBucket {
  dir: string;
  /** The run folder of run 333. */
  run: string;
  olderRun: string;
  remove(): Promise<void>;
}

export function runFolder(dir: string, ids: RunIds): string {
  return join(dir, 'sync_tracking_datasets', ids.orgId, ids.syncId, ids.runId);
}

export async function writeFixtureBucket(): Promise<FixtureBucket> {
  const dir = await mkdtemp(join(tmpdir(), 'synctrack-cli-'));
  const storage = createFsStorage({ root: dir });
  const writer = new SyncRunWriter({ storage, run: RUN });
  await writer.writeMetadata({
    workspace_id: 'w-1',
    source_type: 'snowflake',
    source_id: '5',
    destination_type: 'salesforce',
    destination_id: '6',
    destination_object_id: '7',
    sync_run_start_time: '2026-03-01T09:59:00Z',
    record_payload_schema: { email: 'string', n: 'number' },
  });
  // Core orders a run's files by when they landed, then by name; writing in name order makes both agree.
  await writer.writeBatch('records_invalid', records(INVALID_0, A_START, A_END, 7));
  await writer.writeBatch('records_updated', records(UPDATED_0, A_START, A_END, 1));
  await writer.writeBatch('records_updated', records(UPDATED_1, B_START, B_END, 13));
  const older = new SyncRunWriter({ storage, run: OLDER_RUN });
  await older.writeMetadata({ sync_run_start_time: '2026-02-28T09:59:00Z' });
  await older.writeBatch(
    'records_updated',
    records(
      [
        ['c-1', 'upsert', 'succeeded', null],
        ['c-2', 'upsert', 'rejected', 'Invalid email: bad@example'],
      ],
      new Date('2026-02-28T10:00:00.000Z'),
      new Date('2026-02-28T10:00:10.000Z'),
      1,
    ),
  );
  return {
    dir,
    run: runFolder(dir, RUN),
    olderRun: runFolder(dir, OLDER_RUN),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
