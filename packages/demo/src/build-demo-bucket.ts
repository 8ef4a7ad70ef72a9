// Builds the demo bucket in a local folder: every organization's syncs and runs in the documented
// layout, the fact tables, one run in the older un-numbered format and one run still in progress.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, SyncRunWriter, writeFactTables, type RunIds, type StorageAdapter } from '@synctrack/core';
import { runPrefix } from '@synctrack/core/internal';
import { createFsStorage } from '@synctrack/storage-fs';
import { DEMO_ORGANIZATIONS, DEMO_SYNCS, type DemoSync } from './demo-catalog.js';
import { DemoPopulation } from './demo-population.js';
import { demoRandom } from './demo-random.js';
import { generateRun } from './demo-records.js';

const MARKER = '.synctrack-demo.json';
/** Bumped whenever the data changes, so that an older demo bucket is rebuilt. */
const DEMO_VERSION = 3;
/** The newest completed run of every sync starts here; older runs are six hours apart. */
const NEWEST_RUN_AT = Date.parse('2026-11-23T06:00:00Z');

export interface DemoRun extends RunIds {
  /** The run folder's path on disk. */
  location: string;
  sync: string;
  records: number;
  inProgress: boolean;
}

export interface DemoBucket {
  dir: string;
  runs: DemoRun[];
  records: number;
  bytes: number;
  /** False when an existing demo bucket of the same version and scale was reused. */
  built: boolean;
}

export type DemoProgress = { type: 'run'; run: DemoRun; done: number; total: number };

export interface BuildDemoBucketOptions {
  dir: string;
  /** Multiplies every run's record count (default 1: about 280,000 records). */
  scale?: number;
  /** Rebuild even when the folder already holds this demo. */
  force?: boolean;
  onProgress?: (event: DemoProgress) => void;
}

interface Marker {
  version: number;
  scale: number;
  runs: DemoRun[];
  records: number;
  bytes: number;
}

