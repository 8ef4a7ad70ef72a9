// End to end: Debian's Chromium, driven by playwright-core, against the real viewer server over a
// real written bucket. Walks the history into a run, checks the tab counts against summary(), searches,
// pages forward and back, downloads and parses a CSV, filters by an error group, refreshes a run still
// being written, shows an error banner, and proves that markup in the data stays text. Each page is
// saved as a screenshot in test-artifacts/ for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, SyncTrackingClient, type RunIds, type SyncRecord } from '@synctrack/core';
import { startViewer, type ViewerHandle } from '../src/index.js';
import { LIVE_RUN, MAIN_RUN, OLD_RUN, XSS_IDENTIFIER, XSS_MESSAGE, writeFixtureBucket, type FixtureBucket } from './viewer-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const PAGE_SIZE = 50;
const E2E_TIMEOUT = 120_000;
const MANY_MESSAGES_RUN: RunIds = { orgId: '1', syncId: '44', runId: '4401' };

let bucket: FixtureBucket;
let viewer: ViewerHandle;
let client: SyncTrackingClient;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
const recordRequests: string[] = [];
const pageErrors: string[] = [];
const policyViolations: string[] = [];

async function all(records: AsyncIterable<SyncRecord>): Promise<SyncRecord[]> {
  const out: SyncRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

const formatCount = (value: number) => value.toLocaleString('en-US');

function runUrl(ids: RunIds, query = ''): string {
  return `${viewer.url}#/runs/${ids.orgId}/${ids.syncId}/${ids.runId}${query}`;
}

/** A fresh load of the page, so no state carries over from the test before. */
async function open(url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** The identifiers of the rows on screen. */
function identifiers(): Promise<string[]> {
  return page.locator('[data-testid=record-row] td:first-child .mono').allTextContents();
}

async function waitForPageStatus(text: string): Promise<void> {
  await expect.poll(() => page.getByTestId('page-status').textContent().catch(() => ''), { timeout: 30_000 }).toContain(text);
}

async function waitForTabCounts(ids: RunIds): Promise<void> {
  const summary = await client.summary(ids);
  await expect.poll(() => page.getByTestId('status-tab-all').textContent(), { timeout: 30_000 }).toContain(formatCount(summary.total));
}

const MISSING_CHROMIUM =
  `The viewer's browser tests need Debian's Chromium at ${CHROMIUM}, and it is missing. Install it with ` +
  '`apt-get update && apt-get install -y chromium` (.ci/run does this). These tests fail rather than skip.';

/** Every test fails with the install command when there is no browser: CI must never pass without it. */
function requireBrowser(): void {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  await mkdir(ARTIFACTS, { recursive: true });
  bucket = await writeFixtureBucket();
  // 60 rejections under 12 templates, each message its own: more groups than the panel lists at once.
  const writer = new SyncRunWriter({ storage: bucket.storage, run: MANY_MESSAGES_RUN });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-20T00:00:00Z' });
  const at = new Date('2026-11-20T00:00:00Z');
  await writer.writeBatch(
    'records_updated',
    Array.from({ length: 60 }, (_, index) => ({
      identifier: `many-${index}`,
      payload: { index },
      operation: 'upsert',
      status: 'rejected',
      statusMessage: `ERROR_${String.fromCharCode(65 + (index % 12))}: value ${index} is not allowed`,
      batchStartedAt: at,
      batchEndedAt: at,
    })),
  );
  client = new SyncTrackingClient({ storage: bucket.storage });
  viewer = await startViewer({ storage: bucket.storage });
  userDataDir = await mkdtemp(join(tmpdir(), 'synctrack-viewer-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/records')) recordRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) policyViolations.push(message.text());
  });
}, E2E_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await viewer?.close();
  await bucket?.remove();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe('viewer in Chromium', () => {
  it(
    'shows the sync history newest first and opens a run',
    async () => {
      requireBrowser();
      await open(viewer.url);
      const links = page.getByTestId('run-link');
      await links.first().waitFor();
      expect(await links.allTextContents()).toEqual(['Run 1003', 'Run 1002', 'Run 1001']);
      await expect.poll(() => page.locator('.page-subtitle').textContent()).toContain('Salesforce Production');
      // Counts by outcome arrive per run.
      const summary = await client.summary(MAIN_RUN);
      await expect.poll(() => page.locator('tr', { has: page.getByText('Run 1002') }).textContent(), { timeout: 30_000 }).toContain(formatCount(summary.byOutcome.rejected));
      await expect.poll(() => page.locator('.outcome-bar').count(), { timeout: 30_000 }).toBe(3);
      await screenshot('01-sync-history');
      await links.filter({ hasText: MAIN_RUN.runId }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Run ${MAIN_RUN.runId}`);
    },
    E2E_TIMEOUT,
  );

  it(
    'shows tab counts equal to summary()',
    async () => {
      requireBrowser();
      await open(runUrl(MAIN_RUN));
      await waitForTabCounts(MAIN_RUN);
      const summary = await client.summary(MAIN_RUN);
      const tabs = { all: summary.total, invalid: summary.byOutcome.invalid, rejected: summary.byOutcome.rejected, success: summary.byOutcome.success };
      for (const [tab, count] of Object.entries(tabs)) {
        expect(await page.getByTestId(`status-tab-${tab}`).textContent()).toContain(formatCount(count));
      }
      await waitForPageStatus('Page 1');
      expect(await page.getByTestId('record-row').count()).toBe(PAGE_SIZE);
      // Open a record: its payload as pretty JSON.
      await page.getByTestId('record-row').nth(1).click();
      await expect.poll(() => page.locator('.detail pre.json').textContent()).toContain('"address": {');
      await page.locator('.run-meta').getByText('Salesforce Production').waitFor();
      await screenshot('02-run-records');
    },
    E2E_TIMEOUT,
  );

  it(
    'finds a record by identifier',
    async () => {
      requireBrowser();
      await open(runUrl(MAIN_RUN));
      await waitForPageStatus('Page 1');
      await page.getByTestId('record-search').fill('user-44');
      await page.getByTestId('record-search').press('Enter');
      await waitForPageStatus('1 match');
      expect(await identifiers()).toEqual(['user-44']);
      expect(page.url()).toContain('q=user-44');
      await screenshot('03-search');
      await page.getByTestId('record-search').fill('nobody-has-this-id');
      await page.getByTestId('record-search').press('Enter');
      await page.getByText('No record with identifier “nobody-has-this-id” in this run').waitFor();
      expect(await page.getByTestId('record-row').count()).toBe(0);
      await screenshot('04-search-empty');
    },
    E2E_TIMEOUT,
  );

  it(
    'pages through the rejected records one page at a time: Next, Previous, no record lost',
    async () => {
      requireBrowser();
      const expected = (await all(client.filter(MAIN_RUN, { outcome: 'rejected' }))).map((record) => record.identifier);
      expect(expected.length).toBeGreaterThan(2 * PAGE_SIZE);
      recordRequests.length = 0;
      await open(runUrl(MAIN_RUN));
      await waitForPageStatus('Page 1');
      await page.getByTestId('status-tab-rejected').click();
      await expect.poll(() => page.getByTestId('status-tab-rejected').getAttribute('aria-selected')).toBe('true');
      await expect.poll(identifiers, { timeout: 30_000 }).toEqual(expected.slice(0, PAGE_SIZE));
      const first = await identifiers();
      await page.getByTestId('page-next').click();
      await waitForPageStatus('Page 2');
      const second = await identifiers();
      expect(second).not.toEqual(first);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
      await page.getByTestId('page-previous').click();
      await waitForPageStatus('Page 1');
      expect(await identifiers()).toEqual(first);
      await page.getByTestId('page-next').click();
      await waitForPageStatus('Page 2');
      await page.getByTestId('page-next').click();
      await waitForPageStatus('Page 3');
      const third = await identifiers();
      expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
      expect([...first, ...second, ...third]).toEqual(expected);
      // Every request asked for one page, never the whole run.
      expect(recordRequests.length).toBeGreaterThanOrEqual(5);
      for (const url of recordRequests) expect(new URL(url).searchParams.get('limit')).toBe(String(PAGE_SIZE));
    },
    E2E_TIMEOUT,
  );

  it(
    'downloads the filtered records as CSV that parses back to filter(), and a sample',
    async () => {
      requireBrowser();
      await open(runUrl(MAIN_RUN, '?tab=rejected'));
      await waitForPageStatus('Page 1');
      await page.getByTestId('download-menu').click();
      await expect.poll(() => page.locator('.menu-panel').textContent()).toContain(`All ${formatCount((await client.summary(MAIN_RUN)).byOutcome.rejected)} rejected records`);
      await screenshot('05-download-menu');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
      expect(download.suggestedFilename()).toBe('run-1-42-1002-rejected.csv');
      const rows = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
      const expected = await all(client.filter(MAIN_RUN, { outcome: 'rejected' }));
      expect(rows.map((row) => [row.identifier, row.status, row.status_message])).toEqual(
        expected.map((record) => [record.identifier ?? '', record.status ?? '', record.statusMessage ?? '']),
      );
      expect(rows.map((row) => JSON.parse(row.record_payload!) as unknown)).toEqual(expected.map((record) => record.payload));

      expect(await page.locator('details.menu').getAttribute('open')).toBeNull();
      await page.getByTestId('download-menu').click();
      const [sample] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-sample').click()]);
      expect(sample.suggestedFilename()).toBe('run-1-42-1002-rejected-sample.csv');
      const sampled = parse(await readFile((await sample.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
      expect(sampled).toHaveLength(100);
      const rejected = new Set(expected.map((record) => record.identifier));
      expect(sampled.every((row) => rejected.has(row.identifier!))).toBe(true);
    },
    E2E_TIMEOUT,
  );

  it(
    'filters by an error group',
    async () => {
      requireBrowser();
      // By template at first: a click filters the records to the template.
      const groups = await client.errors(MAIN_RUN, { templates: true });
      const group = groups.find((candidate) => candidate.statusMessage?.startsWith('REQUIRED_FIELD_MISSING'))!;
      await open(runUrl(MAIN_RUN));
      await page.getByTestId('error-group').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('errors-by-template').getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('error-group').count()).toBe(groups.length);
      await page.getByTestId('error-group').filter({ hasText: 'REQUIRED_FIELD_MISSING' }).click();
      await expect.poll(() => page.getByTestId('status-tab-rejected').getAttribute('aria-selected')).toBe('true');
      expect(new URL(page.url()).hash).toContain('template=');
      await expect.poll(() => page.getByTestId('record-row').count(), { timeout: 30_000 }).toBe(group.count);
      const messages = await page.locator('[data-testid=record-row] td.message').allTextContents();
      expect(new Set(messages)).toEqual(new Set([group.statusMessage]));
      // The sample takes the template too.
      await page.getByTestId('download-menu').click();
      const [sample] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-sample').click()]);
      const sampled = parse(await readFile((await sample.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
      expect(new Set(sampled.map((row) => row.status_message))).toEqual(new Set([group.statusMessage]));
      await screenshot('06-error-group-filter');
      // Exact messages, on the toggle.
      await page.getByTestId('errors-by-message').click();
      await expect.poll(() => page.getByTestId('errors-by-message').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.getByTestId('errors-summary').textContent(), { timeout: 30_000 }).toContain('messages');
    },
    E2E_TIMEOUT,
  );

  it(
    'keeps markup in the data inert: shown as text, never run',
    async () => {
      requireBrowser();
      await open(runUrl(MAIN_RUN, `?q=${encodeURIComponent(XSS_IDENTIFIER)}`));
      await waitForPageStatus('1 match');
      expect(await identifiers()).toEqual([XSS_IDENTIFIER]);
      await page.getByTestId('record-row').click();
      await expect.poll(() => page.locator('.detail pre.json').textContent()).toContain('<script>window.__xss=4</script>');
      expect(await page.locator('[data-testid=record-row] td.message').textContent()).toBe(XSS_MESSAGE);
      // Its template (numbers masked) in the errors panel, as text.
      await page.getByTestId('error-group').filter({ hasText: '<script>window.__xss=<n></script>' }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script').count()).toBe(0);
      await screenshot('07-markup-stays-text');
      expect(pageErrors).toEqual([]);
      expect(policyViolations).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'shows a run still being written, and its new batches after Refresh',
    async () => {
      requireBrowser();
      await open(runUrl(LIVE_RUN));
      await waitForTabCounts(LIVE_RUN);
      const before = (await client.summary(LIVE_RUN)).total;
      await waitForPageStatus(`records 1–${Math.min(before, PAGE_SIZE)}`);
      await page.getByTestId('error-group').first().waitFor({ timeout: 30_000 });
      await bucket.landBatch();
      await page.getByTestId('refresh').click();
      // What was on screen stays while it is asked for again: no flash of the errors panel, no '…' for the counts.
      expect(await page.getByText('Grouping rejected records…').count()).toBe(0);
      expect(await page.getByTestId('error-group').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('status-tab-all').textContent()).not.toContain('…');
      await expect.poll(() => page.getByTestId('status-tab-all').textContent(), { timeout: 30_000 }).toContain(formatCount(before + 30));
      await waitForPageStatus(`records 1–${Math.min(before + 30, PAGE_SIZE)}`);
      await screenshot('08-live-run-refreshed');
    },
    E2E_TIMEOUT,
  );

  it(
    'lists the largest error groups and pages through the rest, by template or by exact message',
    async () => {
      requireBrowser();
      await open(runUrl(MANY_MESSAGES_RUN));
      await page.getByTestId('error-group').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('error-group').count()).toBe(8);
      expect(await page.getByTestId('errors-summary').textContent()).toBe('60 rejected · 12 templates');
      await page.getByTestId('errors-more').click();
      await expect.poll(() => page.getByTestId('error-group').count(), { timeout: 30_000 }).toBe(12);
      expect(await page.getByTestId('errors-more').count()).toBe(0);
      await page.getByTestId('errors-by-message').click();
      await expect.poll(() => page.getByTestId('errors-summary').textContent(), { timeout: 30_000 }).toBe('60 rejected · 60 messages');
      expect(await page.getByTestId('error-group').count()).toBe(8);
      expect(await page.getByTestId('errors-more').textContent()).toBe('Show 8 more (52 messages not shown)');
      await page.getByTestId('errors-by-template').click();
      await expect.poll(() => page.getByTestId('error-group').count(), { timeout: 30_000 }).toBe(8);
      await screenshot('10-error-templates');
    },
    E2E_TIMEOUT,
  );

  it(
    'marks a run still being written, in the history and on its page, and names syncs from the fact tables',
    async () => {
      requireBrowser();
      await open(`${viewer.url}#/history/${LIVE_RUN.orgId}/${LIVE_RUN.syncId}`);
      await page.getByTestId('run-link').first().waitFor();
      const rows = page.locator('tr', { has: page.getByTestId('run-link') });
      await expect.poll(() => rows.first().getByTestId('run-in-progress').count()).toBe(1);
      expect(await page.getByTestId('run-in-progress').count()).toBe(1);
      const syncs = await page.getByTestId('sync-link').allTextContents();
      expect(syncs[0]).toBe('Active users → ContactSync 42 · Salesforce Production');
      await screenshot('11-history-in-progress');
      await open(runUrl(LIVE_RUN));
      await page.getByTestId('run-in-progress').waitFor({ timeout: 30_000 });
      await open(runUrl(MAIN_RUN));
      await page.locator('.run-meta').getByText('Salesforce Production').waitFor();
      expect(await page.getByTestId('run-in-progress').count()).toBe(0);
    },
    E2E_TIMEOUT,
  );

  it(
    'charts outcomes per run: hover shows the run’s numbers, a click opens it',
    async () => {
      requireBrowser();
      await open(`${viewer.url}#/history/${MAIN_RUN.orgId}/${MAIN_RUN.syncId}`);
      const chart = page.getByTestId('trend-chart');
      await chart.waitFor({ timeout: 30_000 });
      const bars = chart.getByTestId('trend-bar');
      // Oldest on the left.
      expect(await bars.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-run-id')))).toEqual(['1001', '1002', '1003']);
      const summary = await client.summary(MAIN_RUN);
      await bars.nth(1).hover();
      const tooltip = page.getByTestId('trend-tooltip');
      await expect.poll(() => tooltip.textContent()).toContain('Run 1002');
      const text = (await tooltip.textContent())!;
      expect(text).toContain(formatCount(summary.total));
      expect(text).toContain(formatCount(summary.byOutcome.rejected));
      expect(text).toContain(`${((100 * summary.byOutcome.rejected) / summary.total).toFixed(1)}%`);
      await screenshot('12-trend-chart');
      await bars.nth(1).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Run ${MAIN_RUN.runId}`);
    },
    E2E_TIMEOUT,
  );

  it(
    'compares a run with the previous one, and lists a set of it in the records',
    async () => {
      requireBrowser();
      const comparison = await client.compareRuns(OLD_RUN, MAIN_RUN, { templates: true });
      await open(runUrl(MAIN_RUN));
      const panel = page.getByTestId('run-compare');
      await panel.getByTestId('compare-set-added').waitFor({ timeout: 60_000 });
      for (const set of ['newlyFailing', 'fixed', 'stillFailing', 'added', 'removed'] as const) {
        expect(await panel.getByTestId(`compare-set-${set}`).textContent()).toContain(formatCount(comparison.identifiers[set]));
      }
      expect(await panel.getByTestId('compare-base').textContent()).toBe(`Run ${OLD_RUN.runId}`);
      await screenshot('13-run-compare');
      const added: string[] = [];
      for await (const record of comparison.records('added')) added.push(record.identifier ?? 'null');
      // The set's link loads a new page: until it has, the old page's "Page 1" is still on screen, so
      // wait for the rows themselves.
      await panel.getByTestId('compare-set-added').click();
      await expect.poll(identifiers, { timeout: 30_000 }).toEqual(added.slice(0, PAGE_SIZE));
      await waitForPageStatus('Page 1');
      expect(await page.locator('.filter-chip').textContent()).toContain('New in this run');
      await screenshot('14-compare-set-list');
    },
    E2E_TIMEOUT,
  );

  it(
    'opens a record’s story from its row in one click',
    async () => {
      requireBrowser();
      const story = [];
      for await (const appearance of client.recordHistory({ orgId: MAIN_RUN.orgId, syncId: MAIN_RUN.syncId }, 'user-4')) story.push(appearance);
      await open(runUrl(MAIN_RUN, '?q=user-4'));
      await waitForPageStatus('1 match');
      await page.getByTestId('record-story-link').first().click();
      await page.getByTestId('record-story').waitFor();
      await expect.poll(() => page.getByTestId('story-appearance').count(), { timeout: 30_000 }).toBe(story.length);
      const runs = await page.locator('[data-testid=story-appearance] .run-link').allTextContents();
      expect(runs).toEqual(story.map((appearance) => `Run ${appearance.run.runId}`));
      await screenshot('15-record-story');
    },
    E2E_TIMEOUT,
  );

  it(
    'shows API errors as a readable banner',
    async () => {
      requireBrowser();
      await open(runUrl({ ...MAIN_RUN, runId: '9999' }));
      const banner = page.getByTestId('error-banner').first();
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toContain('NOT_FOUND');
      expect(await banner.textContent()).toContain('No sync run at');
      await page.getByText('Run 9999 is not in this location').waitFor();
      // The four requests of the page fail alike: one banner says so.
      await page.waitForTimeout(500);
      expect(await page.getByTestId('error-banner').count()).toBe(1);
      await screenshot('09-error-banner');
    },
    E2E_TIMEOUT,
  );
});
