// How long the viewer's API takes for the first page of a tab on a big run, against the requests that
// must scan the whole run (tab counts, error groups, a full export), with the bytes each one read.
//   npx tsx packages/viewer/test/bench-first-page.ts [records=100000]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncRunWriter, type StorageAdapter, type SyncRecordInput } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { startViewer } from '../src/index.js';

const RECORDS = Number(process.argv[2] ?? 100_000);
const PER_FILE = 10_000;
const run = { orgId: '1', syncId: '100', runId: 'bench' };

/** ~90% succeeded, 8% rejected, 2% invalid, spread through every file as in a real run. */
function record(index: number, at: Date): SyncRecordInput {
  const roll = (index * 7919) % 100;
  const status = roll < 90 ? 'succeeded' : roll < 98 ? 'rejected' : roll < 99 ? 'NULL' : 'DUPLICATE';
  return {
    identifier: `${1_000_000_000 + ((index * 2_654_435_761) % 8_999_999_999)}`,
    payload: {
      email: `user${index}@example.com`,
      first_name: ['Ada', 'Grace', 'Alan', 'Katherine'][index % 4]!,
      lifetime_value: (index * 37) % 250_000,
      is_active: index % 7 !== 0,
      notes: `${index}`.padStart(12, '0').repeat(12),
      tags: ['vip', 'newsletter', 'beta'].slice(0, 1 + (index % 3)),
    },
    operation: 'upsert',
    status,
    statusMessage: status === 'rejected' ? ['INVALID_EMAIL_ADDRESS: Email: invalid email address', 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]', 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record'][index % 3]! : null,
    batchStartedAt: at,
    batchEndedAt: new Date(at.getTime() + 15_000),
  };
}

function counting(storage: StorageAdapter, counter: { bytes: number; reads: number }): StorageAdapter {
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'read' && typeof value === 'function') {
        return async (key: string, options: unknown) => {
          const bytes = (await (value as (key: string, options: unknown) => Promise<Uint8Array>).call(target, key, options)) as Uint8Array;
          counter.bytes += bytes.byteLength;
          counter.reads++;
          return bytes;
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const dir = await mkdtemp(join(tmpdir(), 'synctrack-viewer-bench-'));
try {
  const storage = createFsStorage({ root: dir });
  const writer = new SyncRunWriter({ storage, run });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-23T06:00:00Z' });
  let written = 0;
  for (let file = 0; written < RECORDS; file++) {
    const count = Math.min(PER_FILE, RECORDS - written);
    const at = new Date(Date.parse('2026-11-23T06:00:00Z') + file * 20_000);
    await writer.writeBatch('records_updated', Array.from({ length: count }, (_, offset) => record(written + offset, at)));
    written += count;
  }
  const counter = { bytes: 0, reads: 0 };
  const viewer = await startViewer({ storage: counting(storage, counter) });
  const base = `${viewer.url}api/runs/${run.orgId}/${run.syncId}/${run.runId}`;
  const measure = async (label: string, path: string) => {
    counter.bytes = 0;
    counter.reads = 0;
    const started = performance.now();
    const response = await fetch(`${base}${path}`);
    const body = await response.arrayBuffer();
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`${label}: ${response.status} ${new TextDecoder().decode(body)}`);
    console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms ${(counter.bytes / 1024).toFixed(0).padStart(9)} KiB read in ${String(counter.reads).padStart(4)} reads`);
  };
  const size = ((await (await fetch(`${base}/summary`)).json()) as { bytes: number }).bytes;
  console.log(`${RECORDS.toLocaleString('en-US')} records in ${Math.ceil(RECORDS / PER_FILE)} files, ${(size / 1024).toFixed(0)} KiB, under ${dir}`);
  await measure('first request (warms the decode workers)', '/records?limit=1');
  await measure('first page, rejected tab (limit 50)', '/records?outcome=rejected&limit=50');
  await measure('first page, rejected tab again', '/records?outcome=rejected&limit=50');
  await measure('first page, invalid tab (limit 50)', '/records?outcome=invalid&limit=50');
  await measure('first page, all (limit 50)', '/records?limit=50');
  await measure('tab counts (summary: whole status column)', '/summary');
  await measure('errors by message (whole run, 3 columns)', '/errors');
  await measure('export of the rejected tab as CSV', '/export?format=csv&outcome=rejected');
  await viewer.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
