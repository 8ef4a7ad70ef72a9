// The walkthrough `npm run demo` prints: the questions synctrack exists for, answered on the demo
// bucket with the SDK — sync history, did the newest run get worse, errors grouped, what happened
// to one customer, and a sample of failing rows to hand to the CRM team.
import { SyncTrackingClient, type RunInfo, type RunSummary, type SyncRecord } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { DEMO_SYNCS } from './demo-catalog.js';

export interface MainJobOptions {
  dir: string;
  write: (line: string) => void;
}

const number = new Intl.NumberFormat('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '0.0%' : `${((100 * part) / whole).toFixed(1)}%`);

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function outcomeLine(summary: RunSummary): string {
  const { success, rejected, invalid } = summary.byOutcome;
  return `${number.format(summary.total).padStart(7)} records  ${number.format(success).padStart(7)} success  ${number
    .format(rejected)
    .padStart(6)} rejected (${percent(rejected, summary.total)})  ${number.format(invalid).padStart(5)} invalid`;
}

function recordLine(record: SyncRecord): string {
  return `  ${String(record.identifier ?? '∅').padEnd(10)} ${String(record.status ?? 'NULL').padEnd(9)} ${truncate(record.statusMessage ?? '', 90)}`;
}

export async function runMainJob(options: MainJobOptions): Promise<void> {
  const { write } = options;
  const client = new SyncTrackingClient({ storage: createFsStorage({ root: options.dir }) });
  const sync = DEMO_SYNCS[0]!;
  const section = (title: string) => write(`\n── ${title} ${'─'.repeat(Math.max(0, 74 - title.length))}`);

  section(`Sync history: ${sync.label} (org ${sync.orgId}, sync ${sync.syncId})`);
  const runs: RunInfo[] = await client.listRuns(sync);
  const summaries = new Map<string, RunSummary>();
  for (const run of runs) {
    const summary = await client.summary(run);
    summaries.set(run.runId, summary);
    write(`  run ${run.runId}  ${run.startedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? 'unknown start'}  ${outcomeLine(summary)}`);
  }

  const details = await client.describeRun(runs[0]!);
  write(
    `  source: ${details.sourceObject?.name ?? '?'}  →  destination: ${details.destination?.name ?? '?'} / ${details.destinationObject?.name ?? '?'}`,
  );
  const writing = runs.filter((run) => run.inProgress);
  for (const run of writing) write(`  (run ${run.runId} is still being written: it shows what has landed so far)`);

  // The newest completed run, compared with the one before it.
  const [latest, previous] = runs.filter((run) => !run.inProgress);
  if (latest && previous) {
    const now = summaries.get(latest.runId)!;
    const before = summaries.get(previous.runId)!;
    const rate = (summary: RunSummary) => summary.byOutcome.rejected / Math.max(1, summary.total);
    section(`Did run ${latest.runId} get worse than run ${previous.runId}?`);
    const change = rate(now) / Math.max(rate(before), 1e-9);
    write(
      `  rejected ${percent(now.byOutcome.rejected, now.total)} vs ${percent(before.byOutcome.rejected, before.total)}: ${
        change > 1.1 ? `worse, ×${change.toFixed(2)}` : change < 0.9 ? `better, ×${change.toFixed(2)}` : 'about the same'
      }`,
    );

    section(`Why were records rejected in run ${latest.runId}? (messages grouped by template)`);
    for (const group of (await client.errors(latest, { templates: true, examples: 3 })).slice(0, 6)) {
      write(`  ${number.format(group.count).padStart(6)}  ${truncate(group.statusMessage ?? '(no message)', 88)}`);
      write(`          e.g. ${group.examples.join(', ')}`);
    }

    const failing = await client.sample(latest, { size: 5, outcome: 'rejected', seed: 42 });
    section('What happened to customer ' + (failing[0]?.identifier ?? '?') + ' across the history?');
    if (failing[0]?.identifier) {
      for (const run of runs) {
        const records = await client.find(run, failing[0].identifier);
        if (records.length === 0) write(`  run ${run.runId}: not in this run`);
        for (const record of records) {
          write(`  run ${run.runId}: ${record.operation} → ${record.status}${record.statusMessage ? `: ${truncate(record.statusMessage, 80)}` : ''}`);
        }
      }
    }

    section('5 failing rows for the CRM team (a seeded uniform sample)');
    for (const record of failing) write(recordLine(record));
  }
  write('');
}
