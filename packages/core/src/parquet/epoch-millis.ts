// Int64 timestamps to epoch milliseconds, floored as DuckDB and Arrow floor them (so -1 µs is
// -1 ms, not 0), exactly: nanosecond values exceed 2^53 and are divided as BigInts.
export type TimestampUnit = 'seconds' | 'millis' | 'micros' | 'nanos';

const PER_MILLISECOND: Record<Exclude<TimestampUnit, 'seconds'>, bigint> = { millis: 1n, micros: 1000n, nanos: 1_000_000n };

export function floorMillis(value: bigint, unit: TimestampUnit): number {
  if (unit === 'seconds') return Number(value) * 1000;
  const divisor = PER_MILLISECOND[unit];
  if (divisor === 1n) return Number(value);
  // Microseconds stay below 2^53 until the year 2255: float division is exact enough to floor.
  if (unit === 'micros' && value < 9_007_199_254_740_991n && value > -9_007_199_254_740_991n) {
    return Math.floor(Number(value) / 1000);
  }
  const quotient = value / divisor;
  return Number(value % divisor < 0n ? quotient - 1n : quotient);
}
