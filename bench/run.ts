// `npm run bench`: synctrack against DuckDB on the same DuckDB-written runs, in the same process
// (alternating, median after a warm-up) and as whole processes (the built `synctrack` CLI against a
// DuckDB script), with peak RSS and bytes read. Prints a table of ratios and writes
// bench/results/latest.json.
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyncTrackingClient } from '@synctrack/core';
import { readParquetFooter, type ParquetFooter } from '@synctrack/core/internal';
import { createFsStorage } from '@synctrack/storage-fs';
import { BENCH_SHAPES, ensureBenchRun, ensureNextRun, type BenchRun, type BenchShape } from './generate-runs.js';
import { measureProcess, median, type ProcessRun } from './measure-process.js';
// @ts-expect-error plain ESM module shared with the child processes
import { OPERATIONS, duckdbEngine, synctrackEngine } from './operations.mjs';

type Operation = 'find' | 'filter' | 'summary' | 'errors' | 'sample' | 'compare';
interface Engine {
  [operation: string]: unknown;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const repository = join(here, '..');
const CLI_BIN = join(repository, 'packages/cli/dist/bin.js');
/** 100m (~11 GB, ~12 minutes to write) only when BENCH_SIZES names it: docs/scale.md's runs. */
const SIZES: Record<string, number> = { '2m': 2_000_000, '10m': 10_000_000, '100m': 100_000_000 };
const list = (value: string) => value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
const sizes = list(process.env.BENCH_SIZES ?? '2m,10m');
const shapes = list(process.env.BENCH_SHAPES ?? BENCH_SHAPES.join(',')) as BenchShape[];
for (const shape of shapes) {
  if (!(BENCH_SHAPES as readonly string[]).includes(shape)) throw new Error(`Unknown shape ${shape}: use ${BENCH_SHAPES.join(', ')}`);
}
/** The other shapes are benchmarked at 2M only (each ~2 minutes). */
const SHAPE_SIZES: Record<BenchShape, string[]> = { default: ['2m', '10m', '100m'], 'messages-36': ['2m'], 'messages-10k': ['2m'], 'payload-12': ['2m'] };
const operations = list(process.env.BENCH_OPERATIONS ?? (OPERATIONS as Operation[]).join(',')) as Operation[];
/**
 * BENCH_SAMPLES=N sets both repetitions to N, below the floor of 5 in-process runs: one sample of
 * each at 100M (as docs/scale.md says) instead of ~40 minutes of repeats.
 */
const samples = process.env.BENCH_SAMPLES === undefined ? undefined : Math.max(1, Number(process.env.BENCH_SAMPLES));
const iterations = samples ?? Math.max(5, Number(process.env.BENCH_ITERATIONS ?? 5));
const processIterations = samples ?? Math.max(1, Number(process.env.BENCH_PROCESS_ITERATIONS ?? 5));
/**
 * Past those floors, the alternating runs of a question go on while both engines' runs together
 * took under this many milliseconds, up to MAX_RUNS each: a question of 50 ms gets ~40 runs a side
 * and one of 2 s the floor. On this shared 2-core machine a median of 5 moved by ±15% from one run
 * of the bench to the next on questions of 50 ms; BENCH_SAMPLES turns the extra runs off.
 */
const inProcessBudgetMs = samples === undefined ? Number(process.env.BENCH_IN_PROCESS_MS ?? 4000) : 0;
const processBudgetMs = samples === undefined ? Number(process.env.BENCH_PROCESS_MS ?? 8000) : 0;
const MAX_RUNS = 41;
const MAX_PROCESS_RUNS = 15;
/** Untimed calls of each engine before the timed ones, when a call takes under a second. */
const WARM_UP_CALLS = 3;
/** Relative to the repository unless absolute. */
const resultsFile = process.env.BENCH_RESULTS ?? 'bench/results/latest.json';
for (const operation of operations) {
  if (!(OPERATIONS as string[]).includes(operation)) throw new Error(`Unknown operation ${operation}: use ${(OPERATIONS as string[]).join(', ')}`);
}
if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`npm run bench\`, which builds the CLI first`);

/** Targets from the performance issue: synctrack / DuckDB. */
const TARGETS: Record<Operation, number> = { find: 1.0, filter: 0.8, summary: 1.5, errors: 1.5, sample: 1.2, compare: 1.0 };
/**
 * compare needs the next run of the sync: written for the default shape at 2M, and at the sizes
 * BENCH_COMPARE_SIZES names (say 2m,10m; each next run is as large as its base).
 */
