// `npm run bench:scale`: the numbers behind docs/scale.md. Three parts, each optional
// (SCALE_PARTS=questions,index,listing):
//   questions  every question as a whole process (the built CLI, and DuckDB through bench/child.mjs)
//              on the default-shape runs of SCALE_SIZES (10m,100m): wall time, CPU seconds (user +
//              sys, all threads) and peak RSS, so records per CPU-second is the per-core rate;
//   index      `synctrack index` of those runs (time, CPU, RSS, bytes per million records) and
//              `find --index` (in-process after a warm-up, and as a process);
//   listing    a bucket of one sync with 1,000 tiny runs and one of 1,000 syncs with a run each:
//              client.listRuns / listSyncs, `synctrack runs` without and with `--cache` (cold and
//              warm), and the storage requests (LIST / GET / stat) each makes, for remote buckets;
//   remote     the same listings through the S3 adapter against the S3 test server (fauxqs).
// Writes bench/results/scale.json (BENCH_RESULTS elsewhere), with the machine's load at each step.
// Run it under `flock /tmp/bench.lock`; it needs packages/cli/dist (`npm run bench:scale` builds it).
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyncRunWriter, SyncTrackingClient, type StorageAdapter } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { ensureBenchRun, type BenchRun } from './generate-runs.js';
import { measureProcess, median, type ProcessRun } from './measure-process.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repository = join(here, '..');
const CLI_BIN = join(repository, 'packages/cli/dist/bin.js');
const dataDir = join(here, 'data');
const SIZES: Record<string, number> = { '10m': 10_000_000, '100m': 100_000_000 };
const list = (value: string) => value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
const sizes = list(process.env.SCALE_SIZES ?? '10m,100m');
const parts = new Set(list(process.env.SCALE_PARTS ?? 'questions,index,listing,remote'));
/** Whole-process samples per question: 3 below 100M, 1 at 100M (a 100M scan is 10–60 s) unless SCALE_SAMPLES says. */
const samplesFor = (records: number) => Number(process.env.SCALE_SAMPLES ?? (records >= 100_000_000 ? 1 : 3));
const resultsFile = process.env.BENCH_RESULTS ?? 'bench/results/scale.json';
if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`npm run bench:scale\`, which builds the CLI first`);
for (const size of sizes) if (SIZES[size] === undefined) throw new Error(`Unknown size ${size}: use ${Object.keys(SIZES).join(', ')}`);

const load = () => loadavg().map((value) => Number(value.toFixed(2)));
/** Medians of `count` samples (the peak RSS: the largest), with the load before the first. */
async function measure(args: string[], count: number) {
  const loadBefore = load();
  const samples: ProcessRun[] = [];
  for (let index = 0; index < count; index++) samples.push(await measureProcess(args));
  return {
    samples: count,
    ms: median(samples.map((sample) => sample.ms)),
    cpuSeconds: median(samples.map((sample) => sample.cpuSeconds)),
    userSeconds: median(samples.map((sample) => sample.userSeconds)),
    sysSeconds: median(samples.map((sample) => sample.sysSeconds)),
    peakRss: Math.max(...samples.map((sample) => sample.rss)),
    stdoutLines: samples[0]!.stdoutLines,
    load: loadBefore,
  };
}

const runArgs = (bench: BenchRun, runId = bench.run.runId) => [relative(repository, bench.root), '--org', bench.run.orgId, '--sync', bench.run.syncId, '--run', runId];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The CLI commands of bench/run.ts's process rows (same arguments), and the records each reads. */
function questions(bench: BenchRun, next: string | null): Array<{ question: string; cli: string[]; records: number }> {
  const rows = [
    { question: 'find', cli: ['find', ...runArgs(bench), bench.probeIdentifier], records: bench.records },
    { question: 'filter', cli: ['filter', ...runArgs(bench), '--status', 'rejected', '--columns', 'identifier,statusMessage'], records: bench.records },
    { question: 'summary', cli: ['summary', ...runArgs(bench)], records: bench.records },
    { question: 'errors', cli: ['errors', ...runArgs(bench)], records: bench.records },
    { question: 'sample', cli: ['sample', ...runArgs(bench), '--size', '100', '--seed', '7'], records: bench.records },
  ];
  if (next !== null) rows.push({ question: 'compare', cli: ['diff', ...runArgs(bench, next), '--base', bench.run.runId], records: 2 * bench.records });
  return rows.map((row) => ({ ...row, cli: [...row.cli, '--json'] }));
}

