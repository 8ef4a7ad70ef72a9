// An s3:// location end to end: a run written to a local S3 server (fauxqs, on 127.0.0.1) through
// core's location registry, then read by the CLI with only environment variables, as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, resolveStorage } from '@synctrack/core';
import { startFauxqs } from '../../../scripts/test-servers/fauxqs-server.js';
import { jsonLines, synctrack } from './cli-harness.js';

const BUCKET = 'synctrack-cli';
let stopServer: (() => Promise<void>) | undefined;
let env: NodeJS.ProcessEnv;
// The AWS SDK reads credentials from process.env whatever env the adapter is given.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;
const savedCredentials = Object.fromEntries(Object.keys(CREDENTIALS).map((name) => [name, process.env[name]]));

beforeAll(async () => {
  const server = await startFauxqs();
  stopServer = server.stop;
  // fauxqs creates a bucket on an unsigned PUT.
  const created = await fetch(`${server.url}/${BUCKET}`, { method: 'PUT' });
  expect(created.ok).toBe(true);
  Object.assign(process.env, CREDENTIALS);
  env = { AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1', ...CREDENTIALS };
  const { storage, prefix } = await resolveStorage(`s3://${BUCKET}/exports`, { env });
  const writer = new SyncRunWriter({ storage, prefix, run: { orgId: '7', syncId: '8', runId: '9' } });
  await writer.writeMetadata({ sync_run_start_time: '2026-05-01T00:00:00Z' });
  const at = new Date('2026-05-01T00:00:05Z');
  await writer.writeBatch('records_updated', [
    { identifier: 'a', payload: { n: 1 }, operation: 'upsert', status: 'succeeded', batchStartedAt: at, batchEndedAt: at },
    { identifier: 'b', payload: { n: 2 }, operation: 'upsert', status: 'rejected', statusMessage: 'Nope', batchStartedAt: at, batchEndedAt: at },
  ]);
  await storage.close?.();
});

afterAll(async () => {
  await stopServer?.();
  for (const [name, value] of Object.entries(savedCredentials)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('s3:// locations', () => {
  const run = `s3://${BUCKET}/exports/sync_tracking_datasets/7/8/9`;

  it('summary of a run folder URL', async () => {
    const result = await synctrack(['summary', run, '--json'], { env });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, outcomes: { success: 1, rejected: 1, invalid: 0 }, location: run, run_id: '9' });
  });

  it('runs of a bucket prefix, and a run named by ids inside it', async () => {
    const runs = await synctrack(['runs', `s3://${BUCKET}/exports`, '--json'], { env });
    expect(runs.exitCode).toBe(0);
    expect(jsonLines(runs.stdout)).toMatchObject([{ org_id: '7', sync_id: '8', run_id: '9', location: run, total: 2 }]);
    const byIds = await synctrack(['filter', `s3://${BUCKET}/exports`, '--org', '7', '--sync', '8', '--run', '9', '--status', 'rejected', '--json'], { env });
    expect(jsonLines(byIds.stdout)).toMatchObject([{ identifier: 'b', status_message: 'Nope' }]);
  });

  it('a missing run in a bucket exits 3', async () => {
    const result = await synctrack(['summary', `s3://${BUCKET}/exports/sync_tracking_datasets/7/8/404`], { env });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^synctrack: No sync run at s3:\/\/synctrack-cli\/exports\/sync_tracking_datasets\/7\/8\/404/);
  });
});
