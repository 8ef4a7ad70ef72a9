// The "full client session": a small run written with SyncRunWriter through the adapter under test,
// then SyncTrackingClient's discovery, summary, filter, find, sample and errors must answer exactly
// as they do for the same run written to the local fs adapter — the reader's byte-range access
// pattern (footers, column chunks, page indexes) against the real backend.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SyncRunWriter,
  SyncTrackingClient,
  resolveStorage,
  type RunIds,
  type StorageAdapter,
  type SyncRecordInput,
} from '@synctrack/core';
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';

const RUN: RunIds = { orgId: '1042', syncId: '77', runId: '9001' };
const BASE = 'exports/census/';
const OPERATIONS = ['upsert', 'update', 'create'];
const REJECTIONS = [
  (index: number) => `Invalid email address: user${index}@example`,
  () => 'Required field "Name" is missing',
  (index: number) => `Record ${index} exceeds the 100 KB limit`,
];

/** A deterministic run: every outcome, numeric and text ids, a duplicate id, nulls, three batches. */
function runRecords(): Array<{ batchType: string; records: SyncRecordInput[] }> {
  const started = Date.UTC(2025, 5, 1, 12, 0, 0);
  const batch = (batchType: string, from: number, count: number, batchIndex: number) => ({
    batchType,
    records: Array.from({ length: count }, (_, offset): SyncRecordInput => {
      const index = from + offset;
      const status = index % 11 === 0 ? 'rejected' : index % 29 === 0 ? 'NULL' : index % 31 === 0 ? 'DUPLICATE' : index % 37 === 0 ? null : 'succeeded';
      return {
        identifier: index === 150 ? 'user-7' : index % 2 === 0 ? index : `user-${index}`,
        payload: index % 17 === 0 ? null : { email: `user${index}@example.com`, plan: index % 3 === 0 ? 'pro' : 'free', seats: index % 9 },
        operation: OPERATIONS[index % OPERATIONS.length]!,
        status,
        statusMessage: status === 'rejected' ? REJECTIONS[index % REJECTIONS.length]!(index) : null,
        batchStartedAt: new Date(started + batchIndex * 60_000),
        batchEndedAt: new Date(started + batchIndex * 60_000 + 45_000),
      };
    }),
  });
  return [batch('records_updated', 0, 140, 0), batch('records_updated', 140, 90, 1), batch('records_created', 230, 70, 2)];
}

/**
 * Writes the run to both stores batch by batch, each batch in its own wall-clock second: the client
 * orders files by when they landed, and S3 and Azure keep that to the second while fs and GCS keep
 * milliseconds, so batches sharing a second could order differently by backend.
 */
async function writeRun(stores: StorageAdapter[]): Promise<void> {
  const writers = stores.map((storage) => new SyncRunWriter({ storage, run: RUN, prefix: BASE, rowGroupSize: 40 }));
  for (const writer of writers) {
    await writer.writeMetadata({ sync_run_started_at: '2025-06-01T12:00:00Z', source_id: 's-1', destination_id: 'd-1' });
  }
  for (const { batchType, records } of runRecords()) {
    await new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));
    for (const writer of writers) await writer.writeBatch(batchType, records);
  }
}

/** Everything a user would ask of the run, minus the storage location, which differs by design. */
async function session(storage: StorageAdapter): Promise<Record<string, unknown>> {
  const client = new SyncTrackingClient({ storage, prefix: BASE });
  const { run: _location, ...summary } = await client.summary(RUN);
  const runs = (await client.listRuns(RUN)).map(({ metadataError, ...info }) => ({ ...info, metadataError: metadataError?.code }));
  const all = [];
  for await (const record of client.filter(RUN)) all.push(record);
  const rejected = [];
  for await (const record of client.filter(RUN, { outcome: 'rejected', payloadFields: ['email'] })) rejected.push(record);
  const firstPage = await client.filterPage(RUN, { limit: 25, outcome: ['success', 'invalid'] });
  const secondPage = await client.filterPage(RUN, { limit: 25, outcome: ['success', 'invalid'], cursor: firstPage.nextCursor! });
  return {
    organizations: await client.listOrganizations(),
    syncs: await client.listSyncs(RUN),
    runs,
    files: (await client.listRunFiles(RUN)).files.map(({ name, size, batchType, batchNumber }) => ({ name, size, batchType, batchNumber })),
    metadata: await client.metadata(RUN),
    summary,
    all,
    rejected,
    pages: [firstPage.records, secondPage.records, firstPage.nextCursor !== null, secondPage.nextCursor !== null],
    found: await client.find(RUN, ['user-7', 12, '12', 'missing-id', 'user-299']),
    sample: await client.sample(RUN, { size: 12, seed: 'conformance' }),
    rejectedSample: await client.sample(RUN, { size: 5, outcome: 'rejected', seed: 7 }),
    errors: await client.errors(RUN),
    errorTemplates: await client.errors(RUN, { templates: true, examples: 2 }),
  };
}

export const fullClientSession: StorageScenario = {
  name: 'fullClientSession',
  title: 'a run written with SyncRunWriter reads back through SyncTrackingClient exactly as on the fs adapter',
  requires: ['write', 'clientSession'],
  async run({ storage }) {
    const referenceRoot = await mkdtemp(join(tmpdir(), 'synctrack-reference-'));
    try {
      // The reference is @synctrack/storage-fs, loaded the way users load it (an optional peer).
      const reference = (await resolveStorage(referenceRoot)).storage;
      await writeRun([reference, storage]);
      const expected = await session(reference);
      const actual = await session(storage);
      expect((expected.all as unknown[]).length).toBe(300);
      expect((expected.found as unknown[]).length).toBe(4);
      expect((expected.rejected as unknown[]).length).toBeGreaterThan(20);
      for (const key of Object.keys(expected)) expect(actual[key], key).toEqual(expected[key]);
    } finally {
      await rm(referenceRoot, { recursive: true, force: true });
    }
  },
};

export const clientSessionScenarios: readonly StorageScenario[] = [fullClientSession];