async function questionsPart(bench: BenchRun) {
  const nextId = `${bench.name}-next`;
  const hasNext = existsSync(join(bench.root, 'generated-next.json'));
  const benchFile = join(bench.root, 'bench-run.json');
  await writeFile(benchFile, JSON.stringify(hasNext ? { ...bench, next: { ...bench, name: nextId, run: { ...bench.run, runId: nextId } } } : bench));
  const count = samplesFor(bench.records);
  const rows = [];
  for (const { question, cli, records } of questions(bench, hasNext ? nextId : null)) {
    // One unmeasured run first, so that neither engine pays for reading the files into the page cache.
    await measureProcess([CLI_BIN, ...cli]);
    const synctrack = await measure([CLI_BIN, ...cli], count);
    const duckdb = await measure([join(here, 'child.mjs'), 'duckdb', question, benchFile], count);
    const rates = (sample: typeof synctrack) => ({
      recordsPerSecond: records / (sample.ms / 1000),
      recordsPerCpuSecond: records / sample.cpuSeconds,
      coresUsed: sample.cpuSeconds / (sample.ms / 1000),
    });
    const row = { question, records, command: `synctrack ${cli.join(' ')}`, synctrack: { ...synctrack, ...rates(synctrack) }, duckdb: { ...duckdb, ...rates(duckdb) } };
    rows.push(row);
    const line = (name: string, sample: typeof row.synctrack) =>
      `${name} ${seconds(sample.ms)} wall, ${sample.cpuSeconds.toFixed(2)} s CPU (${sample.coresUsed.toFixed(2)} cores), ` +
      `${(sample.recordsPerCpuSecond / 1e6).toFixed(2)}M records/CPU-s, ${mb(sample.peakRss)}`;
    console.log(`${bench.name.padEnd(9)} ${question.padEnd(8)} ${line('synctrack', row.synctrack)} | ${line('duckdb', row.duckdb)}  (load ${synctrack.load[0]})`);
  }
  return rows;
}

/** The index of a run in its own directory: `synctrack index` as a process, then find through it. */
async function indexPart(bench: BenchRun) {
  const directory = join(dataDir, 'scale-index', bench.name);
  await rm(directory, { recursive: true, force: true });
  const build = await measure([CLI_BIN, 'index', ...runArgs(bench), '--index-dir', relative(repository, directory), '--json'], 1);
  let indexBytes = 0;
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(folder, entry.name));
      else indexBytes += (await stat(join(folder, entry.name))).size;
    }
  };
  await walk(directory);
  const findArgs = ['find', ...runArgs(bench), bench.probeIdentifier, '--index-dir', relative(repository, directory), '--json'];
  const findProcess = await measure([CLI_BIN, ...findArgs], 5);
  // In-process, after a warm-up: what a long-lived caller (the viewer, an MCP server) pays per lookup.
  const client = new SyncTrackingClient({ storage: createFsStorage({ root: bench.root }), index: { directory } });
  if ((await client.find(bench.run, bench.probeIdentifier)).length !== findProcess.stdoutLines) throw new Error('indexed find: the process and the client disagree');
  const times: number[] = [];
  for (let index = 0; index < 9; index++) {
    const started = performance.now();
    await client.find(bench.run, bench.probeIdentifier);
    times.push(performance.now() - started);
  }
  await client.close();
  const result = {
    records: bench.records,
    buildCommand: `synctrack index ${runArgs(bench).join(' ')} --index-dir ${relative(repository, directory)}`,
    build,
    buildRecordsPerCpuSecond: bench.records / build.cpuSeconds,
    indexBytes,
    indexBytesPerMillionRecords: indexBytes / (bench.records / 1e6),
    findCommand: `synctrack ${findArgs.join(' ')}`,
    findProcess,
    findInProcessMs: median(times),
  };
  console.log(
    `${bench.name.padEnd(9)} index    built in ${seconds(build.ms)} (${build.cpuSeconds.toFixed(1)} s CPU, ${mb(build.peakRss)}); ${mb(indexBytes)} = ` +
      `${mb(result.indexBytesPerMillionRecords)} per million records; find --index ${findProcess.ms.toFixed(0)} ms as a process, ${result.findInProcessMs.toFixed(1)} ms in-process`,
  );
  return result;
}

