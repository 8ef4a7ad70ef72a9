// One benchmark process, measured: `node --require report-rss.cjs <args>` from the repository root,
// timed to the close of its output, with the CPU seconds of all its threads and its peak RSS.
// bench/run.ts and bench/scale.ts both measure their whole-process rows with it.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repository = join(here, '..');

/** The end of a child's stderr kept for the error message: enough for a stack, bounded whatever it prints. */
const STDERR_TAIL = 16 * 1024;
/** /proc's clock ticks a second (USER_HZ). */
const CLOCK_TICKS = 100;

export interface ProcessRun {
  ms: number;
  /** Peak resident set size in bytes: VmHWM at exit (report-rss.cjs). */
  rss: number;
  stdoutBytes: number;
  stdoutLines: number;
  /** CPU seconds of the process, all its threads: user, system and their sum. */
  userSeconds: number;
  sysSeconds: number;
  cpuSeconds: number;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** CPU seconds (user, sys) of this process's children that have been waited for: /proc/self/stat's cutime and cstime. */
async function childrenCpu(): Promise<{ user: number; sys: number }> {
  const text = await readFile('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields from the 3rd (state) on: cutime is the 16th, cstime the 17th.
  return { user: Number(fields[13]) / CLOCK_TICKS, sys: Number(fields[14]) / CLOCK_TICKS };
}

/**
 * Runs `node --require report-rss.cjs <args>` from the repository root and times it to the close of
 * its output. Stdout is read as it comes and only counted, as a shell pipe to `wc` would; a failure
 * throws with the end of the child's stderr. One at a time: the CPU is read from this process's
 * waited-for children.
 */
export async function measureProcess(args: string[]): Promise<ProcessRun> {
  const rssFile = join(tmpdir(), `synctrack-bench-rss-${process.pid}`);
  await rm(rssFile, { force: true });
  let stdoutBytes = 0;
  let stdoutLines = 0;
  let stderr = '';
  const cpuBefore = await childrenCpu();
  const started = performance.now();
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(here, 'report-rss.cjs'), ...args], {
      cwd: repository,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SYNCTRACK_BENCH_RSS_FILE: rssFile },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) stdoutLines++;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_TAIL);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const ms = performance.now() - started;
  const cpuAfter = await childrenCpu();
  const command = `node ${args.map((arg) => (/^[\w./,=-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ')}`;
  if (code !== 0) {
    throw new Error(`${command} ${signal === null ? `exited with ${code}` : `was killed by ${signal}`}; its stderr:\n${stderr.trimEnd() || '(empty)'}`);
  }
  if (stderr !== '') process.stderr.write(`${command}:\n${stderr}`);
  const rss = Number(await readFile(rssFile, 'utf8'));
  await rm(rssFile, { force: true });
  const userSeconds = cpuAfter.user - cpuBefore.user;
  const sysSeconds = cpuAfter.sys - cpuBefore.sys;
  return { ms, rss, stdoutBytes, stdoutLines, userSeconds, sysSeconds, cpuSeconds: userSeconds + sysSeconds };
}
