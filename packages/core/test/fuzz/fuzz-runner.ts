// Runs a seeded mutation fuzz: mutants of the seed files (mutations.ts) through every operation in
// child processes (mutant-child.ts), each operation within a time limit. A child that hangs is
// killed, one that crashes is replaced; both are reported as failures of the mutant, never of the
// process running the fuzz. Used by the suite (mutation-fuzz.test.ts, ~2,000 mutants) and by
// `npx tsx packages/core/scripts/mutation-fuzz.ts` (100,000).
import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleDecodeWorker, repoCacheFolder } from '../support/bundle-decode-worker.js';
import { fuzzSeeds, type FuzzSeed } from './fuzz-seeds.js';
import { fileRegions, mutant, MUTATION_KINDS, type Mutant, type MutationKind, type RegionKind } from './mutations.js';
import { OPERATIONS, type ChildMessage, type OperationName } from './fuzz-protocol.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** The first mutant's index (to rerun one: `first` = its index, `count` = 1). */
  first?: number;
  /** Child processes at once; default 2, or 1 for a single mutant (its operations run in order in one child). */
  children?: number;
  /** Per operation; default 10 s. */
  timeoutMs?: number;
  /** A child's resident memory above this after an operation is a failure; default 1 GiB. */
  memoryLimitBytes?: number;
  /**
   * Every operation on every mutant. By default mutant `i` gets operation `i mod 7` alone: a
   * mutant that panics parquet-wasm costs a fresh worker (~0.2 s) per operation, which would make
   * the seven operations of one mutant cost as much as seven mutants.
   */
  allOperations?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export type Outcome = 'completed' | 'typed' | 'untyped' | 'crash' | 'timeout';

export interface OperationResult {
  mutant: Omit<Mutant, 'bytes'>;
  operation: OperationName;
  outcome: Outcome;
  code?: string;
  namesFile?: boolean;
  message?: string;
  ms: number;
  rss: number;
}

export interface FuzzReport {
  seed: number;
  first: number;
  count: number;
  seeds: string[];
  results: OperationResult[];
  /** Results that break the contract: untyped, crash, timeout, over the memory limit, a code other than INVALID_DATA, or a message not naming the file. */
  failures: OperationResult[];
  elapsedMs: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./mutant-child.ts', import.meta.url));

/** One child process, and the mutant it is running. */
class MutantChild {
  private readonly process: ChildProcess;
  private readonly ready: Promise<void>;
  private stderr = '';
  private current: {
    mutant: Mutant;
    operations: OperationName[];
    results: OperationResult[];
    operation: OperationName | null;
    started: number;
    finish: () => void;
  } | null = null;
  private timer: NodeJS.Timeout | undefined;
  dead = false;

  constructor(
    private readonly timeoutMs: number,
    workerUrl: URL,
  ) {
    this.process = fork(CHILD, [], {
      cwd: REPO_ROOT,
      env: { ...process.env, SYNCTRACK_FUZZ_DECODE_WORKER: workerUrl.href },
      execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    let started: () => void;
    this.ready = new Promise((resolve) => (started = resolve));
    this.process.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') started();
      else this.onMessage(message);
    });
    this.process.on('exit', (code, signal) => {
      this.dead = true;
      started();
      this.fail('crash', `child exited (${signal ?? code}): ${this.stderr.trim().split('\n').slice(-12).join('\n')}`);
    });
  }

  run(subject: Mutant, operations: OperationName[]): Promise<OperationResult[]> {
    return this.ready.then(
      () =>
        new Promise((resolve) => {
          const results: OperationResult[] = [];
          this.current = { mutant: subject, operations, results, operation: null, started: performance.now(), finish: () => resolve(results) };
          if (this.dead) return this.fail('crash', `child could not start: ${this.stderr}`);
          this.process.send({ type: 'mutant', index: subject.index, bytes: subject.bytes, operations });
        }),
    );
  }