// ── Listing ──────────────────────────────────────────────────────────────

const TINY_RUN_RECORDS = 5;
const LISTING_VERSION = 1;

/** A bucket of `syncs` syncs × `runs` runs of a few records each, written once with the repository's writer. */
async function ensureListingBucket(name: string, syncs: number, runs: number): Promise<string> {
  const root = join(dataDir, name);
  const marker = join(root, 'generated.json');
  if (existsSync(marker) && JSON.parse(await readFile(marker, 'utf8')).version === LISTING_VERSION) return root;
  await rm(root, { recursive: true, force: true });
  const storage = createFsStorage({ root });
  const started = Date.UTC(2026, 0, 1);
  for (let sync = 0; sync < syncs; sync++) {
    for (let run = 0; run < runs; run++) {
      const at = new Date(started + (sync * runs + run) * 3_600_000);
      const writer = new SyncRunWriter({ storage, run: { orgId: '1', syncId: String(100 + sync), runId: String(1_000_000 + run) } });
      await writer.writeMetadata({ sync_run_start_time: at.toISOString() });
      await writer.writeBatch(
        'records_updated',
        Array.from({ length: TINY_RUN_RECORDS }, (_, index) => ({
          identifier: `${run}-${index}`,
          payload: { email: `user${index}@example.com` },
          operation: 'upsert',
          status: index === 0 ? 'rejected' : 'succeeded',
          statusMessage: index === 0 ? 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]' : null,
          batchStartedAt: at,
          batchEndedAt: at,
        })),
      );
    }
    process.stderr.write(`\r  ${name}: ${sync + 1} of ${syncs} syncs written`);
  }
  process.stderr.write('\n');
  await writeFile(marker, JSON.stringify({ version: LISTING_VERSION, syncs, runs, recordsPerRun: TINY_RUN_RECORDS }));
  return root;
}

/** Counts the adapter's calls by kind: a LIST page, a GET (whole or ranged), a stat (HEAD). */
function countingStorage(storage: StorageAdapter) {
  // listed: objects and prefixes the pages returned; S3 returns at most 1,000 a page, so a remote
  // listing takes max(list, ceil(listed / 1000)) LIST requests where this adapter took `list` pages.
  const counts = { list: 0, listed: 0, read: 0, stat: 0 };
  const counted = Object.create(storage) as StorageAdapter;
  counted.list = async (prefix, options) => {
    counts.list++;
    const page = await storage.list(prefix, options);
    counts.listed += page.objects.length + page.prefixes.length;
    return page;
  };
  counted.read = (key, options) => (counts.read++, storage.read(key, options));
  counted.stat = (key, options) => (counts.stat++, storage.stat(key, options));
  return { storage: counted, counts };
}

