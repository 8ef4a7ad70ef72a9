// How numbers, times, sizes and outcomes read on the page.
import type { RecordOutcome } from '@synctrack/core';

const numbers = new Intl.NumberFormat('en-US');

export function count(value: number): string {
  return numbers.format(value);
}

/** `2026-11-23 06:00:12 UTC`: sortable, unambiguous, the same for everyone reading a shared screen. */
export function utcTime(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `3 h ago`, for a title or a secondary line. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (iso === null) return '';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '';
  const units: Array<[number, string]> = [
    [86_400 * 365, 'y'],
    [86_400 * 30, 'mo'],
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
  ];
  for (const [size, unit] of units) if (Math.abs(seconds) >= size) return `${Math.round(seconds / size)} ${unit} ago`;
  return 'just now';
}

/**
 * `733 KiB`, `1.5 MiB`: binary units with their IEC names, whole above 10, one decimal below. The
 * CLI's formatBytes (cli/src/output/human-format.ts) is the same rule, and a CLI test holds them so.
 */
export function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A SQL NULL identifier, as the CLI prints it: `(null)`, never confused with the text `null`. */
export const NULL_IDENTIFIER = '(null)';

export const OUTCOME_LABELS: Record<RecordOutcome, string> = { success: 'Success', rejected: 'Rejected', invalid: 'Invalid' };
