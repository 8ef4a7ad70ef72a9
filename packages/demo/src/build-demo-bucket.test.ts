import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBucket, type DemoBucket } from './build-demo-bucket.js';
import { runMainJob } from './main-job.js';

describe('buildDemoBucket', () => {
  let parent: string;
  let bucket: DemoBucket;
  let client: SyncTrackingClient;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'synctrack-demo-'));
    bucket = await buildDemoBucket({ dir: join(parent, 'bucket'), scale: 0.05 });
    client = new SyncTrackingClient({ storage: createFsStorage({ root: bucket.dir }) });
  });

  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('writes several organizations, syncs and runs in the documented layout', async () => {
    expect(await client.listOrganizations()).toEqual(['4821', '9113']);
    expect(await client.listSyncs({ orgId: '4821' })).toEqual(['120', '121', '122']);
    const runs = await client.listRuns({ orgId: '4821', syncId: '120' });
    expect(runs.map((run) => run.runId)).toEqual(['1200005', '1200004', '1200003', '1200002', '1200001']);
    expect(bucket.runs).toHaveLength(16);
    expect(bucket.records).toBe(bucket.runs.reduce((sum, run) => sum + run.records, 0));
  });

  it('holds successes, rejections and both kinds of invalid records, with realistic messages', async () => {
    const summary = await client.summary({ orgId: '4821', syncId: '120', runId: '1200004' });
    const statuses = summary.byStatus.map((entry) => entry.status);
    expect(statuses).toEqual(expect.arrayContaining(['succeeded', 'rejected', 'NULL', 'DUPLICATE']));
    expect(summary.byOutcome.success).toBeGreaterThan(summary.byOutcome.rejected);
    expect(summary.byOutcome.invalid).toBeGreaterThan(0);
    const errors = await client.errors({ orgId: '4821', syncId: '120', runId: '1200004' }, { templates: true });
    expect(errors[0]!.statusMessage).toMatch(/^INVALID_EMAIL_ADDRESS/);
    const nullKeys = [];
    for await (const record of client.filter({ orgId: '4821', syncId: '120', runId: '1200004' }, { status: 'NULL' })) nullKeys.push(record);
    expect(nullKeys.length).toBeGreaterThan(0);
    expect(nullKeys.every((record) => record.identifier === null && record.outcome === 'invalid')).toBe(true);
  });

  it('names sources and destinations through the fact tables', async () => {
    const details = await client.describeRun({ orgId: '9113', syncId: '341', runId: '3410002' });
    expect(details.sourceObject?.type).toBe('DataWarehouse::CohortSource');
    expect(details.destination?.name).toBe('Braze US');
    expect(details.destinationObject?.type).toBe('Braze::ObjectTypes::User');
  });

  it('has one run in the pre-2025 format and one still being written', async () => {
    const legacy = await client.listRunFiles({ orgId: '4821', syncId: '121', runId: '1210001' });
    expect(legacy.files.map((file) => file.name).sort()).toEqual(['records_invalid.parquet', 'records_updated.parquet']);
    expect(legacy.files.every((file) => file.batchNumber === null)).toBe(true);
    const inProgress = bucket.runs.find((run) => run.inProgress)!;
    expect(inProgress.runId).toBe('1200005');
    expect(inProgress.records).toBeLessThan(bucket.runs.find((run) => run.runId === '1200004')!.records);
    // Core tells it by its files, which landed just now; the finished runs' files carry their batch times.
    const marked = [];
    for (const sync of [{ orgId: '4821', syncId: '120' }, { orgId: '4821', syncId: '121' }, { orgId: '9113', syncId: '341' }]) {
      for (const run of await client.listRuns(sync)) if (run.inProgress) marked.push(run.runId);
    }
    expect(marked).toEqual(['1200005']);
  });

  it('keeps each customer across runs, with the changes a real sync sees between them', async () => {
    const base = { orgId: '4821', syncId: '120', runId: '1200003' };
    const head = { ...base, runId: '1200004' };
    const read = async (run: typeof base) => {
      const customers = new Map<string, { failing: boolean; payload: unknown }>();
      for await (const record of client.filter(run)) {
        if (record.identifier === null) continue;
        const seen = customers.get(record.identifier);
        // A DUPLICATE record carries the payload of the other source row with the same key.
        const payload = record.outcome === 'invalid' ? seen?.payload : record.payload;
        customers.set(record.identifier, { failing: (seen?.failing ?? false) || record.outcome !== 'success', payload });
      }
      return customers;
    };
    const [before, after] = [await read(base), await read(head)];
    let newlyFailing = 0;
    let fixed = 0;
    let stillFailing = 0;
    let changed = 0;
    let renamed = 0;
    let common = 0;
    for (const [identifier, now] of after) {
      const then = before.get(identifier);
      if (then === undefined) continue;
      common++;
      if (now.failing && !then.failing) newlyFailing++;
      if (!now.failing && then.failing) fixed++;
      if (now.failing && then.failing) stillFailing++;
      if (JSON.stringify(now.payload) !== JSON.stringify(then.payload)) changed++;
      const name = (payload: unknown) => (payload as { first_name?: string }).first_name;
      if (now.payload !== undefined && then.payload !== undefined && name(now.payload) !== name(then.payload)) renamed++;
    }
    expect(renamed).toBe(0);
    expect(common).toBeGreaterThan(after.size * 0.9);
    expect(common).toBeLessThan(after.size);
    for (const count of [newlyFailing, fixed, stillFailing]) expect(count).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(common * 0.05);
    expect(changed).toBeLessThan(common * 0.5);
    // The newest completed run has a kind of error no earlier run had.
    const templates = async (run: typeof base) => new Set((await client.errors(run, { templates: true })).map((group) => group.statusMessage));
    const newer = [...(await templates(head))];
    const older = new Set([...(await templates(base)), ...(await templates({ ...base, runId: '1200002' })), ...(await templates({ ...base, runId: '1200001' }))]);
    expect(newer.filter((message) => !older.has(message))).toEqual([
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Lead Source: bad value for restricted picklist field: Partner Referral',
    ]);
  });

  it('is the same, record for record, every time it is built', async () => {
    const again = await buildDemoBucket({ dir: join(parent, 'again'), scale: 0.05 });
    const records = async (dir: string) => {
      const other = new SyncTrackingClient({ storage: createFsStorage({ root: dir }) });
      const out = [];
      for await (const record of other.filter({ orgId: '4821', syncId: '120', runId: '1200004' })) out.push([record.identifier, record.status, record.statusMessage, record.payload]);
      await other.close();
      return out;
    };
    expect(await records(again.dir)).toEqual(await records(bucket.dir));
  });

  it('reuses an existing demo bucket and refuses to touch a folder that is not one', async () => {
    const again = await buildDemoBucket({ dir: bucket.dir, scale: 0.05 });
    expect(again.built).toBe(false);
    const foreign = join(parent, 'my-data');
    await mkdir(foreign);
    await writeFile(join(foreign, 'precious.txt'), 'keep me');
    await expect(buildDemoBucket({ dir: foreign })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await readdir(foreign)).toEqual(['precious.txt']);
  });

  it('walks through the main job', async () => {
    const lines: string[] = [];
    await runMainJob({ dir: bucket.dir, write: (line) => lines.push(line) });
    const text = lines.join('\n');
    expect(text).toContain('Sync history: Customers → Salesforce Contacts');
    expect(text).toMatch(/Did run 1200004 get worse than run 1200003\? ─+\n {2}rejected \d+\.\d% vs \d+\.\d%/);
    expect(text).toContain('INVALID_EMAIL_ADDRESS: Email: invalid email address: <email>');
    expect(text).toMatch(/customers: [\d,]+ started failing, [\d,]+ were fixed, [\d,]+ still failing; [\d,]+ new, [\d,]+ gone/);
    expect(text).toContain('new error: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Lead Source: bad value for restricted picklist field: Partner Referral');
    // A fixed customer's story: the run that fixed it names the payload field that changed.
    expect(text).toMatch(/What happened to customer \d+ across the history\?[^]*run 1200004: upsert → succeeded {2}\(changed: [a-z_, ]+\)/);
    expect(text).toContain('5 failing rows for the CRM team');
  });
});
