// `synctrack ui` serves the viewer on 127.0.0.1, prints its URL (a deep link for a run), answers
// over HTTP with data from the location, and stops cleanly on Ctrl-C (the abort signal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { CapturedStream } from './cli-harness.js';
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

  it('links a bucket to the history', async () => {
    const ui = await startUi(bucket.dir);
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    ui.stop();
    expect(await ui.exit).toBe(0);
  });
});
