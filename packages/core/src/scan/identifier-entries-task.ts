// An `index` task that asks for identifier entries (compareRuns; identifier-entries.ts), answered
// from the task's chunks: in a decode worker, or on the calling thread of a pool that decodes there
// too (the CLI's), which otherwise sat idle while one worker packed both runs' identifiers.
import { UnsupportedChunkError } from '../parquet/page-decoder.js';
import { textAccess, type Utf8Access } from '../parquet/utf8-access.js';
import type { DecodeTask, IndexKernel, IndexResult } from './decode-protocol.js';
import { decodedColumnSet } from './decoded-column-set.js';
import { identifierEntries, type IdentifierEntriesRequest } from './identifier-entries.js';
import type { TaskChunks } from './task-chunks.js';

/** The columns an entries task reads that the file has. */
export function entriesColumns(task: DecodeTask, kernel: IndexKernel, request: IdentifierEntriesRequest): string[] {
  return [kernel.identifierColumn, request.statusColumn].filter((column) => task.columns.includes(column));
}

/** The entries from text access to the columns (`text` is all null for a column the file lacks). */
export function entriesResult(
  task: DecodeTask,
  kernel: IndexKernel,
  request: IdentifierEntriesRequest,
  text: (column: string) => Utf8Access,
  identifierTexts: Parameters<typeof identifierEntries>[2],
): IndexResult {
  const entries = identifierEntries(task.numRows, text(kernel.identifierColumn), identifierTexts, text(request.statusColumn), request);
  const empty = new Uint32Array(0);
  return { kind: 'index', rowCount: task.numRows, rows: empty, hashHigh: empty, hashLow: empty, maps: {}, entries };
}

/** The entries through the JavaScript decoder; null when a column needs parquet-wasm. */
export function entriesFromChunks(chunks: TaskChunks, task: DecodeTask, kernel: IndexKernel, request: IdentifierEntriesRequest): IndexResult | null {
  let decoded: ReturnType<TaskChunks['decode']>;
  try {
    decoded = chunks.decode(entriesColumns(task, kernel, request));
  } catch (error) {
    // A page that contradicts its footer: parquet-wasm reads the chunk (as for any other kernel).
    if (error instanceof UnsupportedChunkError) return null;
    throw error;
  }
  if (decoded === null) return null;
  const set = decodedColumnSet(task.numRows, decoded);
  const identifier = decoded.get(kernel.identifierColumn);
  return entriesResult(task, kernel, request, (column) => set.text(column), identifier?.kind === 'text' ? identifier.values : null);
}

/** Text access to columns read some other way (parquet-wasm's). */
export function textColumns(numRows: number, texts: ReadonlyMap<string, Utf8Access>): (column: string) => Utf8Access {
  return (column) => texts.get(column) ?? textAccess(() => null, numRows);
}
