// The viewer's first page of the Rejected tab on a big run, timed in Debian's Chromium from the
// click on the tab to the first record row on screen (a benchmark, not a test).
//   npx tsx packages/viewer/test/bench-first-render.ts [records=1000000]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SyncRunWriter } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { startViewer } from '../src/index.js';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const PER_FILE = 10_000;
const run = { orgId: '1', syncId: '100', runId: 'bench' };

const dir = await mkdtemp(join(tmpdir(), 'synctrack-render-bench-'));
try {
  const storage = createFsStorage({ root: dir });
  const writer = new SyncRunWriter({ storage, run });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-23T06:00:00Z' });
  for (let start = 0; start < RECORDS; start += PER_FILE) {
    const at = new Date(Date.UTC(2026, 10, 23, 6) + start);
    await writer.writeBatch(
      'records_updated',
      Array.from({ length: Math.min(PER_FILE, RECORDS - start) }, (_, offset) => {
        const index = start + offset;
        const roll = (index * 7919) % 100;
        const status = roll < 90 ? 'succeeded' : roll < 98 ? 'rejected' : roll < 99 ? 'NULL' : 'DUPLICATE';
        return {
          identifier: String(1_000_000_000 + ((index * 2_654_435_761) % 8_999_999_999)),
          payload: { email: `user${index}@example.com`, lifetime_value: (index * 37) % 250_000, notes: `${index}`.padStart(12, '0').repeat(12) },
          operation: 'upsert',
          status,
          statusMessage: status === 'rejected' ? 'INVALID_EMAIL_ADDRESS: Email: invalid email address' : null,
          batchStartedAt: at,
          batchEndedAt: new Date(at.getTime() + 15_000),
        };
      }),
    );
  }
  const viewer = await startViewer({ storage, port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const timings: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.goto(`${viewer.url}#/runs/${run.orgId}/${run.syncId}/${run.runId}`);
      await page.getByTestId('record-row').first().waitFor();
      const started = performance.now();
      await page.getByTestId('status-tab-rejected').click();
      // Done when the table holds rows and every one of them is a rejected record.
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="record-row"]')];
        return rows.length > 0 && rows.every((row) => row.textContent?.includes('Rejected'));
      });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.log(`${RECORDS.toLocaleString('en-US')} records: click on Rejected → first rejected row on screen, median of 5: ${timings[2]!.toFixed(0)} ms (all: ${timings.map((t) => t.toFixed(0)).join(', ')} ms)`);
  } finally {
    await browser.close();
    await viewer.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
