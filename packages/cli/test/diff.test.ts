// `synctrack diff`: the fixture bucket's run 333 against the run before it (332), and back. The
// --json object exactly as issue 18 specifies it, --templates, --list printing records as `find`
// does, the default base, and the human table with arrows and colour on a terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
});

afterAll(async () => {
  await bucket.remove();
});

const BASE_332 = { run_id: '332', started_at: '2026-02-28T09:59:00.000Z', total: 2, outcomes: { success: 1, rejected: 1, invalid: 0 } };
const HEAD_333 = { run_id: '333', started_at: '2026-03-01T09:59:00.000Z', total: 15, outcomes: { success: 5, rejected: 4, invalid: 6 } };

describe('synctrack diff --json', () => {
  it('prints one object: both runs, the five identifier counts, error groups by message', async () => {
    const result = await synctrack(['diff', bucket.run, '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(jsonLines(result.stdout)).toEqual([
      {
        base: BASE_332,
        head: HEAD_333,
        identifiers: { newly_failing: 6, fixed: 0, still_failing: 1, added: 8, removed: 0 },
        errors: [
          { status_message: 'Invalid email: bad@example', base: 1, head: 2, change: 1, new: false },
          { status_message: 'Invalid email: worse@example', base: 0, head: 1, change: 1, new: true },
          { status_message: 'Record locked', base: 0, head: 1, change: 1, new: true },
        ],
      },
    ]);
  });

  it('--templates groups by template and counts the messages', async () => {
    const result = await synctrack(['diff', bucket.run, '--templates', '--json']);
    expect(result.exitCode).toBe(0);
    const [object] = jsonLines(result.stdout) as Array<{ errors: unknown[] }>;
    expect(object!.errors).toEqual([
      { status_message: 'Invalid email: <email>', base: 1, head: 3, change: 2, new: false, messages: 2 },
      { status_message: 'Record locked', base: 0, head: 1, change: 1, new: true, messages: 1 },
    ]);
  });

  it('--base names the run to compare with: the newer run as base, fixed and removed', async () => {
    const result = await synctrack(['diff', bucket.olderRun, '--base', '333', '--json']);
    expect(result.exitCode).toBe(0);
    const [object] = jsonLines(result.stdout) as Array<Record<string, unknown>>;
    expect(object).toMatchObject({ base: HEAD_333, head: BASE_332, identifiers: { newly_failing: 0, fixed: 1, still_failing: 1, added: 0, removed: 8 } });
  });

  it('a run with no run before it, and no --base, is an error saying so', async () => {
    const result = await synctrack(['diff', bucket.olderRun]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('No run of sync 22 started before run 332');
    expect(result.stdout).toBe('');
  });
});

describe('synctrack diff --list', () => {
  it('prints the records of a set as JSON Lines, as find prints them', async () => {
    const listed = await synctrack(['diff', bucket.run, '--list', 'newly-failing', '--json']);
    expect(listed.exitCode).toBe(0);
    const found = await synctrack(['find', bucket.run, 'c-1', 'c-3', 'c-4', 'c-5', 'c-8', 'c-9', '--json']);
    expect(listed.stdout).toBe(found.stdout);
    expect(jsonLines(listed.stdout)).toHaveLength(8);
  });

  it('removed lists the base run’s records; --columns picks fields', async () => {
    const removed = await synctrack(['diff', bucket.olderRun, '--base', '333', '--list', 'removed', '--columns', 'identifier,status', '--json']);
    expect(removed.exitCode).toBe(0);
    const lines = jsonLines(removed.stdout) as Array<{ identifier: string | null; status: string | null }>;
    expect(new Set(lines.map((line) => line.identifier))).toEqual(new Set(['c-3', 'c-4', 'c-5', 'c-6', 'c-7', 'c-8', 'c-9', 'c-10']));
    expect(Object.keys(lines[0]!)).toEqual(['identifier', 'status']);
    const fixed = await synctrack(['diff', bucket.olderRun, '--base', '333', '--list', 'fixed', '--json']);
    expect(fixed.stdout).toBe((await synctrack(['find', bucket.olderRun, 'c-1', '--json'])).stdout);
  });

  it('an unknown set is a usage error', async () => {
    const result = await synctrack(['diff', bucket.run, '--list', 'broken']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('newly-failing');
  });
});

describe('synctrack diff for people', () => {
  it('a compact table with arrows; colour on a terminal', async () => {
    const plain = await synctrack(['diff', bucket.run]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(plain.stdout).toContain('run 333');
    expect(plain.stdout).toMatch(/rejected\s+1\s+4\s+↑ 3/);
    expect(plain.stdout).toMatch(/success\s+1\s+5\s+↑ 4/);
    expect(plain.stdout).toMatch(/newly failing\s+6/);
    expect(plain.stdout).toMatch(/0\s+1\s+↑ 1\s+new\s+Record locked/);
    expect(plain.stdout).toContain('--list newly-failing');
    const tty = await synctrack(['diff', bucket.run], { stdoutTTY: true });
    // More rejections is bad news (red), more successes good (green).
    expect(tty.stdout).toMatch(/\u001b\[31m *↑ 3\u001b\[39m/);
    expect(tty.stdout).toMatch(/\u001b\[32m *↑ 4\u001b\[39m/);
  });
});
