// Transient faults injected between the adapter and its real server: retried with bounded backoff,
// given up on as a retryable STORAGE_UNAVAILABLE, and an AbortSignal cancels a request in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterFixture, FaultTestOptions } from '../adapter-fixture.js';
import { startFaultProxy, type FaultProxy } from '../fault-proxy.js';
import { expectStorageError, text, utf8 } from '../storage-assertions.js';

async function withAdapter(options: FaultTestOptions, proxy: FaultProxy, run: (fixture: AdapterFixture) => Promise<void>): Promise<void> {
  proxy.reset();
  const fixture = await options.create(proxy.url);
  try {
    await run(fixture);
  } finally {
    await fixture.storage.close?.();
    await fixture.cleanup?.();
  }
}

export function describeTransientFaults(options: FaultTestOptions): void {
  describe('transient faults', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(options.target);
    });
    afterAll(() => proxy.stop());

    it('retriesTransientFailures: a 503 and a reset connection are retried, then the read succeeds', () =>
      withAdapter(options, proxy, async ({ storage }) => {
        await storage.write!('retry.txt', utf8('eventually'));
        proxy.reset();
        proxy.inject({ kind: 'status', status: 503, body: 'Service Unavailable' });
        proxy.inject({ kind: 'reset' });
        expect(text(await storage.read('retry.txt'))).toBe('eventually');
        expect(proxy.requests).toBe(3);
      }));

    it('givesUpAfterBoundedAttempts: a fault that never clears is a retryable STORAGE_UNAVAILABLE', () =>
      withAdapter(options, proxy, async ({ storage }) => {
        proxy.inject({ kind: 'status', status: 500, body: 'Internal Server Error' }, options.attempts + 5);
        const error = await expectStorageError(storage.stat('unavailable.parquet'), 'STORAGE_UNAVAILABLE', storage, 'unavailable.parquet');
        expect(error.retryable).toBe(true);
        expect(error.cause).toBeDefined();
        expect(proxy.requests).toBe(options.attempts);
      }));

    it('abortsInFlightRequest: aborting the signal ends a slow read at once with ABORTED', () =>
      withAdapter(options, proxy, async ({ storage }) => {
        await storage.write!('slow.txt', utf8('slow'));
        proxy.inject({ kind: 'delay', ms: 10_000 });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const started = Date.now();
        await expectStorageError(storage.read('slow.txt', { signal: controller.signal }), 'ABORTED', storage);
        expect(Date.now() - started).toBeLessThan(3_000);
      }));
  });
}