const COMPARE_RUNS = new Set(list(process.env.BENCH_COMPARE_SIZES ?? '2m').map((size) => `run-${size}`));
const RSS_LIMIT = 300 * 1024 * 1024;
/** compare reads two runs: issue 18 allows 500 MB for two runs of 10M records. */
const RSS_LIMITS: Partial<Record<Operation, number>> = { compare: 500 * 1024 * 1024 };
const rssLimit = (operation: Operation) => RSS_LIMITS[operation] ?? RSS_LIMIT;

async function readChars(): Promise<number> {
  const io = await readFile('/proc/self/io', 'utf8');
  return Number(/rchar:\s*(\d+)/.exec(io)?.[1] ?? 0);
}

async function timeOne(run: () => Promise<unknown>): Promise<{ ms: number; rchar: number }> {
  const before = await readChars();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  return { ms, rchar: (await readChars()) - before };
}

/**
 * Runs `st` and `dk` alternately (each pair in the other order than the last): at least `floor`
 * times each, then on while all the runs so far took under `budgetMs`, up to `max` each.
 */
async function alternately(st: () => Promise<void>, dk: () => Promise<void>, floor: number, budgetMs: number, max: number): Promise<number> {
  const started = performance.now();
  let runs = 0;
  while (runs < max && (runs < floor || performance.now() - started < budgetMs)) {
    for (const run of runs % 2 === 0 ? [st, dk] : [dk, st]) await run();
    runs++;
  }
  return runs;
}

/** The engines' first answers (compared by the caller), then more untimed calls of each when one is quick. */
async function warmUp(st: () => Promise<number>, dk: () => Promise<number>): Promise<[number, number]> {
  const started = performance.now();
  const answers: [number, number] = [await st(), await dk()];
  if (performance.now() - started < 1000) {
    for (let call = 1; call < WARM_UP_CALLS; call++) {
      await st();
      await dk();
    }
  }
  return answers;
}

/**
 * The `synctrack` command that answers what operations.mjs's in-process operation asks, on one run,
 * with JSON (Lines) on stdout. The location is relative to the repository, so results read the same
 * on every machine.
 */
function cliArguments(operation: Operation, bench: BenchRun & { next?: BenchRun }): string[] {
  const run = [relative(repository, bench.root), '--org', bench.run.orgId, '--sync', bench.run.syncId, '--run', bench.run.runId];
  const next = bench.next === undefined ? [] : [relative(repository, bench.root), '--org', bench.run.orgId, '--sync', bench.run.syncId, '--run', bench.next.run.runId];
  const commands: Record<Operation, string[]> = {
    find: ['find', ...run, bench.probeIdentifier],
    filter: ['filter', ...run, '--status', 'rejected', '--columns', 'identifier,statusMessage'],
    summary: ['summary', ...run],
    errors: ['errors', ...run],
    sample: ['sample', ...run, '--size', '100', '--seed', '7'],
    compare: ['diff', ...next, '--base', bench.run.runId],
  };
  return [...commands[operation], '--json'];
}

/** One operation as a whole process: the CLI for synctrack, bench/child.mjs for DuckDB. */
function wholeProcess(engine: 'synctrack' | 'duckdb', operation: Operation, bench: BenchRun, benchFile: string): Promise<ProcessRun> {
  return measureProcess(engine === 'synctrack' ? [CLI_BIN, ...cliArguments(operation, bench)] : [join(here, 'child.mjs'), engine, operation, benchFile]);
}

/** Bytes of the column chunks an operation needs, from the footers: what an ideal reader fetches. */
function projectedBytes(footers: ParquetFooter[], columns: string[], rowGroups?: Set<string>): number {
  let total = 0;
  for (const footer of footers) {
    footer.rowGroups.forEach((group, index) => {
      if (rowGroups && !rowGroups.has(`${footer.key}#${index}`)) return;
      for (const column of columns) for (const span of group.columnSpans.get(column) ?? []) total += span.end - span.start;
    });
  }
  return total;
}

