// `npm run bench:fast-paths`: what each fast path of the reader gains. Every benchmarked operation
// on the 2M-record bench run (or another 2M shape of the bench's), with all fast paths on and with each one off
// (SYNCTRACK_FAST_PATHS=-name, packages/core/src/parquet/fast-paths.ts), in-process after a
// warm-up, each setting in a fresh process (bench/fast-paths-child.mjs) so its decode workers
// start with it. Settings take turns in rounds, so a busy machine slows them alike; a path's gain
// on an operation is the median of its times off over the median with all on, over all rounds
// (and, less moved by a busy machine, the same of the fastest times). DuckDB is a setting of its
// own, measured alike. Paths that stand in for each other are also switched off together
// (`GROUPS`; the identifier search and a byte prefilter of identifier pages were, until the
// prefilter went).
// Prints the table and writes bench/results/fast-paths.json.
//   BENCH_FAST_PATHS_ROUNDS (5), BENCH_FAST_PATHS_ITERATIONS (3 per round), BENCH_FAST_PATHS
//   (which paths, all by default; `a+b` switches two off together), BENCH_OPERATIONS
//   (find,filter,filter-lines,summary,errors,sample), BENCH_FAST_PATHS_SHAPE (default; or
//   messages-36, messages-10k, payload-12: the run's shape, as in bench/generate-runs.ts).
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAST_PATH_NAMES, FAST_PATHS, FAST_PATHS_VARIABLE } from '../packages/core/src/parquet/fast-paths.js';
import { BENCH_SHAPES, ensureBenchRun, type BenchShape } from './generate-runs.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repository = join(here, '..');
const list = (value: string | undefined, all: readonly string[]) =>
  value === undefined ? [...all] : value.split(',').map((item) => item.trim()).filter((item) => item !== '');
/** The bench's operations, and `filter-lines`: its filter as the CLI's `filter --json` runs it (JSON Lines written in the workers). */
const OPERATIONS = ['find', 'filter', 'filter-lines', 'summary', 'errors', 'sample'];
const operations = list(process.env.BENCH_OPERATIONS, OPERATIONS);
/** Paths that stand in for each other, also switched off together. */
const GROUPS = ([] as string[]).filter((group) => group.split('+').every((path) => (FAST_PATH_NAMES as string[]).includes(path)));
const paths = list(process.env.BENCH_FAST_PATHS, [...FAST_PATH_NAMES, ...GROUPS]);
const rounds = Math.max(1, Number(process.env.BENCH_FAST_PATHS_ROUNDS ?? 5));
const iterations = Math.max(1, Number(process.env.BENCH_FAST_PATHS_ITERATIONS ?? 3));
const shape = (process.env.BENCH_FAST_PATHS_SHAPE ?? 'default') as BenchShape;
if (!(BENCH_SHAPES as readonly string[]).includes(shape)) throw new Error(`Unknown shape ${shape}: use ${BENCH_SHAPES.join(', ')}`);
const resultsFile = resolve(repository, process.env.BENCH_RESULTS ?? `bench/results/fast-paths${shape === 'default' ? '' : `-${shape}`}.json`);
for (const operation of operations) if (!OPERATIONS.includes(operation)) throw new Error(`Unknown operation ${operation}: use ${OPERATIONS.join(', ')}`);
for (const path of paths) if (!path.split('+').every((one) => (FAST_PATH_NAMES as string[]).includes(one))) throw new Error(`Unknown fast path ${path}: use ${FAST_PATH_NAMES.join(', ')}`);
/** A path that gains less than this on every operation goes (issue 17, part 3). */
const KEEP_GAIN = 1.1;

interface ChildResult {
  [operation: string]: { answer: number; times: number[] };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Runs one setting in a fresh process and returns what it printed. */
function runSetting(benchFile: string, setting: string): Promise<ChildResult> {
  const duckdb = setting === DUCKDB;
  const switches = duckdb ? '' : setting;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, 'fast-paths-child.mjs'), benchFile, operations.join(','), String(iterations), ...(duckdb ? ['duckdb'] : [])], {
      cwd: repository,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [FAST_PATHS_VARIABLE]: switches },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-16_384)));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(JSON.parse(stdout) as ChildResult);
      else fail(new Error(`${FAST_PATHS_VARIABLE}=${switches} node bench/fast-paths-child.mjs exited with ${code}:\n${stderr}`));
    });
  });
}

const bench = await ensureBenchRun(join(here, 'data'), shape, '2m', 2_000_000);
const benchFile = join(bench.root, 'bench-run.json');
await writeFile(benchFile, JSON.stringify(bench));

