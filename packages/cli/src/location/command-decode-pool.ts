// The decode pools of the CLI's commands. A command's process does nothing else, so on two cores
// it has two threads to share between decoding row groups and its own work on each result.
// - Most commands' main thread has little of its own (sample's reservoir, find's one record, diff's
//   counts), so it decodes too (DecodePool's `callerDecodes`): one worker to start and warm up.
// - `errors` and `filter` keep their main thread for their own work (merging each row group's
//   message groups; writing each rejected record's line) and leave decoding to one worker: a
//   second thread decoding made each JIT-compile the decoder, and delayed that work. Whole
//   processes on the bench's 2M-record runs, median of 6, alternated: errors 366 → 322 ms (36
//   distinct messages), 642 → 612 (the default shape), 666 → 598 (10k messages); filter 453 →
//   420; on 10M records errors 1765 → 1611. diff (1352 → 1549) and sample (533 → 573) were slower
//   so, find the same.
// The viewer (`synctrack ui`) serves requests and keeps the library's default pool, whose decoding
// stays off the main thread.
import { DecodePool } from '@synctrack/core/internal';

/** Who decodes a command's row groups: its main thread with one worker, or one worker alone. */
export type CommandDecoding = 'caller-too' | 'worker';

const pools = new Map<CommandDecoding, DecodePool>();

export function commandDecodePool(decoding: CommandDecoding = 'caller-too'): DecodePool {
  let pool = pools.get(decoding);
  if (pool === undefined) {
    pool = decoding === 'caller-too' ? new DecodePool({ callerDecodes: true }) : new DecodePool({ size: 1 });
    pools.set(decoding, pool);
  }
  return pool;
}