async function benchOne(bench: BenchRun & { next?: BenchRun }) {
  const benchFile = join(bench.root, 'bench-run.json');
  await writeFile(benchFile, JSON.stringify(bench));
  const storage = createFsStorage({ root: bench.root });
  const listing = (await storage.list(`sync_tracking_datasets/1/100/${bench.run.runId}/`)).objects.filter((object) => object.key.endsWith('.parquet'));
  const footers = await Promise.all(listing.map((object) => readParquetFooter(storage, object.key, { size: object.size })));
  const allColumns = footers[0]!.columnNames;
  const synctrack = synctrackEngine(bench) as Engine & { counter: { bytes: number } };
  const duckdb = (await duckdbEngine(bench)) as Engine & { close(): void };
  const rows = [];
  for (const operation of operations) {
    if (operation === 'compare' && bench.next === undefined) continue;
    const st = synctrack[operation] as () => Promise<number>;
    const dk = duckdb[operation] as () => Promise<number>;
    const [stWarm, dkWarm] = await warmUp(st, dk);
    if (operation !== 'sample' && stWarm !== dkWarm) {
      throw new Error(`${operation}: synctrack answered ${stWarm} but DuckDB ${dkWarm}`);
    }
    const stTimes: number[] = [];
    const dkTimes: number[] = [];
    const stBytes: number[] = [];
    const dkChars: number[] = [];
    const inProcessRuns = await alternately(
      async () => {
        const bytesBefore = synctrack.counter.bytes;
        stTimes.push((await timeOne(st)).ms);
        stBytes.push(synctrack.counter.bytes - bytesBefore);
      },
      async () => {
        const measured = await timeOne(dk);
        dkTimes.push(measured.ms);
        dkChars.push(measured.rchar);
      },
      iterations,
      inProcessBudgetMs,
      MAX_RUNS,
    );
    const stProcess: ProcessRun[] = [];
    const dkProcess: ProcessRun[] = [];
    // The CLI prints one JSON line per record for find, filter and sample, and one JSON document otherwise.
    const expectedLines = operation === 'summary' || operation === 'errors' || operation === 'compare' ? 1 : stWarm;
    const processRuns = await alternately(
      async () => {
        const cli = await wholeProcess('synctrack', operation, bench, benchFile);
        if (cli.stdoutLines !== expectedLines) {
          throw new Error(`synctrack ${cliArguments(operation, bench).join(' ')} printed ${cli.stdoutLines} lines, expected ${expectedLines}`);
        }
        stProcess.push(cli);
      },
      async () => {
        dkProcess.push(await wholeProcess('duckdb', operation, bench, benchFile));
      },
      processIterations,
      processBudgetMs,
      MAX_PROCESS_RUNS,
    );
    const columnsFor: Record<Operation, string[]> = {
      find: ['identifier'],
      filter: ['status', 'identifier', 'status_message'],
      summary: ['status', 'operation', 'batch_started_at', 'batch_ended_at'],
      errors: ['status', 'status_message', 'identifier'],
      sample: ['status'],
      compare: ['identifier', 'status', 'status_message'],
    };
    let projected = projectedBytes(footers, columnsFor[operation]);
    if (operation === 'compare') {
      // Both runs are read.
      const nextListing = (await storage.list(`sync_tracking_datasets/1/100/${bench.next!.run.runId}/`)).objects.filter((object) => object.key.endsWith('.parquet'));
      const nextFooters = await Promise.all(nextListing.map((object) => readParquetFooter(storage, object.key, { size: object.size })));
      projected += projectedBytes(nextFooters, columnsFor[operation]);
    }
    if (operation === 'find' || operation === 'sample') {
      // Plus every column of the row groups that hold the answers.
      const client = new SyncTrackingClient({ storage });
      const records =
        operation === 'find' ? await client.find(bench.run, bench.probeIdentifier) : await client.sample(bench.run, { size: 100, seed: 7 });
      const hits = new Set<string>();
      for (const record of records) {
        const footer = footers.find((candidate) => candidate.key.endsWith(`/${record.origin.file}`))!;
        const group = footer.rowGroups.findIndex((candidate) => record.origin.rowIndex < candidate.firstRow + candidate.numRows);
        hits.add(`${footer.key}#${group}`);
      }
      projected = (operation === 'sample' ? 0 : projected) + projectedBytes(footers, allColumns, hits);
    }
    const row = {
      operation,
      inProcess: { runs: inProcessRuns, synctrackMs: median(stTimes), duckdbMs: median(dkTimes), ratio: median(stTimes) / median(dkTimes) },
      wholeProcess: {
        runs: processRuns,
        synctrackCommand: `synctrack ${cliArguments(operation, bench).join(' ')}`,
        synctrackStdoutBytes: stProcess[0]!.stdoutBytes,
        synctrackMs: median(stProcess.map((run) => run.ms)),
        duckdbMs: median(dkProcess.map((run) => run.ms)),
        ratio: median(stProcess.map((run) => run.ms)) / median(dkProcess.map((run) => run.ms)),
      },
      peakRss: { synctrack: Math.max(...stProcess.map((run) => run.rss)), duckdb: Math.max(...dkProcess.map((run) => run.rss)) },
      bytesRead: { synctrack: median(stBytes), duckdbRchar: median(dkChars), projected, overProjected: median(stBytes) / projected - 1 },
      target: TARGETS[operation],
    };
    rows.push(row);
    printRow(bench.name, row);
  }
  const indexedFind = await benchIndexedFind(bench, duckdb, rows.find((row) => row.operation === 'find')?.inProcess.duckdbMs);
  const absentFind = operations.includes('find') ? await benchAbsentFind(bench, synctrack, duckdb) : null;
  duckdb.close();
  return { run: bench.name, records: bench.records, files: footers.length, bytes: listing.reduce((sum, object) => sum + object.size, 0), rows, indexedFind, absentFind };
}

