import picocolors from 'picocolors';
import { describe, expect, it } from 'vitest';
import { cellText, renderTable, tableText, TableLayout } from './text-table.js';

const plain = picocolors.createColors(false);

describe('text tables', () => {
  it('aligns columns, right-aligns numbers and leaves no trailing spaces', () => {
    const lines = renderTable(
      [{ header: 'NAME' }, { header: 'COUNT', align: 'right' }, { header: 'NOTE' }],
      [
        ['alpha', '1', 'short'],
        ['b', '1,000', ''],
      ],
      { colors: plain },
    );
    expect(lines).toEqual(['NAME   COUNT  NOTE', 'alpha      1  short', 'b      1,000']);
  });

  it('cuts long cells to the column’s width and the last column to the terminal', () => {
    const layout = new TableLayout([{ header: 'ID', maxWidth: 4 }, { header: 'MESSAGE' }], [['123456', 'a long message here']], {
      colors: plain,
      width: 16,
    });
    expect(layout.row(['123456', 'a long message here'])).toBe('123…  a long me…');
  });

  it('shows missing values as a dash and control characters as spaces', () => {
    expect(cellText(null)).toBe('–');
    expect(cellText('', '(empty)')).toBe('(empty)');
    expect(cellText('two\nlines\tand tab')).toBe('two lines and tab');
  });

  it('measures cells in code points: an emoji is one wide, a lone surrogate too', () => {
    const lines = renderTable([{ header: 'A' }, { header: 'B' }], [['😀😀', 'x'], ['ab', 'y'], ['\ud800z', 'w']], { colors: plain });
    expect(lines).toEqual(['A   B', '😀😀  x', 'ab  y', '\ud800z  w']);
    const layout = new TableLayout([{ header: 'E', maxWidth: 3 }, { header: 'F' }], [['😀😀😀😀', '1']], { colors: plain });
    expect(layout.row(['😀😀😀😀', '1'])).toBe('😀😀…  1');
  });

  it('cuts around emoji without splitting a pair', () => {
    const layout = new TableLayout([{ header: 'E', maxWidth: 4 }, { header: 'F' }], [['😀ab😀cd', '1']], { colors: plain });
    expect(layout.row(['😀ab😀cd', '1'])).toBe('😀ab…  1');
  });

  it('prints a long table a thousand lines at a time, as the whole table reads', () => {
    const rows = Array.from({ length: 2_500 }, (_, index) => [String(index), index % 7 === 0 ? `long ${'x'.repeat(index % 50)} 😀` : 'short']);
    const columns = [{ header: 'N', align: 'right' as const }, { header: 'TEXT', maxWidth: 30 }];
    let reads = 0;
    const chunks = [
      ...tableText(
        columns,
        // A generator, as the errors table's rows are: each read walks it once.
        function* () {
          reads++;
          yield* rows;
        },
        { colors: plain },
      ),
    ];
    expect(reads).toBe(2);
    expect(chunks).toHaveLength(3);
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(`${renderTable(columns, rows, { colors: plain }).join('\n')}\n`);
  });
});
