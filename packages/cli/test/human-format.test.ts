// Sizes and NULL identifiers read the same in the CLI and the viewer: one rule, held here against
// the viewer's own formatter.
import { describe, expect, it } from 'vitest';
import { NULL_IDENTIFIER, bytes } from '../../viewer/src/ui/format.js';
import { formatBytes, formatCount } from '../src/output/human-format.js';
import { errorGroupText } from '../src/output/error-table.js';
import { colorsFor } from '../src/output/colors.js';

describe('sizes', () => {
  it('binary units under their IEC names, one decimal below 10, the same in the CLI and the viewer', () => {
    const sizes = [0, 1, 1023, 1024, 1536, 10_240, 750_000, 1_048_576, 5_500_000, 225_000_000, 1.2e12, 3e15];
    const expected = ['0 B', '1 B', '1023 B', '1.0 KiB', '1.5 KiB', '10 KiB', '732 KiB', '1.0 MiB', '5.2 MiB', '215 MiB', '1.1 TiB', '2728 TiB'];
    expect(sizes.map(formatBytes)).toEqual(expected);
    expect(sizes.map(bytes)).toEqual(expected);
  });
});

describe('counts', () => {
  it('group their digits as Intl.NumberFormat en-US does', () => {
    const intl = new Intl.NumberFormat('en-US');
    const values = [0, -0, 1, -1, 7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, 2_000_001, -45_678_901, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1e21, Number.NaN];
    for (let digits = 1; digits <= 16; digits++) values.push(Number('9'.repeat(digits)), Number(`1${'0'.repeat(digits - 1)}`));
    for (const value of values) expect(formatCount(value), String(value)).toBe(intl.format(value));
  });
});

describe('NULL identifiers', () => {
  it('read (null) in the CLI, as in the viewer', () => {
    const lines = [
      ...errorGroupText([{ statusMessage: 'Duplicate sync key', count: 2, examples: [null, 'c-1'] }], {
        colors: colorsFor({ isTTY: false } as NodeJS.WritableStream, {}),
        templates: false,
      }),
    ];
    expect(lines.join('\n')).toContain(`${NULL_IDENTIFIER}, c-1`);
    expect(NULL_IDENTIFIER).toBe('(null)');
  });
});
