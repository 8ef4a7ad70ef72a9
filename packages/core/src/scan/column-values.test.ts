// timeColumn returns whole epoch milliseconds, floored as DuckDB does, however Arrow chunked the column.
import { Table, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Vector, makeData, type Timestamp } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { timeColumn } from './column-values.js';

// Raw values in each unit and the floored epoch milliseconds they stand for.
const CASES: Array<{ type: Timestamp; raw: bigint[]; ms: number[] }> = [
  { type: new TimestampSecond(), raw: [1714557600n, -1n], ms: [1714557600000, -1000] },
  { type: new TimestampMillisecond(), raw: [1714557600123n, -1n], ms: [1714557600123, -1] },
  { type: new TimestampMicrosecond(), raw: [1714557600999999n, -500n, 4102444799999999n], ms: [1714557600999, -1, 4102444799999] },
  {
    type: new TimestampNanosecond(),
    raw: [1714557600999999999n, -500000n, 1714557600123000000n, 4102444799999999999n],
    ms: [1714557600999, -1, 1714557600123, 4102444799999],
  },
];

function readAll(vector: Vector): Array<number | null> {
  const read = timeColumn(new Table({ t: vector }), 't');
  return Array.from({ length: vector.length }, (_, row) => read(row));
}

describe('timeColumn', () => {
  for (const { type, raw, ms } of CASES) {
    const data = (values: bigint[]) => makeData({ type, length: values.length, data: new BigInt64Array(values) });

    test(`${type} in one chunk`, () => {
      expect(readAll(new Vector([data(raw)]))).toEqual(ms);
    });

    test(`${type} in one chunk a row, and sliced`, () => {
      expect(readAll(new Vector(raw.map((value) => data([value]))))).toEqual(ms);
      expect(readAll(new Vector([data(raw)]).slice(1))).toEqual(ms.slice(1));
    });

    test(`${type} with nulls across chunks`, () => {
      const withNulls = makeData({
        type,
        length: 3,
        nullCount: 1,
        nullBitmap: new Uint8Array([0b101]),
        data: new BigInt64Array([raw[0]!, 0n, raw[1]!]),
      });
      expect(readAll(new Vector([data(raw.slice(0, 1)), withNulls]))).toEqual([ms[0], ms[0], null, ms[1]]);
    });
  }
});
