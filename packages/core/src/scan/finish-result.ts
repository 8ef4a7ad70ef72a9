// A kernel's result on its way back to the main thread: the one place a select's JSON Lines are
// written, and the buffers it owns, moved with it rather than copied.
import { fastPathOn } from '../parquet/fast-paths.js';
import { giveBackLines, withRecordLines } from '../records/record-lines.js';
import type { DecodeKernel, DecodeResult } from './decode-protocol.js';

/**
 * A kernel's result as it goes back: a select that asked for `lines` gets them (`withRecordLines`).
 * `local`: the result stays on this thread, whose next lines may reuse their memory. A worker's
 * result (not `local`) keeps its rows instead when `worker-json-lines` is off.
 */
export function finishResult(result: DecodeResult, kernel: DecodeKernel, local = false): DecodeResult {
  if (result.kind !== 'select' || kernel.kind !== 'select' || kernel.lines === undefined) return result;
  // In a worker with `worker-json-lines` off, the rows go back as they are: the pool writes their lines.
  if (!local && !fastPathOn('worker-json-lines')) return result;
  const withLines = withRecordLines(result, kernel.lines, kernel.limit);
  if (local) {
    const buffer = withLines.lines!.buffer as ArrayBuffer;
    // Moved, not copied: the released lines read as empty, as a worker's do once handed back.
    withLines.releaseLines = () => {
      if (buffer.byteLength > 0) giveBackLines(structuredClone(buffer, { transfer: [buffer] }));
    };
  }
  return withLines;
}

/**
 * The buffers a result owns, moved with it: a select's lines, compareRuns' identifier entries (a
 * buffer per partition) and set rows, an aggregate's counts, example ends, key and example bytes.
 */
export function resultBuffers(result: DecodeResult): ArrayBuffer[] {
  const owned: ArrayBufferLike[] = [];
  if (result.kind === 'select' && result.lines !== undefined) owned.push(result.lines.buffer);
  if (result.kind === 'index' && result.entries !== undefined) for (const words of result.entries.partitions) owned.push(words.buffer);
  if (result.kind === 'partition') for (const rows of Object.values(result.rows)) owned.push(rows.buffer);
  if (result.kind === 'aggregate') {
    for (const { keyBytes, exampleBytes, counts, exampleEnds } of result.groups) {
      if (counts instanceof Int32Array) owned.push(counts.buffer);
      if (exampleEnds instanceof Int32Array) owned.push(exampleEnds.buffer);
      if (keyBytes !== undefined) owned.push(keyBytes.bytes.buffer, keyBytes.starts.buffer, keyBytes.lengths.buffer);
      if (keyBytes?.hashes !== undefined) owned.push(keyBytes.hashes.buffer);
      if (exampleBytes !== undefined) owned.push(exampleBytes.bytes.buffer, exampleBytes.starts.buffer, exampleBytes.ends.buffer);
    }
  }
  return [...new Set(owned)] as ArrayBuffer[];
}
