// Whether a row group may hold one of some identifiers, from the identifier column's bounds in the
// footer (parquet/text-bounds.ts): find, and a filter by identifiers, read no row group whose bounds
// exclude every identifier asked. A run without them (another writer, numeric identifiers) is read
// whole, as before; with `footer-statistics` off, always.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import type { ParquetFooter } from '../parquet/parquet-footer.js';
import { textBounds } from '../parquet/text-bounds.js';

const encoder = new TextEncoder();

/** Identifiers as `mayHoldAny` takes them: their UTF-8 bytes (a predicate's identifiers are strings). */
export function identifierNeedles(identifiers: readonly string[]): Uint8Array[] {
  return identifiers.map((identifier) => encoder.encode(identifier));
}

/** False only when the row group's identifiers provably hold none of `needles` (their UTF-8 bytes). */
export function mayHoldAny(footer: ParquetFooter, rowGroup: number, needles: readonly Uint8Array[]): boolean {
  if (!fastPathOn('footer-statistics')) return true;
  const bounds = textBounds(footer, RECORD_COLUMNS.identifier)?.[rowGroup];
  if (bounds === undefined || bounds === null) return true;
  // Buffer.compare orders bytes unsigned, as the type-defined order does.
  return needles.some((needle) => Buffer.compare(needle, bounds.min) >= 0 && Buffer.compare(needle, bounds.max) <= 0);
}
