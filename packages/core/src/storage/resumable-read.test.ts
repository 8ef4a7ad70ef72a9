// readResumable and retryStorageCall against scripted responses: what is asked for again after each
// kind of broken transfer, how attempts are counted, and what is never retried.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors/not-found-error.js';
import { StorageUnavailableError } from '../errors/storage-unavailable-error.js';
import { SyncTrackError } from '../errors/sync-track-error.js';
import { rangeResponseHead, readResumable, type RangeResponse } from './resumable-read.js';
import type { ByteRange } from './storage-adapter.js';
import { retryStorageCall, type RetrySettings } from './storage-retry.js';

const OBJECT = Uint8Array.from({ length: 1000 }, (_, index) => index % 251);
const RETRY: RetrySettings = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2, progressTimeoutMs: 200 };
const CONTEXT = { adapter: 'test', bucket: 'b', key: 'k', operation: 'read' };
const common = { retry: RETRY, context: CONTEXT, where: 'test://b/k', toError: (error: unknown) => toError(error) };

function toError(error: unknown): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  return new StorageUnavailableError({
    message: `mapped: ${(error as Error).message}`,
    retryable: (error as { transient?: boolean }).transient === true,
  });
}

/** A body of `bytes` in chunks of 100, then `end`: a clean end, an error, or silence. */
function body(bytes: Uint8Array, end: 'end' | 'error' | 'stall' = 'end'): RangeResponse['body'] {
  const chunks = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, index) => bytes.subarray(index * 100, index * 100 + 100));
  return new Readable({
    read() {
      const chunk = chunks.shift();
      if (chunk !== undefined) this.push(chunk);
      else if (end === 'end') this.push(null);
      else if (end === 'error') this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    },
  });
}

/** What a server with OBJECT answers for `range`, sending only `limit` bytes of the body. */
function answer(
  range: ByteRange | undefined,
  options: { limit?: number; end?: 'end' | 'error' | 'stall'; ignoreRange?: boolean; shortBy?: number } = {},
): RangeResponse {
  if (range === undefined || options.ignoreRange)
    return { ...rangeResponseHead(200, undefined, OBJECT.length), body: body(OBJECT.subarray(0, options.limit), options.end) };
  const start = 'suffix' in range ? OBJECT.length - range.suffix : range.offset;
  const last = Math.min(OBJECT.length, 'suffix' in range ? OBJECT.length : range.offset + range.length) - 1 - (options.shortBy ?? 0);
  const head = rangeResponseHead(206, `bytes ${start}-${last}/${OBJECT.length}`, last - start + 1);
  return { ...head, body: body(OBJECT.subarray(start, Math.min(last + 1, start + (options.limit ?? Infinity))), options.end) };
}

function scripted(...script: Array<(range: ByteRange | undefined) => RangeResponse | Promise<RangeResponse>>) {
  const asked: Array<ByteRange | undefined> = [];
  return {
    asked,
    request: async (range: ByteRange | undefined) => {
      asked.push(range);
      const next = script.shift() ?? ((part) => answer(part));
      return next(range);
    },
  };
}