async function timeInProcess(run: () => Promise<unknown>, count = 5): Promise<number> {
  await run();
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const LISTING_BUCKETS = [
  { name: 'scale-runs-1000', syncs: 1, runs: 1000, unit: 'runs' },
  { name: 'scale-syncs-1000', syncs: 1000, runs: 1, unit: 'syncs' },
];

/** What a listing of a bucket asks: listSyncs, then listRuns of each sync, with a fresh client (nothing remembered). */
async function listEverything(storage: StorageAdapter): Promise<number> {
  const client = new SyncTrackingClient({ storage });
  let runs = 0;
  for (const syncId of await client.listSyncs({ orgId: '1' })) runs += (await client.listRuns({ orgId: '1', syncId })).length;
  await client.close();
  return runs;
}

/** syncHistory of each sync (what `synctrack runs` asks), with a fresh client; with `directory`, its cache on disk there. */
async function history(storage: StorageAdapter, syncs: number, directory?: string): Promise<void> {
  const client = new SyncTrackingClient({ storage, ...(directory === undefined ? {} : { index: { directory } }) });
  for (let sync = 0; sync < syncs; sync++) await client.syncHistory({ orgId: '1', syncId: String(100 + sync) }, { topErrors: 0 });
  await client.close();
}

async function listingPart() {
  const results = [];
  for (const bucket of LISTING_BUCKETS) {
    const root = await ensureListingBucket(bucket.name, bucket.syncs, bucket.runs);
    const location = relative(repository, root);
    const listRunsMs = await timeInProcess(() => listEverything(createFsStorage({ root })));
    const listing = countingStorage(createFsStorage({ root }));
    const listedRuns = await listEverything(listing.storage);
    const uncached = countingStorage(createFsStorage({ root }));
    await history(uncached.storage, bucket.syncs);
    const cacheDirectory = join(tmpdir(), `synctrack-scale-cache-${process.pid}`);
    await rm(cacheDirectory, { recursive: true, force: true });
    const cold = countingStorage(createFsStorage({ root }));
    await history(cold.storage, bucket.syncs, cacheDirectory);
    const warm = countingStorage(createFsStorage({ root }));
    await history(warm.storage, bucket.syncs, cacheDirectory);
    await rm(cacheDirectory, { recursive: true, force: true });
    // The CLI: `runs` without a cache (every run counted), with --cache cold (an empty directory) and warm.
    const runsArgs = ['runs', location, '--org', '1', ...(bucket.syncs === 1 ? ['--sync', '100'] : []), '--json'];
    const cliDirectory = relative(repository, join(dataDir, 'scale-cache', bucket.name));
    const runsPlain = await measure([CLI_BIN, ...runsArgs], 3);
    const coldSamples = [];
    for (let index = 0; index < 3; index++) {
      await rm(join(repository, cliDirectory), { recursive: true, force: true });
      coldSamples.push(await measure([CLI_BIN, ...runsArgs, '--index-dir', cliDirectory], 1));
    }
    const runsCold = { ...coldSamples[0]!, samples: 3, ms: median(coldSamples.map((sample) => sample.ms)), cpuSeconds: median(coldSamples.map((sample) => sample.cpuSeconds)) };
    const runsWarm = await measure([CLI_BIN, ...runsArgs, '--index-dir', cliDirectory], 3);
    if (runsPlain.stdoutLines !== listedRuns || runsWarm.stdoutLines !== listedRuns) throw new Error(`${bucket.name}: runs printed ${runsPlain.stdoutLines} lines for ${listedRuns} runs`);
    const result = {
      bucket: location,
      syncs: bucket.syncs,
      runsPerSync: bucket.runs,
      recordsPerRun: TINY_RUN_RECORDS,
      runs: listedRuns,
      load: load(),
      inProcess: {
        what: 'listSyncs, then listRuns of each sync, with a fresh client (median of 5 after a warm-up)',
        listRunsMs,
        requests: listing.counts,
        syncHistoryRequests: { uncached: uncached.counts, cacheCold: cold.counts, cacheWarm: warm.counts },
      },
      cli: {
        command: `synctrack ${runsArgs.join(' ')}`,
        uncached: runsPlain,
        cacheCold: { command: `synctrack ${runsArgs.join(' ')} --index-dir ${cliDirectory} (directory emptied first)`, ...runsCold },
        cacheWarm: { command: `synctrack ${runsArgs.join(' ')} --index-dir ${cliDirectory}`, ...runsWarm },
      },
    };
    results.push(result);
    console.log(
      `${bucket.name}: listRuns ${listRunsMs.toFixed(0)} ms per 1,000 ${bucket.unit} (${JSON.stringify(listing.counts)}); ` +
        `runs ${runsPlain.ms.toFixed(0)} ms, --cache cold ${runsCold.ms.toFixed(0)} ms, warm ${runsWarm.ms.toFixed(0)} ms; ` +
        `history requests uncached ${JSON.stringify(uncached.counts)}, cold ${JSON.stringify(cold.counts)}, warm ${JSON.stringify(warm.counts)}`,
    );
  }
  return results;
}

/**
 * The same listings against the S3 test server (fauxqs 1.9.2, in memory, on 127.0.0.1): each
 * request's cost in the SDK, HTTP and the server, without a network's round trip. The buckets are
 * copied up first (not timed).
 */
async function remotePart() {
  const { startFauxqs } = await import('../scripts/test-servers/fauxqs-server.js');
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const { S3Storage } = await import('@synctrack/storage-s3');
  const server = await startFauxqs();
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const results = [];
  try {
    const admin = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: 'synctrack-scale' }));
    admin.destroy();
    for (const bucket of LISTING_BUCKETS) {
      const root = await ensureListingBucket(bucket.name, bucket.syncs, bucket.runs);
      const s3 = () => new S3Storage({ bucket: 'synctrack-scale', prefix: bucket.name, endpoint: server.url, region: 'us-east-1', credentials });
      const upload = s3();
      const keys = (await readdir(root, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && entry.name !== 'generated.json')
        .map((entry) => relative(root, join(entry.parentPath, entry.name)));
      for (let at = 0; at < keys.length; at += 32) {
        await Promise.all(keys.slice(at, at + 32).map(async (key) => upload.write(key, await readFile(join(root, key)))));
      }
      await upload.close();
      const listRunsMs = await timeInProcess(async () => {
        const storage = s3();
        await listEverything(storage);
        await storage.close();
      }, 3);
      const counted = countingStorage(s3());
      await listEverything(counted.storage);
      const cacheDirectory = join(tmpdir(), `synctrack-scale-s3-cache-${process.pid}`);
      await rm(cacheDirectory, { recursive: true, force: true });
      const timed = async (directory?: string) => {
        const storage = s3();
        const started = performance.now();
        await history(storage, bucket.syncs, directory);
        const ms = performance.now() - started;
        await storage.close();
        return ms;
      };
      const historyUncachedMs = await timed();
      const historyCacheColdMs = await timed(cacheDirectory);
      const historyCacheWarmMs = await timed(cacheDirectory);
      await rm(cacheDirectory, { recursive: true, force: true });
      const requests = counted.counts.list + counted.counts.read + counted.counts.stat;
      const result = {
        bucket: `s3://synctrack-scale/${bucket.name} on fauxqs 1.9.2 (127.0.0.1)`,
        runs: bucket.syncs * bucket.runs,
        load: load(),
        listRunsMs,
        requests: counted.counts,
        msPerRequest: listRunsMs / requests,
        syncHistory: { uncachedMs: historyUncachedMs, cacheColdMs: historyCacheColdMs, cacheWarmMs: historyCacheWarmMs },
      };
      results.push(result);
      console.log(
        `s3 ${bucket.name}: listRuns ${listRunsMs.toFixed(0)} ms (${requests} requests, ${result.msPerRequest.toFixed(2)} ms each at 8 in flight); ` +
          `history uncached ${historyUncachedMs.toFixed(0)} ms, cache cold ${historyCacheColdMs.toFixed(0)} ms, warm ${historyCacheWarmMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

console.log(`synctrack at scale · ${cpus()[0]?.model ?? 'cpu'} · ${availableParallelism()} cores · ${mb(totalmem())} · load ${load().join(' ')}`);
const output: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), memory: totalmem(), node: process.version, loadAtStart: load() },
  method: {
    perCore: 'records / (user + sys CPU seconds of the whole process, all threads), from /proc/self/stat cutime+cstime of the waited-for child',
    samplesPerQuestion: Object.fromEntries(sizes.map((size) => [size, samplesFor(SIZES[size]!)])),
    peakRss: 'VmHWM at exit (bench/report-rss.cjs)',
  },
};
const benches = [];
for (const size of sizes) benches.push(await ensureBenchRun(dataDir, 'default', size, SIZES[size]!));
if (parts.has('questions')) {
  output.questions = {};
  for (const bench of benches) (output.questions as Record<string, unknown>)[bench.name] = await questionsPart(bench);
}
if (parts.has('index')) {
  output.index = {};
  for (const bench of benches) (output.index as Record<string, unknown>)[bench.name] = await indexPart(bench);
}
if (parts.has('listing')) output.listing = await listingPart();
if (parts.has('remote')) output.remote = await remotePart();
(output.machine as Record<string, unknown>).loadAtEnd = load();
const resultsPath = resolve(repository, resultsFile);
await mkdir(dirname(resultsPath), { recursive: true });
await writeFile(resultsPath, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwrote ${resultsFile}`);
process.exit(0);