/**
 * `find` of an identifier the run does not hold (ABSENT_IDENTIFIER), in-process, alternating with
 * DuckDB, median after a warm-up: both engines may skip row groups by their identifier statistics
 * (`footer-statistics`; `SYNCTRACK_FAST_PATHS=-footer-statistics` reads them all).
 */
async function benchAbsentFind(bench: BenchRun, synctrack: Engine, duckdb: Engine) {
  const st = synctrack.findAbsent as () => Promise<number>;
  const dk = duckdb.findAbsent as () => Promise<number>;
  const [stWarm, dkWarm] = await warmUp(st, dk);
  if (stWarm !== dkWarm) throw new Error(`find of an absent identifier: synctrack answered ${stWarm} but DuckDB ${dkWarm}`);
  const stTimes: number[] = [];
  const dkTimes: number[] = [];
  await alternately(
    async () => void stTimes.push((await timeOne(st)).ms),
    async () => void dkTimes.push((await timeOne(dk)).ms),
    iterations,
    inProcessBudgetMs,
    MAX_RUNS,
  );
  const result = { synctrackMs: median(stTimes), duckdbMs: median(dkTimes), ratio: median(stTimes) / median(dkTimes), target: TARGETS.find };
  console.log(
    `${bench.name.padEnd(NAME_WIDTH)}  find, absent identifier: ${result.synctrackMs.toFixed(1)} / ${result.duckdbMs.toFixed(1)} ms, ` +
      `${result.ratio.toFixed(2)}× ${result.ratio <= result.target ? 'ok' : 'MISS'} (target ≤${result.target.toFixed(1)}×)`,
  );
  return result;
}

/** Under this, an indexed find meets the issue (item 4: "under 20 ms on an indexed 10M-record run"). */
const INDEXED_FIND_TARGET_MS = 20;

/**
 * `find` through the local index: built once per run (timed, kept in bench/data/index), then the
 * same probe as the find row, median of `iterations` after a warm-up, against DuckDB's find.
 */
async function benchIndexedFind(bench: BenchRun, duckdb: Engine, duckdbFindMs?: number) {
  const directory = join(here, 'data', 'index');
  const client = new SyncTrackingClient({ storage: createFsStorage({ root: bench.root }), index: { directory } });
  const started = performance.now();
  const stats = await client.buildIndex(bench.run, { directory });
  const buildMs = performance.now() - started;
  const find = async () => (await client.find(bench.run, bench.probeIdentifier)).length;
  const expected = await (duckdb.find as () => Promise<number>)();
  const warm = await find();
  if (warm !== expected) throw new Error(`indexed find: synctrack answered ${warm} but DuckDB ${expected}`);
  const times: number[] = [];
  for (let iteration = 0; iteration < Math.max(iterations, 9); iteration++) times.push((await timeOne(find)).ms);
  const findMs = median(times);
  const result = {
    buildMs,
    indexBytes: (await stat(stats.path)).size,
    findMs,
    duckdbFindMs: duckdbFindMs ?? null,
    ratio: duckdbFindMs === undefined ? null : findMs / duckdbFindMs,
    targetMs: INDEXED_FIND_TARGET_MS,
  };
  console.log(
    `${bench.name.padEnd(NAME_WIDTH)}  find, indexed: ${findMs.toFixed(1)} ms ${findMs < INDEXED_FIND_TARGET_MS ? 'ok ' : 'MISS'} (target < ${INDEXED_FIND_TARGET_MS} ms` +
      `${result.ratio === null ? '' : `; ${result.ratio.toFixed(2)}× DuckDB's scan`}); index built in ${(buildMs / 1000).toFixed(1)} s, ${mb(result.indexBytes)}`,
  );
  return result;
}

