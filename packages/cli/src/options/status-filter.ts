// `--status`: the outcomes the Census UI shows (success, rejected, invalid) or the raw statuses stored
// in the data (succeeded, NULL, DUPLICATE). `rejected` is both and is taken as the outcome, which
// also covers statuses this version does not know.
import { InvalidArgumentError as UsageError } from 'commander';
import { InvalidArgumentError, type RecordOutcome } from '@synctrack/core';

export interface StatusFilter {
  outcome?: RecordOutcome[];
  status?: string[];
}

const OUTCOMES: Record<string, RecordOutcome> = { success: 'success', rejected: 'rejected', invalid: 'invalid' };
const STATUSES: Record<string, string> = { succeeded: 'succeeded', null: 'NULL', duplicate: 'DUPLICATE' };

export const STATUS_CHOICES = ['succeeded', 'rejected', 'NULL', 'DUPLICATE', 'success', 'invalid'] as const;

/** Commander parser: validates each value and collects them (repeatable, or comma-separated). */
export function collectStatus(value: string, previous: string[] | undefined): string[] {
  const values = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of values) {
    const key = item.toLowerCase();
    if (!(key in OUTCOMES) && !(key in STATUSES)) {
      throw new UsageError(`unknown status ${JSON.stringify(item)}: use ${STATUS_CHOICES.join(', ')}`);
    }
  }
  if (values.length === 0) throw new UsageError(`expected one of ${STATUS_CHOICES.join(', ')}`);
  return [...(previous ?? []), ...values];
}

/** Outcomes or raw statuses; both at once would mean "either", which one query cannot say. */
export function toStatusFilter(values: string[] | undefined): StatusFilter {
  if (values === undefined || values.length === 0) return {};
  const outcomes = new Set<RecordOutcome>();
  const statuses = new Set<string>();
  for (const value of values) {
    const key = value.toLowerCase();
    if (key in OUTCOMES) outcomes.add(OUTCOMES[key]!);
    else statuses.add(STATUSES[key]!);
  }
  if (outcomes.size > 0 && statuses.size > 0) {
    throw new InvalidArgumentError({
      message: `--status takes outcomes (success, rejected, invalid) or raw statuses (succeeded, NULL, DUPLICATE), not both: got ${values.join(', ')}`,
      context: { argument: 'status' },
    });
  }
  return outcomes.size > 0 ? { outcome: [...outcomes] } : { status: [...statuses] };
}