/** The setting that runs DuckDB's queries; the others are SYNCTRACK_FAST_PATHS values ('' = all on). */
const DUCKDB = 'duckdb';
const offSetting = (path: string) => path.split('+').map((one) => `-${one}`).join(',');
const settings = ['', DUCKDB, ...paths.map(offSetting)];
const times = new Map<string, Map<string, number[]>>(settings.map((setting) => [setting, new Map(operations.map((operation) => [operation, []]))]));
/** The all-on median of each round, per operation: how much the machine moved under the bench. */
const roundMedians = new Map<string, number[]>(operations.map((operation) => [operation, []]));
const answers = new Map<string, number>();
const loads: number[] = [];
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  // Each round starts at another setting, so no setting always runs first or last.
  const order = settings.map((_, index) => settings[(index + round) % settings.length]!);
  for (const setting of order) {
    loads.push(loadavg()[0]!);
    const result = await runSetting(benchFile, setting);
    for (const operation of operations) {
      const { answer, times: measured } = result[operation]!;
      const expected = answers.get(operation);
      // A sample's answer is its size; every other answer must be the same whatever is off, and DuckDB's too.
      if (expected === undefined) answers.set(operation, answer);
      else if (answer !== expected) throw new Error(`${operation} with ${setting || 'all paths on'} answered ${answer}, not ${expected}`);
      times.get(setting)!.get(operation)!.push(...measured);
      if (setting === '') roundMedians.get(operation)!.push(median(measured));
    }
  }
  process.stderr.write(`\r  round ${round + 1} of ${rounds} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
process.stderr.write('\n');

const onMs = (operation: string) => median(times.get('')!.get(operation)!);
const onBest = (operation: string) => Math.min(...times.get('')!.get(operation)!);
const duckdbMs = (operation: string) => median(times.get(DUCKDB)!.get(operation)!);
const gains = paths.map((path) => {
  const off = (operation: string) => times.get(offSetting(path))!.get(operation)!;
  const byOperation = Object.fromEntries(operations.map((operation) => [operation, median(off(operation)) / onMs(operation)]));
  const fastest = Object.fromEntries(operations.map((operation) => [operation, Math.min(...off(operation)) / onBest(operation)]));
  return { path, gains: byOperation, fastestGains: fastest, keep: Object.values(byOperation).some((gain) => gain >= KEEP_GAIN) };
});
const noise = Object.fromEntries(
  operations.map((operation) => {
    const medians = roundMedians.get(operation)!;
    return [operation, { min: Math.min(...medians) / onMs(operation), max: Math.max(...medians) / onMs(operation) }];
  }),
);

const cell = (text: string) => text.padStart(13);
console.log(`fast paths: gain = time with the path off / time with all on (median of ${rounds} rounds × ${iterations} after a warm-up, in-process, ${bench.name})`);
console.log(`${cpus()[0]?.model ?? 'cpu'} · ${availableParallelism()} cores · load average during the bench ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`);
console.log(['path'.padEnd(34), ...operations.map(cell), '  verdict'].join(''));
console.log(['all on, ms'.padEnd(34), ...operations.map((operation) => cell(onMs(operation).toFixed(1)))].join(''));
console.log(['DuckDB, ms'.padEnd(34), ...operations.map((operation) => cell(duckdbMs(operation).toFixed(1)))].join(''));
console.log(['all on / DuckDB'.padEnd(34), ...operations.map((operation) => cell(`${(onMs(operation) / duckdbMs(operation)).toFixed(2)}×`))].join(''));
console.log(['all on, round spread'.padEnd(34), ...operations.map((operation) => cell(`${noise[operation]!.min.toFixed(2)}–${noise[operation]!.max.toFixed(2)}`))].join(''));
for (const { path, gains: byOperation, keep } of gains) {
  const verdict = path.includes('+') ? '  (together)' : keep ? '  keep' : `  < ${KEEP_GAIN}× everywhere: remove`;
  console.log([path.padEnd(34), ...operations.map((operation) => cell(`${byOperation[operation]!.toFixed(2)}×`)), verdict].join(''));
}
console.log(`\nthe same from the fastest of each setting's ${rounds * iterations} times (less moved by other work on the machine):`);
for (const { path, fastestGains } of gains) {
  console.log([path.padEnd(34), ...operations.map((operation) => cell(`${fastestGains[operation]!.toFixed(2)}×`))].join(''));
}

const output = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, loadAverage: { min: Math.min(...loads), max: Math.max(...loads) } },
  method: { run: bench.name, rounds, iterations, keepGain: KEEP_GAIN, inProcess: true },
  allOnMs: Object.fromEntries(operations.map((operation) => [operation, onMs(operation)])),
  duckdbMs: Object.fromEntries(operations.map((operation) => [operation, duckdbMs(operation)])),
  roundSpread: noise,
  paths: gains.map((entry) => ({ ...entry, description: entry.path.split('+').map((one) => FAST_PATHS[one as keyof typeof FAST_PATHS]).join(' + ') })),
  samples: Object.fromEntries([...times].map(([setting, byOperation]) => [setting || 'all on', Object.fromEntries(byOperation)])),
};
await mkdir(dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwrote ${resultsFile}`);