/** Room for the longest run name, run-10m-messages-10k. */
const NAME_WIDTH = 20;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
function printRow(name: string, row: Awaited<ReturnType<typeof benchOne>>['rows'][number]) {
  const verdict = (ratio: number) => (ratio <= row.target ? 'ok ' : 'MISS');
  console.log(
    [
      name.padEnd(NAME_WIDTH),
      row.operation.padEnd(8),
      `${row.inProcess.synctrackMs.toFixed(0).padStart(6)} ms`,
      `${row.inProcess.duckdbMs.toFixed(0).padStart(6)} ms`,
      `${row.inProcess.ratio.toFixed(2).padStart(5)}× ${verdict(row.inProcess.ratio)}`,
      `${row.wholeProcess.synctrackMs.toFixed(0).padStart(6)} ms`,
      `${row.wholeProcess.duckdbMs.toFixed(0).padStart(6)} ms`,
      `${row.wholeProcess.ratio.toFixed(2).padStart(5)}× ${verdict(row.wholeProcess.ratio)}`,
      `≤${row.target.toFixed(1)}×`,
      `${mb(row.peakRss.synctrack).padStart(7)} ${row.peakRss.synctrack <= rssLimit(row.operation as Operation) ? 'ok ' : 'MISS'}`,
      mb(row.peakRss.duckdb).padStart(7),
      `${mb(row.bytesRead.synctrack).padStart(7)} (${(100 * row.bytesRead.overProjected).toFixed(1)}% over projected)`,
    ].join('  '),
  );
}

console.log(`synctrack vs DuckDB (2 threads) · ${cpus()[0]?.model ?? 'cpu'} · ${availableParallelism()} cores · ${mb(totalmem())}`);
console.log(
  `medians of alternating in-process runs after a warm-up (at least ${iterations} each, more while under ${inProcessBudgetMs / 1000} s, up to ${MAX_RUNS}); ` +
    `of whole-process runs (the synctrack CLI, a DuckDB script: at least ${processIterations} each, more while under ${processBudgetMs / 1000} s, up to ${MAX_PROCESS_RUNS})\n`,
);
console.log(
  ['run'.padEnd(NAME_WIDTH), 'op'.padEnd(8), 'synctrack', '   duckdb', '   ratio', ' proc st', ' proc dk', '   ratio', 'target', 'peak RSS st', 'RSS dk', 'bytes read st'].join('  '),
);
const dataDir = join(here, 'data');
await mkdir(dataDir, { recursive: true });
/** The machine's 1/5/15-minute load when the runs start and end: a busy machine's times are not comparable. */
const loadAtStart = loadavg();
const results = [];
for (const size of sizes) {
  if (SIZES[size] === undefined) throw new Error(`Unknown size ${size}: use ${Object.keys(SIZES).join(', ')}`);
}
for (const shape of shapes) {
  for (const size of sizes.filter((candidate) => SHAPE_SIZES[shape].includes(candidate))) {
    const bench: BenchRun & { next?: BenchRun } = await ensureBenchRun(dataDir, shape, size, SIZES[size]!);
    if (operations.includes('compare') && COMPARE_RUNS.has(bench.name)) bench.next = await ensureNextRun(dataDir, bench);
    results.push({ shape, ...(await benchOne(bench)) });
  }
}
const output = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), memory: totalmem(), node: process.version, loadAverage: { start: loadAtStart, end: loadavg() } },
  method: { shapes, iterations, processIterations, inProcessBudgetMs, processBudgetMs, maxRuns: MAX_RUNS, maxProcessRuns: MAX_PROCESS_RUNS, warmUpCalls: WARM_UP_CALLS, wholeProcess: 'synctrack CLI (packages/cli/dist/bin.js) vs bench/child.mjs duckdb', duckdbThreads: 2, rssLimit: RSS_LIMIT, rssLimits: RSS_LIMITS },
  targets: TARGETS,
  results,
};
const resultsPath = resolve(repository, resultsFile);
await mkdir(dirname(resultsPath), { recursive: true });
await writeFile(resultsPath, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwrote ${resultsFile}`);
process.exit(0);
