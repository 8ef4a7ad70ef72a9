// Runs one storage server as a child process: output to a log file, ready when a probe says so,
// stopped with SIGTERM (then SIGKILL) by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testServerLogsDir } from './install-test-server.js';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4566` */
  url: string;
  port: number;
  logFile: string;
  stop: () => Promise<void>;
}

export interface ServerProcessOptions {
  name: string;
  port: number;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves true once the server answers. */
  ready: (url: string) => Promise<boolean>;
  timeoutMs?: number;
}

/** True once anything answers HTTP on `url` (with `expectedStatus`, only that status). */
export async function answersHttp(url: string, expectedStatus?: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return expectedStatus === undefined || response.status === expectedStatus;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** One log per server start; those older than a day go, so repeated runs do not pile them up. */
function pruneOldLogs(name: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const file of readdirSync(testServerLogsDir)) {
    const path = join(testServerLogsDir, file);
    if (file.startsWith(`${name}-`) && statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
  }
}

export async function startServerProcess(options: ServerProcessOptions): Promise<RunningServer> {
  mkdirSync(testServerLogsDir, { recursive: true });
  pruneOldLogs(options.name);
  const logFile = join(testServerLogsDir, `${options.name}-${options.port}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(killTimer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let failure: string | undefined;
  child.once('error', (error) => (failure = error.message));
  child.once('exit', (code, signal) => (failure ??= `exited early (code ${code}, signal ${signal})`));
  while (!(await options.ready(url))) {
    if (failure !== undefined || Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not start on ${url}: ${failure ?? 'timed out'}; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port: options.port, logFile, stop };
}
