// How `synctrack watch` (and `check --watch` on stderr) shows a batch as it lands: one line for people,
// one JSON object for `--json` (snake_case, as the other commands' JSON).
import type { JsonValue, RunBatch } from '@synctrack/core';
import type { Colors } from '../output/colors.js';
import { formatCount } from '../output/human-format.js';

const rate = (value: number | null) => (value === null ? null : Number(value.toFixed(6)));

/** A ratio (0-1) as a percentage for people: `2.31%`; `–` without records. */
export function shareText(ratio: number | null): string {
  return ratio === null ? '–' : `${Number((ratio * 100).toFixed(2))}%`;
}

/** `records_updated.3.parquet: +1,200 records (1,150 success, 40 rejected, 10 invalid); run 5,400 records, 2.1% rejected; new: "…"`. */
export function batchLine(batch: RunBatch, colors: Colors): string {
  const { success, rejected, invalid } = batch.byOutcome;
  const counts = `${formatCount(success)} success, ${rejected > 0 ? colors.red(`${formatCount(rejected)} rejected`) : '0 rejected'}, ${formatCount(invalid)} invalid`;
  const run = `run ${formatCount(batch.totals.records)} records in ${formatCount(batch.totals.files)} file${batch.totals.files === 1 ? '' : 's'}, ${shareText(batch.totals.rejectedRate)} rejected`;
  const shown = batch.newErrors.slice(0, 3).map((message) => JSON.stringify(message.length > 80 ? `${message.slice(0, 77)}...` : message));
  const more = batch.newErrors.length > 3 ? ` and ${batch.newErrors.length - 3} more` : '';
  const fresh = batch.newErrors.length === 0 ? '' : `; ${colors.yellow(`new error${batch.newErrors.length === 1 ? '' : 's'}`)}: ${shown.join(', ')}${more}`;
  return `${batch.name}${batch.rewritten ? ' (rewritten)' : ''}: +${formatCount(batch.records)} records (${counts}); ${run}${fresh}`;
}

export function batchJson(batch: RunBatch): Record<string, JsonValue> {
  const outcomes = (counts: RunBatch['byOutcome']) => ({ success: counts.success, rejected: counts.rejected, invalid: counts.invalid });
  return {
    file: batch.name,
    batch_type: batch.batchType,
    batch_number: batch.batchNumber,
    rewritten: batch.rewritten,
    records: batch.records,
    outcomes: outcomes(batch.byOutcome),
    new_errors: batch.newErrors,
    totals: { files: batch.totals.files, records: batch.totals.records, outcomes: outcomes(batch.totals.byOutcome), rejected_rate: rate(batch.totals.rejectedRate) },
  };
}
