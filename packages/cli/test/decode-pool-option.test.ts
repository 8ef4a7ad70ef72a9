// Who owns the decode workers of an in-process command (CliIo's `decodePool`): a command on its own
// ends them when it is done (a one-command process holds no idle workers while it sorts and prints);
// a program that passes its pool keeps its workers running between commands and closes them itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecodePool } from '@synctrack/core/internal';
import { runCli } from '../src/index.js';
import { commandDecodePool } from '../src/location/command-decode-pool.js';
import { CapturedStream, jsonLines } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
});

afterAll(async () => {
  await bucket.remove();
});

async function run(args: string[], io: { decodePool?: DecodePool }): Promise<unknown[]> {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  expect(await runCli([...args, '--json'], { env: {}, stdout, stderr, ...io })).toBe(0);
  expect(stderr.text).toBe('');
  return jsonLines(stdout.text);
}

const filter = (io: { decodePool?: DecodePool }) => run(['filter', bucket.run], io);

describe('decode workers of in-process commands', () => {
  // errors and filter leave decoding to one worker; the others' main thread decodes too.
  it.each([
    ['filter', 'worker'],
    ['sample', 'caller-too'],
  ] as const)('%s without a pool uses the process’s own (%s) and ends its workers when done', async (command, decoding) => {
    const release = vi.spyOn(commandDecodePool(decoding), 'release');
    try {
      const args = command === 'sample' ? ['sample', bucket.run, '--size', '3'] : [command, bucket.run];
      expect((await run(args, {})).length).toBeGreaterThan(0);
      expect(release).toHaveBeenCalledTimes(1);
      expect(commandDecodePool(decoding).runningWorkers).toBe(0);
    } finally {
      release.mockRestore();
    }
  });

  it('commands given a pool decode with it, leave its workers running, and answer as without it', async () => {
    const pool = new DecodePool({ callerDecodes: true });
    const release = vi.spyOn(pool, 'release');
    try {
      const alone = await filter({});
      const first = await filter({ decodePool: pool });
      expect(pool.runningWorkers).toBeGreaterThan(0);
      expect(await filter({ decodePool: pool })).toEqual(first);
      expect(first).toEqual(alone);
      expect(release).not.toHaveBeenCalled();
    } finally {
      await pool.close();
    }
  });
});
