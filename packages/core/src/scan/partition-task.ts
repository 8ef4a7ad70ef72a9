// compareRuns' `partition` kernel: one partition of two runs' identifier entries compared
// (identifier-partition.ts) in a decode worker, or on the calling thread of a pool that decodes
// there too, its sets' rows sent back as lists for the caller's bitmaps.
import type { DecodeTask, PartitionKernel, PartitionResult } from './decode-protocol.js';
import { markInternalError } from './decode-failure.js';
import { noCounts, PartitionComparer } from './identifier-partition.js';

/** This thread's tables, kept from partition to partition. */
const comparer = new PartitionComparer();

export function comparePartitionTask(task: DecodeTask, kernel: PartitionKernel): PartitionResult {
  try {
    const bytes = task.ranges[0]!.bytes;
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, kernel.end);
    const counts = noCounts();
    const rows = comparer.compare(words, kernel.headStart, kernel.end, counts);
    return { kind: 'partition', counts, rows };
  } catch (error) {
    // The entries are synctrack's own packing of what it read, never the file's bytes: a failure
    // here is ours.
    throw markInternalError(error);
  }
}
