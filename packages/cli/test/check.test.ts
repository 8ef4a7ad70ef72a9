// `synctrack check` and `synctrack watch` on the fixture bucket (run 333 and the run before it, 332):
// rule values and exit codes (0, 8, 2), a run or a sync or a bucket with --org/--sync, config files
// in JSON and YAML with per-sync scopes, the formats CI reads (GitHub annotations and job summary,
// JUnit XML, OpenMetrics), a webhook on a local HTTP server (retried, not called when all holds), and
// a run followed as its files land.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../src/check/notify.js';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
let scratch: string;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  scratch = await mkdtemp(join(tmpdir(), 'synctrack-check-'));
});

afterAll(async () => {
  await bucket.remove();
  await rm(scratch, { recursive: true, force: true });
});

const RUN_333 = { org_id: '11', sync_id: '22', run_id: '333', started_at: '2026-03-01T09:59:00.000Z', total: 15, outcomes: { success: 5, rejected: 4, invalid: 6 }, rejected_rate: 0.266667 };
const RUN_332 = { org_id: '11', sync_id: '22', run_id: '332', started_at: '2026-02-28T09:59:00.000Z', total: 2, outcomes: { success: 1, rejected: 1, invalid: 0 }, rejected_rate: 0.5 };

interface CheckJson {
  run: Record<string, unknown>;
  previous_run: Record<string, unknown> | null;
  ok: boolean;
  rules: Array<{ rule: string; limit: number; value: number | null; ok: boolean; message: string }>;
}

async function checkJson(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; object: CheckJson; stderr: string }> {
  const result = await synctrack(['check', ...args, '--json'], { env });
  const [object] = jsonLines(result.stdout) as CheckJson[];
  return { exitCode: result.exitCode, object: object!, stderr: result.stderr };
}

