// In Chromium: a run whose payloads are 10,000 levels deep, 10 MB, or not JSON at all loads its
// records (no "Could not load records"), and each payload opens: deep JSON indented to a point and
// then on one line, text that is not JSON shown as stored with a note. Screenshots go to
// test-artifacts/ for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage, SyncRunWriter, type SyncRecordInput } from '@synctrack/core';
import { startViewer, type ViewerHandle } from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const TIMEOUT = 120_000;
const DEPTH = 10_000;
const RUN = { orgId: '1', syncId: '2', runId: '3' };

let viewer: ViewerHandle;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  await mkdir(ARTIFACTS, { recursive: true });
  const storage = new MemoryStorage();
  const writer = new SyncRunWriter({ storage, run: RUN, compression: 'snappy', rowGroupSize: 2 });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-23T06:00:00Z' });
  const at = new Date('2026-11-23T06:00:00Z');
  const texts: Array<[string, string]> = [
    ['deep-object', `${'{"level":'.repeat(DEPTH)}"bottom"${'}'.repeat(DEPTH)}`],
    ['deep-array', `${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`],
    ['big', JSON.stringify({ blob: 'x'.repeat(10 * 1024 * 1024), after: 'the end' })],
    ['not-json', '{"email": oops <b>not bold</b>'],
    ['normal', JSON.stringify({ email: 'ada@example.com', tags: ['a', 'b'] })],
  ];
  const records: SyncRecordInput[] = texts.map(([identifier, payloadText]) => ({
    identifier,
    payload: null,
    payloadText,
    operation: 'upsert',
    status: 'rejected',
    statusMessage: 'odd',
    batchStartedAt: at,
    batchEndedAt: at,
  }));
  await writer.writeBatch('records_updated', records);
  viewer = await startViewer({ storage });
  userDataDir = await mkdtemp(join(tmpdir(), 'synctrack-viewer-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 1360, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, TIMEOUT);

afterAll(async () => {
  await context?.close();
  await viewer?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** Opens the row of `identifier` and returns its payload's text. */
async function openPayload(identifier: string): Promise<string> {
  const row = page.getByTestId('record-row').filter({ hasText: identifier });
  await row.click();
  const detail = page.locator('tr.detail-row pre.json');
  await detail.first().waitFor();
  const text = (await detail.first().textContent()) ?? '';
  await row.click();
  return text;
}

describe('pathological payloads in Chromium', () => {
  it(
    'loads the records and shows every payload',
    async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
      await page.goto(`${viewer.url}#/runs/${RUN.orgId}/${RUN.syncId}/${RUN.runId}`);
      await expect.poll(() => page.getByTestId('record-row').count(), { timeout: 60_000 }).toBe(5);
      expect(await page.getByText('Could not load records').count()).toBe(0);
      // Previews: one line each, cut short.
      const previews = await page.locator('[data-testid=record-row] .payload-preview').allTextContents();
      expect(previews.every((preview) => preview.length <= 120)).toBe(true);
      expect(previews[0]).toMatch(/^\{"level":\{"level":/);
      await page.screenshot({ path: join(ARTIFACTS, 'pathological-01-records.png') });

      const deep = await openPayload('deep-object');
      expect(deep.startsWith('{\n  "level": {\n    "level": {')).toBe(true);
      expect(deep).toContain(`"bottom"${'}'.repeat(100)}`);
      const deepArray = await openPayload('deep-array');
      expect(deepArray.replace(/\s/g, '')).toBe(`${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`);
      const big = await openPayload('big');
      expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
      expect(big).toContain('"after": "the end"');
      const raw = await openPayload('not-json');
      expect(raw).toBe('Not JSON: the text as stored\n{"email": oops <b>not bold</b>');
      await page.getByTestId('record-row').filter({ hasText: 'deep-object' }).click();
      await page.locator('tr.detail-row pre.json').first().waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'pathological-02-deep-payload.png') });
      await page.getByTestId('record-row').filter({ hasText: 'deep-object' }).click();
      await page.getByTestId('record-row').filter({ hasText: 'not-json' }).click();
      await page.screenshot({ path: join(ARTIFACTS, 'pathological-03-raw-payload.png') });
      expect(await page.locator('b').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
