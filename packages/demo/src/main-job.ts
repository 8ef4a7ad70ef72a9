// The walkthrough `npm run demo` prints: the questions synctrack exists for, answered on the demo
// bucket with the SDK — how the sync trends, did the newest run get worse and what changed since
// the run before (who started failing, who was fixed, which error is new), errors grouped, one
// customer's story across the runs, and a sample of failing rows to hand to the CRM team.
import { SyncTrackingClient, type RunInfo, type RunTrend, type SyncRecord } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { DEMO_SYNCS } from './demo-catalog.js';

export interface MainJobOptions {
  dir: string;
  write: (line: string) => void;
}

const number = new Intl.NumberFormat('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '0.0%' : `${((100 * part) / whole).toFixed(1)}%`);
const signed = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${number.format(Math.abs(value))}`;

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function trendLine(trend: RunTrend, run: RunInfo | undefined): string {
  const started = trend.run.startedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? 'unknown start';
  const stats = trend.stats;
  if (stats === null) return `  run ${trend.run.runId}  ${started}  could not be read: ${trend.error?.message ?? 'unknown error'}`;
  const { success, rejected, invalid } = stats.byOutcome;
  const change = trend.rejectedRateChange === null ? '' : ` ${trend.rejectedRateChange >= 0 ? '▲' : '▼'}${Math.abs(100 * trend.rejectedRateChange).toFixed(1)} pt`;
  return (
    `  run ${trend.run.runId}  ${started}  ${number.format(stats.total).padStart(7)} records  ${number.format(success).padStart(7)} success  ` +
    `${number.format(rejected).padStart(6)} rejected (${percent(rejected, stats.total)}${change})  ${number.format(invalid).padStart(5)} invalid` +
    (run?.inProgress ? '  ← still being written' : '')
  );
}

function recordLine(record: SyncRecord): string {
  return `  ${String(record.identifier ?? '∅').padEnd(10)} ${String(record.status ?? 'NULL').padEnd(9)} ${truncate(record.statusMessage ?? '', 90)}`;
}

export interface MainJobResult {
  /** The customer whose story the walkthrough told (one fixed in the newest completed run), if any. */
  storyIdentifier: string | null;
}

export async function runMainJob(options: MainJobOptions): Promise<MainJobResult> {
  const { write } = options;
  const client = new SyncTrackingClient({ storage: createFsStorage({ root: options.dir }) });
  try {
    return { storyIdentifier: await walkThrough(client, write) };
  } finally {
    await client.close();
  }
}

async function walkThrough(client: SyncTrackingClient, write: (line: string) => void): Promise<string | null> {
  const sync = DEMO_SYNCS[0]!;
  const section = (title: string) => write(`\n── ${title} ${'─'.repeat(Math.max(0, 74 - title.length))}`);

  section(`Sync history: ${sync.label} (org ${sync.orgId}, sync ${sync.syncId})`);
  const runs: RunInfo[] = await client.listRuns(sync);
  const history = await client.syncHistory(sync);
  for (const trend of history.runs) write(trendLine(trend, runs.find((run) => run.runId === trend.run.runId)));
  const details = await client.describeRun(runs[0]!);
  write(
    `  source: ${details.sourceObject?.name ?? '?'}  →  destination: ${details.destination?.name ?? '?'} / ${details.destinationObject?.name ?? '?'}`,
  );
  for (const run of runs.filter((item) => item.inProgress)) write(`  (run ${run.runId} is still being written: it shows what has landed so far)`);

  // The newest completed run, compared with the one before it.
  const [latest, previous] = runs.filter((run) => !run.inProgress);
  if (latest === undefined || previous === undefined) return null;
  const comparison = await client.compareRuns(previous, latest, { templates: true });
  const { base, head } = comparison;
  section(`Did run ${latest.runId} get worse than run ${previous.runId}?`);
  const rate = (run: typeof base) => run.byOutcome.rejected / Math.max(1, run.total);
  const change = rate(head) / Math.max(rate(base), 1e-9);
  write(
    `  rejected ${percent(head.byOutcome.rejected, head.total)} vs ${percent(base.byOutcome.rejected, base.total)}: ${
      change > 1.1 ? `worse, ×${change.toFixed(2)}` : change < 0.9 ? `better, ×${change.toFixed(2)}` : 'about the same'
    }`,
  );
  const ids = comparison.identifiers;
  write(
    `  customers: ${number.format(ids.newlyFailing)} started failing, ${number.format(ids.fixed)} were fixed, ${number.format(ids.stillFailing)} still failing; ` +
      `${number.format(ids.added)} new, ${number.format(ids.removed)} gone`,
  );
  for (const group of comparison.errors.filter((item) => item.new)) {
    write(`  new error: ${truncate(group.statusMessage ?? '(no message)', 140)}  (${number.format(group.head)} records)`);
  }
  for (const group of comparison.errors.filter((item) => !item.new).slice(0, 3)) {
    write(`  ${signed(group.change).padStart(6)}  ${truncate(group.statusMessage ?? '(no message)', 80)}`);
  }

  section(`Why were records rejected in run ${latest.runId}? (messages grouped by template)`);
  for (const group of (await client.errors(latest, { templates: true, examples: 3 })).slice(0, 6)) {
    write(`  ${number.format(group.count).padStart(6)}  ${truncate(group.statusMessage ?? '(no message)', 88)}`);
    write(`          e.g. ${group.examples.join(', ')}`);
  }

  // A customer fixed in the newest completed run: the story shows when it broke, and what fixed it.
  let customer: string | null = null;
  for await (const record of comparison.records('fixed')) {
    customer = record.identifier;
    break;
  }
  if (customer !== null) {
    section(`What happened to customer ${customer} across the history?`);
    const lines = new Map<string, string[]>();
    for await (const appearance of client.recordHistory(sync, customer)) {
      const record = appearance.record;
      const changed = appearance.changedFields.length > 0 ? `  (changed: ${appearance.changedFields.join(', ')})` : '';
      const line = `${record.operation} → ${record.status}${record.statusMessage ? `: ${truncate(record.statusMessage, 70)}` : ''}${changed}`;
      lines.set(appearance.run.runId, [...(lines.get(appearance.run.runId) ?? []), line]);
    }
    // Oldest run first, as the story reads.
    for (const run of runs.slice().reverse()) {
      const found = lines.get(run.runId) ?? [run.inProgress ? 'not in it (yet: still being written)' : 'not in this run'];
      for (const line of found) write(`  run ${run.runId}: ${line}`);
    }
  }

  const failing = await client.sample(latest, { size: 5, outcome: 'rejected', seed: 42 });
  section('5 failing rows for the CRM team (a seeded uniform sample)');
  for (const record of failing) write(recordLine(record));
  write('');
  return customer;
}
