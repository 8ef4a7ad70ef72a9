// A ranged read that survives a broken transfer: the bytes received are kept and the rest is asked
// for again. A reset or stalled body, a body that ends before its Content-Length, and a 206 with
// fewer bytes than asked are all transient (another attempt fixes them), never corrupt data.
import { RangeNotSatisfiableError } from '../errors/range-not-satisfiable-error.js';
import type { ByteRange } from './storage-adapter.js';
import { resolveRange } from './storage-keys.js';
import { ProgressTimeoutError, TransientTransferError, retryStorageCall, type StorageAttempt, type StorageCallOptions } from './storage-retry.js';

/** One response to a ranged GET, as the adapter read its status and headers. */
export interface RangeResponse {
  body: AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };
  /** Offset in the object of the body's first byte: the Content-Range start, 0 for a 200. */
  start: number;
  /** Bytes the response declares (its Content-Range span or Content-Length), when it does. */
  length?: number;
  /** The object's size, when the response says (Content-Range total, Content-Length of a 200). */
  size?: number;
  /** Requests this response took, when the SDK retried inside (default 1). */
  attempts?: number;
  /**
   * Lets go of a body whose rest is not wanted, after its iteration was ended early (default: the
   * iterator's `return()` or `destroy()`). For SDKs where destroying a body costs more than reading it.
   */
  release?: () => void;
}

export interface ResumableReadOptions extends StorageCallOptions {
  range: ByteRange | undefined;
  allocate?: (length: number) => Uint8Array;
  /** Sends one GET: first for the caller's range, then for `{ offset, length }` of the bytes still missing. */
  request: (range: ByteRange | undefined, attempt: StorageAttempt) => Promise<RangeResponse>;
}

/** Reads `range` of an object, resuming after transient failures, within the retry settings' attempts. */
export function readResumable(options: ResumableReadOptions): Promise<Uint8Array> {
  // Where the wanted bytes lie in the object, known from the first response.
  let wanted: { start: number; end: number | undefined } | undefined;
  let position = 0;
  let into: Uint8Array | undefined;
  let chunks: Uint8Array[] = [];
  return retryStorageCall(async (attempt) => {
    // Without a known end there is nothing to ask "the rest" of: start over.
    if (wanted?.end === undefined) {
      wanted = undefined;
      chunks = [];
    }
    const range = wanted === undefined ? options.range : { offset: position, length: wanted.end! - position };
    const response = await options.request(range, attempt);
    attempt.progress();
    const onAbort = () => response.body.destroy?.(attempt.signal.reason as Error);
    attempt.signal.addEventListener('abort', onAbort, { once: true });
    let at = response.start;
    try {
      if (wanted === undefined) {
        wanted = wantedSpan(options, response);
        position = wanted.start;
        if (wanted.end !== undefined) into = options.allocate?.(wanted.end - wanted.start) ?? new Uint8Array(wanted.end - wanted.start);
      }
      if (response.start > position) throw new Error(`the server answered from byte ${response.start} instead of ${position}`);
      const end = wanted.end;
      const askedFrom = position;
      let leftEarly = false;
      for await (const chunk of response.body) {
        attempt.progress();
        const from = Math.max(position, at);
        at += chunk.length;
        const to = end === undefined ? at : Math.min(at, end);
        if (to > from) {
          const part = chunk.subarray(from - (at - chunk.length), to - (at - chunk.length));
          if (into !== undefined) into.set(part, from - wanted.start);
          else chunks.push(part);
          position = to;
        }
        // The rest is not wanted (a 200 that ignored the range).
        if (end !== undefined && position >= end) {
          leftEarly = true;
          break;
        }
      }
      if (leftEarly) response.release?.();
      const declaredEnd = response.length === undefined ? undefined : response.start + response.length;
      if (declaredEnd !== undefined && at < declaredEnd && (end === undefined || position < end)) {
        throw new Error(`the body ended after ${at - response.start} of the ${response.length} bytes it declared`);
      }
      if (end !== undefined && position < end) {
        throw new Error(`the answer ended at byte ${at - 1} of the ${askedFrom}-${end - 1} asked`);
      }
      if (into !== undefined) return into;
      return concat(chunks);
    } catch (error) {
      if (error instanceof RangeNotSatisfiableError) {
        if (response.release !== undefined) response.release();
        else response.body.destroy?.();
        throw error;
      }
      response.body.destroy?.();
      const received = wanted?.end === undefined ? '' : ` (${position - wanted.start} of ${wanted.end - wanted.start} bytes received)`;
      const reason = attempt.signal.reason instanceof ProgressTimeoutError ? attempt.signal.reason : error;
      throw new TransientTransferError(`${(reason as Error).message ?? String(reason)}${received}`, response.attempts ?? 1, { cause: error });
    } finally {
      attempt.signal.removeEventListener('abort', onAbort);
    }
  }, options);
}

/** The part of the object the caller asked for, once a response has told its size. */
function wantedSpan(options: ResumableReadOptions, response: RangeResponse): { start: number; end: number | undefined } {
  const { range } = options;
  const declaredEnd = response.length === undefined ? undefined : response.start + response.length;
  if (response.size === undefined) {
    if (range === undefined) return { start: 0, end: declaredEnd };
    if ('suffix' in range) return { start: response.start, end: declaredEnd };
    return { start: range.offset, end: declaredEnd ?? range.offset + range.length };
  }
  const span = resolveRange(range, response.size);
  if (span === 'unsatisfiable') {
    throw new RangeNotSatisfiableError({
      message: `The range starts past the end of ${options.where} (${response.size} bytes)`,
      context: options.context,
    });
  }
  return span;
}

/** Start, declared length and object size from a response's status and headers. */
export function rangeResponseHead(status: number | undefined, contentRange: string | undefined, contentLength: number | string | undefined) {
  const length = contentLength === undefined || contentLength === '' ? undefined : Number(contentLength);
  const parsed = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange?.trim() ?? '');
  if (status === 206 && parsed !== null) {
    const start = Number(parsed[1]);
    return { start, length: Number(parsed[2]) - start + 1, size: parsed[3] === '*' ? undefined : Number(parsed[3]) };
  }
  const known = length !== undefined && Number.isSafeInteger(length) ? length : undefined;
  return { start: 0, length: known, size: status === 200 ? known : undefined };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