describe('readResumable', () => {
  it('keeps the bytes of a body that broke and asks for the rest', async () => {
    const server = scripted((range) => answer(range, { limit: 300, end: 'error' }));
    expect(await readResumable({ ...common, range: undefined, request: server.request })).toEqual(OBJECT);
    expect(server.asked).toEqual([undefined, { offset: 300, length: 700 }]);
  });

  it('asks for the rest of a body that ended cleanly but short, and of a consistent 206 shorter than the range', async () => {
    const server = scripted(
      (range) => ({ ...answer(range), body: body(OBJECT.subarray(100, 250)) }),
      (range) => answer(range, { shortBy: 400 }),
    );
    expect(await readResumable({ ...common, range: { offset: 100, length: 800 }, request: server.request })).toEqual(OBJECT.subarray(100, 900));
    expect(server.asked).toEqual([
      { offset: 100, length: 800 },
      { offset: 250, length: 650 },
      { offset: 500, length: 400 },
    ]);
  });

  it('resumes a suffix read by offset, and cuts a 200 that ignored the range to what was asked', async () => {
    const suffix = scripted((range) => answer(range, { limit: 50, end: 'error' }));
    expect(await readResumable({ ...common, range: { suffix: 120 }, request: suffix.request })).toEqual(OBJECT.subarray(880));
    expect(suffix.asked).toEqual([{ suffix: 120 }, { offset: 930, length: 70 }]);
    const ignored = scripted((range) => answer(range, { ignoreRange: true }));
    expect(await readResumable({ ...common, range: { offset: 10, length: 5 }, request: ignored.request })).toEqual(OBJECT.subarray(10, 15));
    await expect(
      readResumable({ ...common, range: { offset: 5000, length: 5 }, request: async (range) => answer(range, { ignoreRange: true }) }),
    ).rejects.toMatchObject({
      code: 'RANGE_NOT_SATISFIABLE',
      context: CONTEXT,
    });
  });

  it('fills the memory `allocate` gives', async () => {
    const memory = new Uint8Array(400);
    const result = await readResumable({
      ...common,
      range: { offset: 200, length: 400 },
      allocate: () => memory,
      request: scripted((range) => answer(range, { limit: 100, end: 'error' })).request,
    });
    expect(result).toBe(memory);
    expect(result).toEqual(OBJECT.subarray(200, 600));
  });

  it('aborts a stalled body after the progress timeout and gives up after the attempts, saying how many', async () => {
    const server = scripted(...Array.from({ length: 4 }, () => (range: ByteRange | undefined) => answer(range, { limit: 100, end: 'stall' })));
    const started = Date.now();
    const error = await readResumable({ ...common, range: undefined, request: server.request }).catch((caught: unknown) => caught as SyncTrackError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * RETRY.progressTimeoutMs * 0.9);
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryable: true, context: CONTEXT });
    expect((error as Error).message).toBe('Could not read test://b/k after 4 attempts: no bytes for 0.2 s (400 of 1000 bytes received)');
    expect(server.asked.map((range) => (range === undefined ? 'all' : 'offset' in range ? range.offset : range))).toEqual(['all', 100, 200, 300]);
  });
});

describe('retryStorageCall', () => {
  it('retries what the adapter maps as retryable and counts the attempts an SDK made inside', async () => {
    let calls = 0;
    const error = await retryStorageCall<never>(
      async () => {
        calls++;
        throw Object.assign(new Error('503'), { transient: true, sdkAttempts: 2 });
      },
      {
        ...common,
        toError: (failure, attempts) =>
          new StorageUnavailableError({ message: `after ${attempts}`, retryable: (failure as { transient: boolean }).transient }),
        attemptsOf: (failure) => (failure as { sdkAttempts: number }).sdkAttempts,
      },
    ).catch((caught: unknown) => caught as Error);
    expect(calls).toBe(2);
    expect(error.message).toBe('after 4');
  });

  it('does not retry what is not retryable, and turns the caller’s abort into ABORTED at once', async () => {
    let calls = 0;
    const missing = new NotFoundError({ message: 'No object test://b/k', context: CONTEXT });
    await expect(retryStorageCall(async () => (calls++, Promise.reject(missing)), common)).rejects.toBe(missing);
    expect(calls).toBe(1);
    const controller = new AbortController();
    const pending = retryStorageCall(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))), {
      ...common,
      signal: controller.signal,
    });
    controller.abort(new Error('the caller gave up'));
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', context: CONTEXT });
  });

  it('a call that never answers is aborted after the progress timeout, each attempt', async () => {
    let calls = 0;
    const started = Date.now();
    const error = await retryStorageCall<never>(
      ({ signal }) => {
        calls++;
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
        );
      },
      { ...common, retry: { ...RETRY, maxAttempts: 3 } },
    ).catch((caught: unknown) => caught as Error);
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * RETRY.progressTimeoutMs * 0.9);
    expect(error.message).toBe('Could not read test://b/k after 3 attempts: no bytes for 0.2 s');
  });
});
