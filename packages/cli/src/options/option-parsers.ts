// Parsers for option values; a bad value becomes commander's usage error (exit code 2) naming the option.
import { InvalidArgumentError as UsageError } from 'commander';

export function positiveInteger(value: string): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`expected a positive whole number, got ${JSON.stringify(value)}`);
  return number;
}

/** A whole number from 0 (`--seed`). */
export function wholeNumber(value: string): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new UsageError(`expected a whole number, got ${JSON.stringify(value)}`);
  return number;
}

/** A positive number of seconds, fractions allowed (`--read-timeout 2.5`). */
export function positiveSeconds(value: string): number {
  const number = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`expected a positive number of seconds, got ${JSON.stringify(value)}`);
  return number;
}

/** A repeatable option: `--identifier a --identifier b` and `--identifier a,b` both give ['a', 'b']. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new UsageError('expected a value');
  return [...(previous ?? []), ...items];
}

/**
 * An ISO-8601 date or time. A time without a zone is UTC, as the dataset's timestamps are;
 * a date alone is midnight UTC.
 */
export function timestamp(value: string): Date {
  const text = value.trim();
  const iso = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (iso === null) throw new UsageError(`expected an ISO-8601 date or time such as 2026-11-23 or 2026-11-23T06:00:00Z, got ${JSON.stringify(value)}`);
  const withZone = iso[1] === undefined || iso[4] !== undefined ? text : `${text}Z`;
  const date = new Date(withZone.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) throw new UsageError(`${JSON.stringify(value)} is not a valid date`);
  return date;
}

export function regularExpression(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    throw new UsageError(`not a valid regular expression: ${(error as Error).message}`);
  }
}

/** A TCP port: 0 (any free port) to 65535. */
export function port(value: string): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number > 65_535) throw new UsageError(`expected a port from 0 to 65535, got ${JSON.stringify(value)}`);
  return number;
}