async function readMarker(dir: string): Promise<Marker | null> {
  try {
    return JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

/** Refuses to write into a folder that holds anything but an earlier demo bucket. */
async function prepareFolder(dir: string, marker: Marker | null): Promise<void> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && marker === null) {
      throw new InvalidArgumentError({
        message: `${dir} is not empty and is not a synctrack demo bucket; choose an empty or new folder (nothing was changed)`,
        context: { argument: 'dir', location: dir },
      });
    }
    // Only the demo's own folders are removed.
    await rm(join(dir, 'sync_tracking_datasets'), { recursive: true, force: true });
    await rm(join(dir, 'metadata'), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
}

function runIdFor(sync: DemoSync, index: number): string {
  return String(Number(sync.syncId) * 10_000 + index + 1);
}

async function writeRun(
  storage: StorageAdapter,
  sync: DemoSync,
  runIndex: number,
  population: DemoPopulation,
  options: { dir: string; inProgress: boolean; legacy: boolean; startedAt: number; batchSize: number },
): Promise<{ ids: RunIds; records: number }> {
  const organization = DEMO_ORGANIZATIONS.find((org) => org.orgId === sync.orgId)!;
  const ids: RunIds = { orgId: sync.orgId, syncId: sync.syncId, runId: runIdFor(sync, runIndex) };
  const random = demoRandom(Number(ids.runId));
  const writer = new SyncRunWriter({ storage, run: ids, generation: options.legacy ? 'legacy' : 'current' });
  const destination = organization.tables.destinations.find((row) => row.id === sync.destinationId)!;
  const source = organization.tables.sourceObjects.find((row) => row.id === sync.sourceObjectId)!;
  const metadataKey = await writer.writeMetadata({
    workspace_id: organization.workspaceId,
    source_type: source.type,
    source_id: source.id,
    destination_type: destination.type,
    destination_id: destination.id,
    destination_object_id: sync.destinationObjectId,
    sync_run_start_time: new Date(options.startedAt).toISOString(),
    record_payload_schema: sync.payloadSchema,
  });
  // Rejections drift upward run over run, so the newest run is the worst: "did it get worse?"
  const drift = sync.runs <= 1 ? 1 : 0.55 + (0.45 * runIndex) / (sync.runs - 1);
  const batches = generateRun(
    sync,
    population,
    {
      runIndex,
      rejectRate: options.inProgress ? sync.rejectRate * 1.15 : sync.rejectRate * drift,
      // The newest completed run brings a kind of error no earlier run had; it stays after it.
      newError: runIndex >= sync.runs - 1,
      invalidRate: 0.012 + random() * 0.01,
      startedAt: new Date(options.startedAt),
      batchSize: options.batchSize,
    },
    random,
  );
  let written = 0;
  let batchCount = 0;
  let landedAt = options.startedAt;
  for (const batch of batches) {
    // A run still in progress has landed only its first batches.
    if (options.inProgress && batchCount >= 3) break;
    const key = await writer.writeBatch(batch.batchType, batch.records, options.legacy ? { batchNumber: null } : {});
    landedAt = batch.records[0]!.batchEndedAt!.getTime();
    if (!options.inProgress) await landedAtTime(options.dir, key, landedAt);
    written += batch.records.length;
    batchCount++;
  }
  // A finished run's files carry the times they landed, as they would in a bucket; a run still being
  // written has files that landed just now (core tells such a run by that: RunInfo.inProgress).
  if (!options.inProgress) await landedAtTime(options.dir, metadataKey, options.startedAt);
  return { ids, records: written };
}

export async function buildDemoBucket(options: BuildDemoBucketOptions): Promise<DemoBucket> {
  const dir = resolve(options.dir);
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new InvalidArgumentError({ message: `scale must be a positive number, got ${scale}`, context: { argument: 'scale' } });
  }
  const marker = await readMarker(dir);
  if (!options.force && marker?.version === DEMO_VERSION && marker.scale === scale) {
    await keepWriting(dir, marker.runs);
    return { dir, runs: marker.runs, records: marker.records, bytes: marker.bytes, built: false };
  }
  await prepareFolder(dir, marker);
  const storage = createFsStorage({ root: dir });
  for (const organization of DEMO_ORGANIZATIONS) {
    await writeFactTables({ storage, orgId: organization.orgId, tables: organization.tables });
  }
  const plan = DEMO_SYNCS.flatMap((sync, syncIndex) => {
    const runs = Array.from({ length: sync.runs }, (_, runIndex) => ({
      sync,
      runIndex,
      inProgress: false,
      // The oldest run of the HubSpot sync predates 2025: one un-numbered file, legacy columns.
      legacy: sync.destination === 'hubspot' && runIndex === 0,
      startedAt: NEWEST_RUN_AT - (sync.runs - 1 - runIndex) * 6 * 3_600_000 + syncIndex * 600_000,
    }));
    // The first sync has a run that is still being written.
    if (syncIndex === 0) {
      runs.push({ sync, runIndex: sync.runs, inProgress: true, legacy: false, startedAt: NEWEST_RUN_AT + 6 * 3_600_000 });
    }
    return runs;
  });
  const runs: DemoRun[] = [];
  let records = 0;
  // One population per sync, moved on run by run in the plan's order.
  const populations = new Map<DemoSync, DemoPopulation>();
  for (const item of plan) {
    const perRun = Math.max(1, Math.round(item.sync.recordsPerRun * scale));
    let population = populations.get(item.sync);
    if (population === undefined) {
      population = new DemoPopulation(item.sync, perRun);
      populations.set(item.sync, population);
    }
    const batchSize = item.legacy ? perRun : Math.max(200, Math.round(10_000 * scale));
    const { ids, records: count } = await writeRun(storage, item.sync, item.runIndex, population, { dir, batchSize, ...item });
    const run: DemoRun = {
      ...ids,
      location: join(dir, runPrefix('', ids)),
      sync: item.sync.label,
      records: count,
      inProgress: item.inProgress,
    };
    runs.push(run);
    records += count;
    options.onProgress?.({ type: 'run', run, done: runs.length, total: plan.length });
  }
  const bytes = await folderBytes(dir);
  const written: Marker = { version: DEMO_VERSION, scale, runs, records, bytes };
  await writeFile(join(dir, MARKER), `${JSON.stringify(written, null, 2)}\n`);
  return { dir, runs, records, bytes, built: true };
}

/**
 * The run still being written keeps landing files while the demo is in use: a reused bucket's are
 * dated now again, so that core (which goes by when a run's newest file landed) still sees it so.
 */
async function keepWriting(dir: string, runs: DemoRun[]): Promise<void> {
  const now = new Date();
  for (const run of runs.filter((item) => item.inProgress)) {
    const folder = join(dir, runPrefix('', run));
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      if (entry.isFile()) await utimes(join(folder, entry.name), now, now);
    }
  }
}

async function landedAtTime(dir: string, key: string, at: number): Promise<void> {
  const time = new Date(at);
  await utimes(join(dir, key), time, time);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      total += (await stat(join(entry.parentPath, entry.name))).size;
    }
  }
  return total;
}