  private onMessage(message: ChildMessage): void {
    const current = this.current;
    if (current === null || !('index' in message) || message.index !== current.mutant.index) return;
    if (message.type === 'start') {
      current.operation = message.operation;
      current.started = performance.now();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        // Dead from now: the next mutant must go to a new child, not to this one while it dies.
        this.dead = true;
        this.fail('timeout', `no answer within ${this.timeoutMs} ms`);
        this.process.kill('SIGKILL');
      }, this.timeoutMs);
    } else if (message.type === 'end') {
      clearTimeout(this.timer);
      const { index: _index, type: _type, ...rest } = message;
      current.results.push({ mutant: describe(current.mutant), ...rest });
      current.operation = null;
    } else if (message.type === 'done') {
      this.current = null;
      current.finish();
    }
  }

  /** Ends the current mutant with a failure of its running operation. */
  private fail(outcome: 'crash' | 'timeout', message: string): void {
    clearTimeout(this.timer);
    const current = this.current;
    if (current === null) return;
    this.current = null;
    current.results.push({
      mutant: describe(current.mutant),
      operation: current.operation ?? current.operations[0]!,
      outcome,
      message,
      ms: performance.now() - current.started,
      rss: 0,
    });
    current.finish();
  }

  async stop(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.send({ type: 'stop' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function describe(subject: Mutant): Omit<Mutant, 'bytes'> {
  const { bytes: _bytes, ...rest } = subject;
  return rest;
}

export function isFailure(result: OperationResult, memoryLimitBytes = 1 << 30): boolean {
  if (result.outcome === 'untyped' || result.outcome === 'crash' || result.outcome === 'timeout') return true;
  if (result.rss > memoryLimitBytes) return true;
  // A mutant is a problem in the file: INVALID_DATA (or a range past its end), never another code.
  return result.outcome === 'typed' && ((result.code !== 'INVALID_DATA' && result.code !== 'RANGE_NOT_SATISFIABLE') || result.namesFile !== true);
}

export async function runFuzz(options: FuzzOptions, seeds?: FuzzSeed[]): Promise<FuzzReport> {
  const began = performance.now();
  const files = seeds ?? (await fuzzSeeds());
  const bytes = files.map((file) => file.bytes);
  const regions = bytes.map(fileRegions);
  const first = options.first ?? 0;
  // A page that loops is ended after its budget (¼ s in mutant-child.ts), run again once with 4× it
  // when the machine was starved (scan/task-deadline.ts), then reported: ~1.25 s at most, and the
  // rest is slack for a loaded machine.
  const timeoutMs = options.timeoutMs ?? 45_000;
  // Mutants kill workers often (every wasm panic): they start from a bundle, not through tsx.
  const folder = await repoCacheFolder('fuzz-worker');
  const workerUrl = await bundleDecodeWorker(folder);
  const children = Array.from({ length: options.children ?? Math.min(2, options.count) }, () => new MutantChild(timeoutMs, workerUrl));
  const results: OperationResult[] = [];
  let next = first;
  let done = 0;
  const end = first + options.count;
  await Promise.all(
    children.map(async (_, slot) => {
      while (next < end) {
        const index = next++;
        if (children[slot]!.dead) children[slot] = new MutantChild(timeoutMs, workerUrl);
        const operations = options.allOperations ? [...OPERATIONS] : [OPERATIONS[index % OPERATIONS.length]!];
        results.push(...(await children[slot]!.run(mutant(options.seed, index, bytes, regions), operations)));
        options.onProgress?.(++done, options.count);
      }
    }),
  );
  await Promise.all(children.map((child) => child.stop()));
  await rm(folder, { recursive: true, force: true });
  return {
    seed: options.seed,
    first,
    count: options.count,
    seeds: files.map((file) => file.name),
    results,
    failures: results.filter((result) => isFailure(result, options.memoryLimitBytes)),
    elapsedMs: performance.now() - began,
  };
}

/** The table: per mutation kind and operation, how operations ended, the slowest and the most memory. */
export function formatReport(report: FuzzReport): string {
  const rows: string[][] = [['kind', 'operation', 'completed', 'typed (by code)', 'untyped', 'crash', 'timeout', 'max ms', 'max RSS MB']];
  const kinds: Array<MutationKind | 'all'> = [...MUTATION_KINDS, 'all'];
  for (const kind of kinds) {
    for (const operation of OPERATIONS) {
      const cell = report.results.filter((result) => (kind === 'all' || result.mutant.kind === kind) && result.operation === operation);
      const count = (outcome: Outcome) => String(cell.filter((result) => result.outcome === outcome).length);
      const codes = new Map<string, number>();
      for (const result of cell) if (result.outcome === 'typed') codes.set(result.code!, (codes.get(result.code!) ?? 0) + 1);
      rows.push([
        kind,
        operation,
        count('completed'),
        [...codes].map(([code, n]) => `${code} ${n}`).join(', ') || '0',
        count('untyped'),
        count('crash'),
        count('timeout'),
        cell.length === 0 ? '-' : Math.round(Math.max(...cell.map((result) => result.ms))).toString(),
        cell.length === 0 ? '-' : Math.round(Math.max(...cell.map((result) => result.rss)) / 2 ** 20).toString(),
      ]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => `| ${row.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`);
  lines.splice(1, 0, `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  const regions = new Map<RegionKind, number>();
  for (const result of report.results) regions.set(result.mutant.region, (regions.get(result.mutant.region) ?? 0) + 1);
  return [
    `seed ${report.seed}, mutants ${report.first}…${report.first + report.count - 1} (${report.count}), ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `seed files: ${report.seeds.join('; ')}`,
    `operations by region: ${[...regions].map(([region, n]) => `${region} ${n}`).join(', ')}`,
    ...lines,
    `failures: ${report.failures.length}`,
  ].join('\n');
}

/** One failure as a reproducer: how to rerun it, and what happened. */
export function formatFailure(result: OperationResult): string {
  const { mutant: subject } = result;
  return (
    `seed ${subject.seed} mutant ${subject.index}: ${subject.kind} ${subject.region} at byte ${subject.offset} (length ${subject.length}) of seed file ${subject.file}; ` +
    `operation ${result.operation}: ${result.outcome}${result.code ? ` ${result.code}` : ''}${result.namesFile === false ? ' (message does not name the file)' : ''}; ` +
    `rerun: npx tsx packages/core/scripts/mutation-fuzz.ts --seed ${subject.seed} --first ${subject.index} --count 1\n  ${(result.message ?? '').split('\n').join('\n  ')}`
  );
}
