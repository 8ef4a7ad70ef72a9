// The decode pool of the CLI's commands. A command's process has nothing to do while it waits for
// row groups, so its main thread decodes them too (DecodePool's `callerDecodes`): on two cores that
// is one worker thread to start and warm up instead of two. The viewer (`synctrack ui`) serves
// requests and keeps the library's default pool, whose decoding stays off the main thread.
import { DecodePool } from '@synctrack/core/internal';

let pool: DecodePool | undefined;

export function commandDecodePool(): DecodePool {
  pool ??= new DecodePool({ callerDecodes: true });
  return pool;
}
