// A small but real bucket for the viewer's tests, written with core's SyncRunWriter and fact tables
// into a temp folder through @synctrack/storage-fs: one organization with two syncs, a finished run
// with every outcome (and a record whose identifier, message and payload carry markup), an older
// run, and a newer run still being written.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncRunWriter, writeFactTables, type JsonObject, type RunIds, type StorageAdapter, type SyncRecordInput } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';

export const ORG = '1';
export const SYNC = '42';
export const OTHER_SYNC = '43';
export const MAIN_RUN: RunIds = { orgId: ORG, syncId: SYNC, runId: '1002' };
export const OLD_RUN: RunIds = { orgId: ORG, syncId: SYNC, runId: '1001' };
export const LIVE_RUN: RunIds = { orgId: ORG, syncId: SYNC, runId: '1003' };

/** Sets `window.__xss` if any of it ever runs as markup or script. */
export const XSS_IDENTIFIER = 'xss-<img src=x onerror="window.__xss=1">';
export const XSS_MESSAGE = '<script>window.__xss=2</script>INVALID_FIELD: bad value <img src=x onerror="window.__xss=3">';
export const XSS_PAYLOAD: JsonObject = {
  email: '"><script>window.__xss=4</script>',
  note: '<img src=x onerror="window.__xss=5">',
  link: 'javascript:window.__xss=6',
};

export const REJECTION_MESSAGES = [
  'INVALID_EMAIL_ADDRESS: Email: invalid email address',
  'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
  'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION: Lifetime value must be positive',
];

const PLANS = ['free', 'starter', 'growth', 'enterprise'];
const CITIES = [
  ['Lisbon', 'PT'],
  ['Toronto', 'CA'],
  ['Osaka', 'JP'],
  ['Denver', 'US'],
  ['Lyon', 'FR'],
];

function payload(index: number): JsonObject {
  const [city, country] = CITIES[index % CITIES.length]!;
  return {
    email: `user${index}@example.com`,
    first_name: `Ada${index}`,
    last_name: index % 7 === 3 ? null : `Lovelace${index}`,
    plan: PLANS[index % PLANS.length]!,
    lifetime_value: Math.round(((index * 37) % 5000) * 100) / 100,
    is_active: index % 3 !== 0,
    tags: index % 2 === 0 ? ['newsletter', 'beta'] : [],
    address: { city: city!, country: country! },
  };
}

/** Record `index` of a run: rejected 2 in 10, invalid 1 in 10 (NULL or DUPLICATE), else succeeded. */
export function fixtureRecord(index: number, at: Date): SyncRecordInput {
  const base = { payload: payload(index), operation: 'upsert', batchStartedAt: at, batchEndedAt: new Date(at.getTime() + 4_000) };
  const kind = index % 10;
  if (kind === 1 || kind === 5) {
    // Uneven groups, as real rejections are: mostly the first message, rarely the last.
    const message = REJECTION_MESSAGES[[0, 0, 0, 1, 1, 2, 3, 0, 1, 0][Math.floor(index / 5) % 10]!]!;
    return { ...base, identifier: `user-${index}`, status: 'rejected', statusMessage: message };
  }
  if (kind === 8) {
    return index % 20 === 8
      ? { ...base, identifier: null, status: 'NULL', statusMessage: null }
      : { ...base, identifier: `user-${index - 1}`, status: 'DUPLICATE', statusMessage: 'Duplicate sync key' };
  }
  return { ...base, identifier: `user-${index}`, status: 'succeeded', statusMessage: null };
}

export interface FixtureBucket {
  dir: string;
  storage: StorageAdapter;
  /** How many records the main run holds. */
  mainRunRecords: number;
  /** Writes one more batch into the run still in progress. */
  landBatch(): Promise<void>;
  remove(): Promise<void>;
}

const METADATA = (ids: RunIds, startedAt: string): JsonObject => ({
  workspace_id: '7',
  source_type: 'Snowflake',
  source_id: 'src-10',
  destination_type: 'Salesforce',
  destination_id: 'dst-20',
  destination_object_id: 'obj-30',
  sync_run_start_time: startedAt,
  record_payload_schema: {
    email: 'string',
    first_name: 'string',
    last_name: 'string',
    plan: 'string',
    lifetime_value: 'number',
    is_active: 'boolean',
    tags: 'array',
  },
  sync_run_id: ids.runId,
});

async function writeRun(storage: StorageAdapter, ids: RunIds, startedAt: string, batches: number, perBatch: number): Promise<SyncRunWriter> {
  const writer = new SyncRunWriter({ storage, run: ids, rowGroupSize: 50 });
  await writer.writeMetadata(METADATA(ids, startedAt));
  const start = Date.parse(startedAt);
  for (let batch = 0; batch < batches; batch++) {
    const at = new Date(start + batch * 60_000);
    const records = Array.from({ length: perBatch }, (_, offset) => fixtureRecord(batch * perBatch + offset, at));
    await writer.writeBatch(batch % 2 === 0 ? 'records_updated' : 'records_created', records);
  }
  return writer;
}

export async function writeFixtureBucket(options: { mainRunRecords?: number } = {}): Promise<FixtureBucket> {
  const dir = await mkdtemp(join(tmpdir(), 'synctrack-viewer-'));
  const storage = createFsStorage({ root: dir });
  const perBatch = Math.ceil((options.mainRunRecords ?? 640) / 4);
  await writeFactTables({
    storage,
    orgId: ORG,
    tables: {
      sourceObjects: [
        { id: 'src-10', type: 'DataWarehouse::Query', name: 'Active users', modelId: 'm-1', businessObjectId: null, filterSegmentId: null, cohortId: null },
      ],
      destinations: [{ id: 'dst-20', type: 'Salesforce::Connection', name: 'Salesforce Production' }],
      destinationObjects: [{ id: 'obj-30', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact' }],
    },
  });
  await writeRun(storage, OLD_RUN, '2026-11-22T06:00:00Z', 1, 40);
  const main = await writeRun(storage, MAIN_RUN, '2026-11-23T06:00:00Z', 4, perBatch);
  // One more rejected record whose every field carries markup.
  await main.writeBatch('records_failed', [
    {
      identifier: XSS_IDENTIFIER,
      payload: XSS_PAYLOAD,
      operation: 'upsert',
      status: 'rejected',
      statusMessage: XSS_MESSAGE,
      batchStartedAt: new Date('2026-11-23T06:10:00Z'),
      batchEndedAt: new Date('2026-11-23T06:10:03Z'),
    },
  ]);
  const live = await writeRun(storage, LIVE_RUN, '2026-11-23T12:00:00Z', 1, 30);
  let landed = 1;
  await writeRun(storage, { orgId: ORG, syncId: OTHER_SYNC, runId: '2001' }, '2026-11-21T09:30:00Z', 1, 25);
  return {
    dir,
    storage,
    mainRunRecords: perBatch * 4 + 1,
    async landBatch() {
      const at = new Date(Date.parse('2026-11-23T12:00:00Z') + landed * 60_000);
      await live.writeBatch('records_updated', Array.from({ length: 30 }, (_, offset) => fixtureRecord(landed * 30 + offset, at)));
      landed++;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
