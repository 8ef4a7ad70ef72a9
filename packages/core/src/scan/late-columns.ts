// Which columns a select reads late: only for the rows its test kept, after the test ran on the
// others. Both decoders (js-decode.ts, wasm-decode.ts) and the scanner's weighing of a task use it.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import { windowable } from '../parquet/text-rows.js';
import type { DecodeKernel } from './decode-protocol.js';

/** Columns read only for the rows a select keeps, after its test ran on the others: the payload is ~97% of a file. */
export const LATE_COLUMNS: ReadonlySet<string> = new Set<string>([RECORD_COLUMNS.payload]);

/**
 * The late columns a select reads through a small window rather than whole (see text-rows.ts).
 */
export function windowedColumns(kernel: DecodeKernel, columns: readonly string[], layouts: ReadonlyArray<ChunkLayout | null>): string[] {
  if (kernel.kind !== 'select') return [];
  return columns.filter((column, index) => {
    const layout = layouts[index];
    return LATE_COLUMNS.has(column) && kernel.output.includes(column) && layout != null && windowable(layout);
  });
}
