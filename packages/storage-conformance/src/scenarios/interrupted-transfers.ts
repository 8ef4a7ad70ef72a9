// Transfers that break between the adapter and its real server: a silent server, a body that
// stalls, resets or ends early, a 206 shorter than the range. Each is retried as transient within the
// progress timeout, the bytes already received kept and only the rest asked for again; a fault that
// never clears, and a server that never answers, end in a retryable STORAGE_UNAVAILABLE that says how
// many attempts were made, within a bounded time.
import { randomBytes } from 'node:crypto';
import type { StorageAdapter } from '@synctrack/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterFixture, FaultTestOptions } from '../adapter-fixture.js';
import { startFaultProxy, startSilentEndpoint, type BodyFault, type FaultProxy } from '../fault-proxy.js';
import { expectBytes, expectStorageError } from '../storage-assertions.js';

const SIZE = 256 * 1024;
const SENT_FIRST = 64 * 1024;

async function withAdapter(url: string, options: FaultTestOptions, run: (fixture: AdapterFixture) => Promise<void>): Promise<void> {
  const fixture = await options.create(url);
  try {
    await run(fixture);
  } finally {
    await fixture.storage.close?.();
    await fixture.cleanup?.();
  }
}

/** The byte range a logged request asked for (S3 and GCS send `Range`, Azure `x-ms-range`). */
function rangeAsked(entry: { headers: Record<string, string | string[] | undefined> } | undefined): string {
  return String(entry?.headers['x-ms-range'] ?? entry?.headers.range ?? '');
}

async function seed(storage: StorageAdapter, key: string): Promise<Uint8Array> {
  const data = new Uint8Array(randomBytes(SIZE));
  await storage.write!(key, data);
  return data;
}

export function describeInterruptedTransfers(options: FaultTestOptions & { readTimeoutMs: number }): void {
  const timeout = options.readTimeoutMs;
  // Every attempt may wait out the timeout once, plus backoff between attempts and start-up.
  const bound = options.attempts * (timeout + 1_000) + 3_000;

  describe('interrupted transfers', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(options.target);
    });
    afterAll(() => proxy.stop());
    const throughProxy = (run: (storage: StorageAdapter) => Promise<void>) => {
      proxy.reset();
      return withAdapter(proxy.url, options, ({ storage }) => run(storage));
    };

    it(
      'stallBeforeHeaders: a request that gets no answer is aborted after the progress timeout and retried',
      () =>
        throughProxy(async (storage) => {
          const data = await seed(storage, 'stalled.bin');
          proxy.reset();
          proxy.inject({ kind: 'stall' });
          const started = Date.now();
          expectBytes(await storage.read('stalled.bin'), data);
          expect(Date.now() - started).toBeGreaterThanOrEqual(timeout * 0.9);
          expect(proxy.requests).toBe(2);
        }),
      bound,
    );

    const resumes = (fault: BodyFault, name: string, title: string) =>
      it(
        `${name}: ${title}`,
        () =>
          throughProxy(async (storage) => {
            const data = await seed(storage, `${fault}.bin`);
            proxy.reset();
            proxy.inject({ kind: 'body', fault, afterBytes: SENT_FIRST });
            expectBytes(await storage.read(`${fault}.bin`), data);
            expect(proxy.requests).toBe(2);
            expect(rangeAsked(proxy.log[0])).toBe('');
            // A reset may discard bytes already sent; a stall or an early close delivers them all.
            if (fault === 'reset') expect(rangeAsked(proxy.log[1])).toMatch(new RegExp(`^bytes=\\d+-${SIZE - 1}$`));
            else expect(rangeAsked(proxy.log[1])).toBe(`bytes=${SENT_FIRST}-${SIZE - 1}`);
          }),
        bound,
      );
    resumes('stall', 'stallMidBody', 'a body that stops sending is aborted after the progress timeout; the rest is asked for again');
    resumes('reset', 'resetMidBody', 'a connection reset inside the body is retried from where it broke');
    resumes('truncate', 'truncatedBody', 'a connection closed before Content-Length is transient, never corrupt data: the rest is asked for again');

    it(
      'short206: a consistent 206 with fewer bytes than the range asked is completed by asking for the rest',
      () =>
        throughProxy(async (storage) => {
          const data = await seed(storage, 'short.bin');
          proxy.reset();
          proxy.inject({ kind: 'short206', bytes: 10_000 });
          const range = { offset: 1_000, length: 100_000 };
          expectBytes(await storage.read('short.bin', { range }), data.subarray(1_000, 101_000));
          expect(proxy.requests).toBe(2);
          expect(rangeAsked(proxy.log[0])).toBe('bytes=1000-100999');
          expect(rangeAsked(proxy.log[1])).toBe('bytes=11000-100999');
        }),
      bound,
    );

    it(
      'givesUpOnBrokenBodies: a body that always breaks is a retryable STORAGE_UNAVAILABLE after the attempt limit, saying so',
      () =>
        throughProxy(async (storage) => {
          await seed(storage, 'broken.bin');
          proxy.reset();
          proxy.inject({ kind: 'body', fault: 'truncate', afterBytes: 1_000 }, options.attempts + 5);
          const error = await expectStorageError(storage.read('broken.bin'), 'STORAGE_UNAVAILABLE', storage, 'broken.bin');
          expect(error.retryable).toBe(true);
          expect(error.message).toContain(`after ${options.attempts} attempts`);
          expect(proxy.requests).toBe(options.attempts);
        }),
      bound,
    );

    it(
      'neverAnswers: a server that accepts connections and never writes fails read and stat with STORAGE_UNAVAILABLE within the bound, leaving no connection open once closed',
      async () => {
        const silent = await startSilentEndpoint();
        try {
          await withAdapter(silent.url, options, async ({ storage }) => {
            for (const [operation, call] of [
              ['read', () => storage.read('never.bin')],
              ['stat', () => storage.stat('never.bin')],
            ] as const) {
              const before = silent.connections;
              const started = Date.now();
              const error = await expectStorageError(call(), 'STORAGE_UNAVAILABLE', storage, 'never.bin');
              const elapsed = Date.now() - started;
              expect(error.retryable, operation).toBe(true);
              expect(error.message, operation).toContain(`after ${options.attempts} attempts`);
              expect(silent.connections - before, operation).toBe(options.attempts);
              expect(elapsed, operation).toBeGreaterThanOrEqual(timeout * 0.9);
              expect(elapsed, operation).toBeLessThan(bound);
            }
          });
          // An attempt the adapter gave up on must not hold its connection: it would keep a CLI process alive.
          for (let waited = 0; silent.open > 0 && waited < 2_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
          expect(silent.open, 'connections left open after close()').toBe(0);
        } finally {
          await silent.stop();
        }
      },
      3 * bound,
    );
  });
}
