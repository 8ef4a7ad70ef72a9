// Whose fault a failed decode is: the user's file (INVALID_DATA) or synctrack and its environment
// (INTERNAL). A corrupt file must never be reported as our bug, and our bug must never blame the
// user's file, so the rule is:
//
// - The file's, for certain: our decoders' own complaints about the bytes (PageDecodeError,
//   RleError, SnappyError, a gzip stream zlib refuses) and parquet-wasm's parse errors on the bytes
//   (an ordinary Error it returns from a read; see `fromParquetWasm`).
// - Ours, for certain: a TypeError, ReferenceError or SyntaxError (code that does not run as
//   written), a stack overflow, an allocation or heap-limit failure, a worker that cannot start,
//   a module that cannot load.
// - Anything else (a RangeError, a wasm panic, `RuntimeError: unreachable`, after every byte was
//   fetched and handed over) proves nothing by itself, so the chunks are checked again with the
//   JavaScript decoder (`recheckChunks`: page headers, sizes, decompression, values). A defect it
//   finds is the file's, named by column. When every chunk checks out, the failure is ours. When
//   some chunks cannot be checked that way (zstd, DELTA encodings), the error stays INVALID_DATA
//   but says what it is not sure of, and asks for a report if other readers read the file.
import { InternalError } from '../errors/internal-error.js';
import { InvalidDataError } from '../errors/invalid-data-error.js';
import { REPORT_HINT } from '../errors/report-hint.js';
import type { SyncTrackError } from '../errors/sync-track-error.js';
import type { DecodeFailure, DecodeTask, FailureVerdict, RecheckResult } from './decode-protocol.js';
import { chunkBytes } from './task-chunks.js';
import { decodeChunk, PageDecodeError, UnsupportedChunkError } from '../parquet/page-decoder.js';
import { RleError } from '../parquet/rle-hybrid.js';
import { SnappyError } from '../parquet/snappy.js';

/** Marks an error parquet-wasm returned from reading the file's bytes (not one it panicked with). */
const PARQUET_WASM = Symbol.for('synctrack.parquetWasmError');
/** Marks a failure of our environment whatever its type (a module that cannot load). */
const INTERNAL = Symbol.for('synctrack.internalFailure');

function asObject(error: unknown): object {
  return typeof error === 'object' && error !== null ? error : new Error(String(error));
}

export function markParquetWasmError(error: unknown): unknown {
  const marked = asObject(error);
  (marked as Record<symbol, boolean>)[PARQUET_WASM] = true;
  return marked;
}

export function markInternalError(error: unknown): unknown {
  const marked = asObject(error);
  (marked as Record<symbol, boolean>)[INTERNAL] = true;
  return marked;
}

/** The error and its causes, outermost first. */
function chain(error: unknown): unknown[] {
  const errors: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && errors.length < 8; current = (current as { cause?: unknown }).cause) {
    errors.push(current);
    if (typeof current !== 'object') break;
  }
  return errors;
}

function isProgrammingError(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[INTERNAL] === true) return true;
  if (error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    code.startsWith('ERR_WORKER_') ||
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Maximum call stack size exceeded|allocation failed|out of memory|Cannot find module|Cannot find package/i.test(error.message)
  );
}

function isFileError(error: unknown): boolean {
  if (error instanceof PageDecodeError || error instanceof RleError || error instanceof SnappyError) return true;
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[PARQUET_WASM] === true) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

export function classifyFailure(error: unknown): FailureVerdict {
  const errors = chain(error);
  if (errors.some(isProgrammingError)) return 'internal';
  if (errors.some(isFileError)) return 'data';
  return 'unknown';
}

/** What `recheckChunks` found: a defect in a column, or nothing, and which columns it could not check. */

/**
 * Decodes every column of the task again with the JavaScript decoder, which checks each page
 * header against the footer and the chunk, decompresses every page and reads every value.
 */
export function recheckChunks(task: DecodeTask): RecheckResult {
  const unchecked: string[] = [];
  for (const [index, column] of task.columns.entries()) {
    const layout = task.chunks?.[index] ?? null;
    const bytes = layout === null ? null : chunkBytes(task.ranges, layout.start, layout.end);
    if (layout === null || bytes === null) {
      unchecked.push(column);
      continue;
    }
    try {
      decodeChunk(layout, bytes, task.numRows);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) unchecked.push(column);
      else if (classifyFailure(error) === 'data') return { defect: { column, message: messageOf(error) }, unchecked };
      else unchecked.push(column);
    }
  }
  return { defect: null, unchecked };
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}


/** Describes a failure where the task's bytes still are, rechecking them when its kind proves nothing. */
export function describeFailure(task: DecodeTask, error: unknown): DecodeFailure {
  const verdict = classifyFailure(error);
  const described: DecodeFailure = {
    verdict,
    message: messageOf(error),
    name: error instanceof Error ? error.name : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  };
  // parquet-wasm's complaints rarely say which column: the JavaScript decoder may find it.
  const unnamed = verdict === 'data' && chain(error).some((link) => (link as Record<symbol, unknown>)?.[PARQUET_WASM] === true);
  if (verdict === 'unknown' || unnamed) described.recheck = recheckChunks(task);
  return described;
}

/** A copy of the original error for an error's `cause`, so `--debug` shows where it was thrown. */
function causeOf(failure: DecodeFailure, cause: unknown): unknown {
  if (cause !== undefined) return cause;
  const error = new Error(failure.message);
  error.name = failure.name ?? 'Error';
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}

/** The typed error for a failed task: INVALID_DATA naming the file, row group and column, or INTERNAL. */
export function decodeFailureError(task: DecodeTask, failure: DecodeFailure, cause?: unknown): SyncTrackError {
  const where = `${task.file}: row group ${task.rowGroup}`;
  const context = { file: task.file, rowGroup: task.rowGroup };
  const original = causeOf(failure, cause);
  if (failure.verdict === 'data') {
    const column = failure.recheck?.defect?.column;
    const what = column === undefined ? failure.message : `column ${column}: ${failure.message}`;
    return new InvalidDataError({ message: `${where} could not be read: ${what}`, context, cause: original });
  }
  if (failure.verdict === 'internal') {
    return new InternalError({ message: `Decoding ${where} failed inside synctrack (${failure.message}): ${REPORT_HINT}`, context, cause: original });
  }
  const recheck = failure.recheck;
  if (recheck?.defect) {
    return new InvalidDataError({
      message: `${where} could not be read: column ${recheck.defect.column}: ${recheck.defect.message}`,
      context,
      cause: original,
    });
  }
  if (recheck !== undefined && recheck.unchecked.length === 0) {
    return new InternalError({
      message: `Decoding ${where} failed (${failure.message}) although every page of it checks out: ${REPORT_HINT}`,
      context,
      cause: original,
    });
  }
  const unchecked = recheck === undefined ? 'its pages could not be checked again' : `the pages of ${recheck.unchecked.join(', ')} could not be checked again`;
  return new InvalidDataError({
    message:
      `${where} could not be read (${failure.message}). The file is probably corrupt, but ${unchecked}: ` +
      `if other Parquet readers read this file, please report it on the synctrack issue tracker`,
    context,
    cause: original,
  });
}
