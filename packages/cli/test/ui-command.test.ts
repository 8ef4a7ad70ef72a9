// `synctrack ui` serves the viewer on 127.0.0.1, prints its URL (a deep link for a run), answers
// over HTTP with data from the location, and stops cleanly on Ctrl-C (the abort signal); as a real
// process, on SIGTERM, and when the npx that started it is killed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { buildIfStale, builtBin, packagesDir } from './built-cli.js';
import { CapturedStream, synctrack } from './cli-harness.js';
import { RUN, runFolder, writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
beforeAll(async () => {
  bucket = await writeFixtureBucket();
});
afterAll(async () => {
  await bucket?.remove();
});

async function startUi(location: string, extra: string[] = []) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const interrupt = new AbortController();
  const exit = runCli(['ui', location, '--port', '0', '--json', ...extra], { env: {}, stdout, stderr, signal: interrupt.signal });
  for (let waited = 0; !stdout.text.includes('\n') && waited < 15_000; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const { url } = JSON.parse(stdout.text.split('\n')[0]!) as { url: string };
  return { url, stop: () => interrupt.abort(new Error('interrupted')), exit, stderr };
}

describe('synctrack ui', () => {
  it('serves the viewer on 127.0.0.1 with the run deep-linked, and exits 0 on Ctrl-C', async () => {
    const ui = await startUi(runFolder(bucket.dir, RUN));
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/runs\/11\/22\/333$/);
    const page = await fetch(ui.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    ui.stop();
    expect(await ui.exit).toBe(0);
    await expect(fetch(ui.url)).rejects.toThrow();
  });

  it('says its default port once in --help', async () => {
    const help = await synctrack(['ui', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout.match(/7420/g)).toEqual(['7420']);
    expect(help.stdout).toContain('(default: 7420)');
  });

  it('links a bucket to the history', async () => {
    const ui = await startUi(bucket.dir);
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    ui.stop();
    expect(await ui.exit).toBe(0);
  });
});

/** The URL the process prints first (`--json`), or the end of its stderr when it stops first. */
async function firstUrl(child: ReturnType<typeof spawn>): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) return (JSON.parse(line) as { url: string }).url;
  throw new Error(`synctrack ui stopped before printing its URL: ${stderr}`);
}

/** Whether anything still answers on `url`, asked until it stops answering or 30 s have passed. */
async function stillServing(url: string): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
    try {
      await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
    } catch {
      return false;
    }
  }
  return true;
}

describe('synctrack ui as a process', () => {
  beforeAll(() => buildIfStale(), 300_000);

  it('stops serving and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [builtBin, 'ui', bucket.dir, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await firstUrl(child);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await stillServing(url)).toBe(false);
  });

  it('stops serving when the npx that started it is killed by its pid', async () => {
    // npx runs the bin in a shell of its own: killing npx ends npm and that shell, not the bin.
    const npx = spawn('npx', ['--no-install', 'synctrack', 'ui', bucket.dir, '--port', '0', '--json'], {
      cwd: packagesDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await firstUrl(npx);
    expect((await fetch(url)).status).toBe(200);
    npx.kill('SIGTERM');
    expect(await stillServing(url)).toBe(false);
  });
});