describe('synctrack check', () => {
  it('prints the documented object; every rule holding is exit 0', async () => {
    const { exitCode, object, stderr } = await checkJson([bucket.run, '--max-rejected-rate', '30', '--max-rejected-rate-increase', '0', '--min-records', '15']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(object.run).toMatchObject(RUN_333);
    expect(object.previous_run).toMatchObject(RUN_332);
    expect(object.ok).toBe(true);
    expect(object.rules).toEqual([
      { rule: 'min_records', limit: 15, value: 15, ok: true, message: '15 records (at least 15)' },
      { rule: 'max_rejected_rate', limit: 30, value: 26.666667, ok: true, message: '26.67% of records rejected (at most 30%)' },
      { rule: 'max_rejected_rate_increase', limit: 0, value: -23.333333, ok: true, message: 'rejected rate 50% → 26.67%, -23.33 points (at most +0)' },
    ]);
  });

  it('a broken rule is exit 8, with the rule named; new errors and newly failing identifiers against the run before', async () => {
    const { exitCode, object } = await checkJson([bucket.run, '--max-rejected-rate', '20', '--max-new-errors', '0', '--max-newly-failing', '6']);
    expect(exitCode).toBe(8);
    expect(object.ok).toBe(false);
    expect(object.rules.map(({ rule, value, ok }) => ({ rule, value, ok }))).toEqual([
      { rule: 'max_rejected_rate', value: 26.666667, ok: false },
      { rule: 'max_newly_failing', value: 6, ok: true },
      { rule: 'max_new_errors', value: 2, ok: false },
    ]);
    expect(object.rules[2]!.message).toBe('2 new error messages (at most 0): "Invalid email: worse@example", "Record locked"');
    const templates = await checkJson([bucket.run, '--max-new-errors', '0', '--templates']);
    expect(templates.object.rules[0]).toMatchObject({ value: 1, message: '1 new error templates (at most 0): "Record locked"' });
  });

  it('takes a sync folder (its newest run) or a bucket with --org and --sync; a sync’s first run has no previous run', async () => {
    const sync = join(bucket.dir, 'sync_tracking_datasets', '11', '22');
    expect((await checkJson([sync, '--max-rejected', '4'])).object.run).toMatchObject({ run_id: '333' });
    expect((await checkJson([bucket.dir, '--org', '11', '--sync', '22', '--max-rejected', '4'])).object.run).toMatchObject({ run_id: '333' });
    const first = await checkJson([bucket.dir, '--org', '11', '--sync', '22', '--run', '332', '--max-new-errors', '0']);
    expect(first.exitCode).toBe(0);
    expect(first.object.previous_run).toBeNull();
    expect(first.object.rules[0]).toMatchObject({ value: null, ok: true, message: 'no previous run to compare with' });
  });

  it('no rule, a bad limit, or --json with another format is a usage error (exit 2)', async () => {
    const none = await synctrack(['check', bucket.run]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/check needs at least one rule: --min-records, --max-rejected, .*, or --config/);
    for (const args of [['--max-rejected-rate', '120'], ['--max-rejected', '-1'], ['--max-new-errors', 'two']]) {
      const result = await synctrack(['check', bucket.run, ...args]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(args[0]);
    }
    const both = await synctrack(['check', bucket.run, '--max-rejected', '1', '--json', '--format', 'junit']);
    expect(both.exitCode).toBe(2);
  });

  it('reads rules from JSON and YAML config files: defaults, then the sync id, then ORG/SYNC, then flags', async () => {
    const json = join(scratch, 'synctrack.config.json');
    await writeFile(json, JSON.stringify({ defaults: { max_rejected_rate: 10, min_records: 1 }, syncs: { '22': { max_rejected_rate: 40 }, '99': { max_rejected: 0 } } }));
    const fromJson = await checkJson([bucket.run, '--config', json]);
    expect(fromJson.exitCode).toBe(0);
    expect(fromJson.object.rules.map(({ rule, limit }) => [rule, limit])).toEqual([['min_records', 1], ['max_rejected_rate', 40]]);
    const yaml = join(scratch, 'synctrack.config.yaml');
    await writeFile(yaml, 'defaults:\n  max_rejected_rate: 10\nsyncs:\n  "11/22":\n    max_new_errors: 0\n    templates: true\n');
    const fromYaml = await checkJson([bucket.run, '--config', yaml, '--max-rejected-rate', '50']);
    expect(fromYaml.exitCode).toBe(8);
    expect(fromYaml.object.rules.map(({ rule, limit, value }) => [rule, limit, value])).toEqual([['max_rejected_rate', 50, 26.666667], ['max_new_errors', 0, 1]]);
    await writeFile(json, JSON.stringify({ defaults: { max_rejected_pct: 10 } }));
    const bad = await synctrack(['check', bucket.run, '--config', json]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(`${json}: defaults has no rule "max_rejected_pct"`);
    const missing = await synctrack(['check', bucket.run, '--config', join(scratch, 'nope.yaml')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
  });

  it('--format github prints annotations and appends a job summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(scratch, 'step-summary.md');
    const result = await synctrack(['check', bucket.run, '--max-rejected-rate', '20', '--max-rejected', '10', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.exitCode).toBe(8);
    // Workflow command data escapes % as %25; a title also escapes : and ,.
    expect(result.stdout).toBe(
      '::error title=synctrack check%3A max_rejected_rate::run 333 (started 2026-03-01 09:59:00 UTC): 15 records, 26.67%25 rejected: 26.67%25 of records rejected (at most 20%25)\n',
    );
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('### synctrack check: ❌ 1 of 2 rules broken');
    expect(markdown).toContain('| ❌ | `max_rejected_rate` | 20 | 26.67% of records rejected (at most 20%) |');
    expect(markdown).toContain('| ✅ | `max_rejected` | 10 | 4 rejected records (at most 10) |');
    const passing = await synctrack(['check', bucket.run, '--max-rejected', '10', '--format', 'github']);
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout).toMatch(/^::notice title=synctrack check::synctrack check: sync 22 run 333 passed 1 rule\n$/);
  });

  it('--format junit writes a test case per rule, a failure for each broken one', async () => {
    const result = await synctrack(['check', bucket.run, '--max-rejected-rate', '20', '--max-rejected', '10', '--format', 'junit']);
    expect(result.exitCode).toBe(8);
    const xml = result.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="synctrack" tests="2" failures="1" errors="0">')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="synctrack.check" name="max_rejected_rate &lt;= 20" time="0">');
    expect(xml).toContain('<failure type="max_rejected_rate" message="26.67% of records rejected (at most 20%)">');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('--format prometheus prints OpenMetrics gauges of the run and the rules, ending in # EOF', async () => {
    const result = await synctrack(['check', bucket.run, '--max-rejected-rate', '20', '--format', 'prometheus']);
    expect(result.exitCode).toBe(8);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('# EOF');
    const labels = 'org_id="11",sync_id="22",run_id="333"';
    expect(lines).toContain(`synctrack_run_records{${labels},outcome="rejected"} 4`);
    expect(lines).toContain(`synctrack_check_ok{${labels}} 0`);
    expect(lines).toContain(`synctrack_check_rule_ok{${labels},rule="max_rejected_rate"} 0`);
    expect(lines).toContain(`synctrack_check_rule_limit{${labels},rule="max_rejected_rate"} 20`);
    // Every sample line is `name{labels} value`, and every family is typed before its samples.
    const typed = new Set<string>();
    for (const line of lines.slice(0, -1)) {
      if (line.startsWith('# TYPE ')) typed.add(line.split(' ')[2]!);
      else if (!line.startsWith('# HELP ')) expect(typed.has(/^([a-z_]+)\{/.exec(line)![1]!)).toBe(true);
    }
  });
});

describe('check --notify', () => {
  let server: Server;
  let url: string;
  const received: Array<{ body: Record<string, unknown>; status: number }> = [];
  let answers: number[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const status = answers.shift() ?? 200;
        if (status === 0) return; // no answer at all: the client's timeout
        received.push({ body: JSON.parse(text) as Record<string, unknown>, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}/hooks/secret-path`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the result with a Slack-style text when a rule breaks, after a 503; not when every rule holds', async () => {
    received.length = 0;
    answers = [503, 200];
    const broken = await synctrack(['check', bucket.run, '--max-rejected', '1', '--notify', url]);
    expect(broken.exitCode).toBe(8);
    expect(received.map((entry) => entry.status)).toEqual([503, 200]);
    const body = received[1]!.body;
    expect(body.text).toBe('synctrack check: sync 22 run 333 broke 1 of 1 rules: max_rejected (4 rejected records (at most 1))');
    expect(body).toMatchObject({ ok: false, run: { run_id: '333' }, rules: [{ rule: 'max_rejected', ok: false }] });
    received.length = 0;
    const passing = await synctrack(['check', bucket.run, '--max-rejected', '10', '--notify', url]);
    expect(passing.exitCode).toBe(0);
    expect(received).toHaveLength(0);
  });

  it('a webhook that keeps failing or never answers is one line on stderr naming its origin only; the exit code stays 8', async () => {
    answers = [500, 500, 500];
    const result = await synctrack(['check', bucket.run, '--max-rejected', '1', '--notify', url], { env: {} });
    expect(result.exitCode).toBe(8);
    expect(result.stderr).toMatch(/The webhook at http:\/\/127\.0\.0\.1:\d+ did not take the notification \(HTTP 500 Internal Server Error, after 3 attempts\)/);
    expect(result.stderr).not.toContain('secret-path');
    answers = [0, 0];
    await expect(postWebhook(new URL(url), { text: 'x' }, { timeoutMs: 200, attempts: 2, backoffMs: 10 })).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      message: expect.stringContaining('no answer within 0.2 s, after 2 attempts'),
    });
    const bad = await synctrack(['check', bucket.run, '--max-rejected', '1', '--notify', 'ftp://example.com/x']);
    expect(bad.exitCode).toBe(2);
  });
});

describe('synctrack watch, check --watch and --wait-complete', () => {
  async function liveRun(name: string): Promise<{ folder: string; files: string[] }> {
    const folder = join(scratch, name, 'sync_tracking_datasets', '11', '22', '333');
    await mkdir(folder, { recursive: true });
    const files = (await readdir(bucket.run)).filter((file) => file.endsWith('.parquet')).sort();
    await copyFile(join(bucket.run, 'metadata.json'), join(folder, 'metadata.json'));
    return { folder, files };
  }

  it('watch prints a JSON line per batch as files land, and stops when the run is quiet', async () => {
    const { folder, files } = await liveRun('watch');
    await copyFile(join(bucket.run, files[0]!), join(folder, files[0]!));
    const watching = synctrack(['watch', folder, '--idle', '1.5', '--poll', '0.05', '--json']);
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const file of files.slice(1)) await copyFile(join(bucket.run, file), join(folder, file));
    const result = await watching;
    expect(result.exitCode).toBe(0);
    const batches = jsonLines(result.stdout) as Array<{ file: string; totals: { records: number; outcomes: Record<string, number> } }>;
    expect(batches.map((batch) => batch.file).sort()).toEqual(files);
    expect(batches.at(-1)!.totals).toMatchObject({ records: 15, outcomes: { success: 5, rejected: 4, invalid: 6 } });
  });

  it('--wait-complete on a run that has ended (not its sync\'s newest) checks it at once, without watching', async () => {
    const result = await synctrack(['check', bucket.olderRun, '--wait-complete', '--max-rejected', '1', '--idle', '600', '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect((jsonLines(result.stdout) as CheckJson[])[0]!.run).toMatchObject({ run_id: '332' });
  });

  it('check --watch exits 8 at the batch that breaks a rule; --wait-complete checks the whole run once it is quiet', async () => {
    const { folder, files } = await liveRun('check-watch');
    for (const file of files) await copyFile(join(bucket.run, file), join(folder, file));
    const watched = await synctrack(['check', folder, '--watch', '--max-rejected', '0', '--idle', '30', '--poll', '0.05', '--json']);
    expect(watched.exitCode).toBe(8);
    const [object] = jsonLines(watched.stdout) as CheckJson[];
    expect(object!.rules[0]).toMatchObject({ rule: 'max_rejected', ok: false });
    expect(object!.run.total).toBeLessThan(15);
    expect(watched.stderr).toMatch(/^synctrack: records_/);
    const waited = await synctrack(['check', folder, '--wait-complete', '--max-rejected', '4', '--idle', '0.5', '--poll', '0.05', '--json']);
    expect(waited.stderr).toContain("records_updated.1.parquet: +3 records");
    expect(waited.exitCode).toBe(0);
    expect((jsonLines(waited.stdout) as CheckJson[])[0]!.run).toMatchObject({ total: 15 });
  });
});
