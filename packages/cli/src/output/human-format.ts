// How numbers, sizes and times read in tables: 12,345 records, 3.4 MiB, 2026-11-23 06:00:00 UTC.
// Whole counts are grouped here; anything else goes to an Intl.NumberFormat made on first use: the
// first of a process takes about 20 ms (loading ICU data), and each format call cost ~1.5 µs, 36 ms
// of `synctrack errors` over 10,000 messages (two counts a row).
let counts: Intl.NumberFormat | undefined;

/** `12,345`: en-US digit grouping. */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return groupDigits(value);
  counts ??= new Intl.NumberFormat('en-US');
  return counts.format(value);
}

/** A whole number's digits in groups of three, as en-US writes them. */
function groupDigits(value: number): string {
  const digits = String(Math.abs(value));
  if (digits.length <= 3) return value < 0 ? `-${digits}` : digits;
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return value < 0 ? `-${grouped}` : grouped;
}

/**
 * `733 KiB`, `1.5 MiB`: binary units under their IEC names (what `du -h` counts, never mistaken for
 * decimal kB), whole above 10, one decimal below. The viewer's `bytes` (viewer/src/ui/format.ts) is
 * the same rule; test/human-format.test.ts holds the two to it.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const share = (100 * part) / whole;
  return `${share > 0 && share < 0.1 ? '<0.1' : share.toFixed(1)}%`;
}

/** `2026-11-23 06:00:00 UTC`; `–` for a missing time. */
export function formatTime(date: Date | null | undefined): string {
  if (date === null || date === undefined || Number.isNaN(date.getTime())) return '–';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A span of times on one line, the end without its date when it falls on the same day. */
export function formatTimeSpan(first: Date | null | undefined, last: Date | null | undefined): string {
  if (!first || !last) return '–';
  const start = formatTime(first);
  const end = formatTime(last);
  return start.slice(0, 10) === end.slice(0, 10) ? `${start.slice(0, 19)} → ${end.slice(11)}` : `${start} → ${end}`;
}
