// The records of the conformance matrix's runs, made the same way for every writer: as JavaScript
// rows for the writers driven from JavaScript (parquet-wasm, parquetjs, polars) and as SQL over the
// row number for DuckDB's COPY. Each run mixes statuses (succeeded, rejected, 'NULL', 'DUPLICATE',
// SQL NULL), messages (some templated, some with quotes, a tab or non-ASCII), operations (some null),
// duplicate and null identifiers, payloads (JSON, null, text that is not JSON) and timestamps with
// sub-millisecond parts. Nothing here is an expected answer: DuckDB reads those from the files.
import { DEFAULT_RECORD_SQL } from './duckdb-fixtures.js';

export type IdentifierKind = 'text' | 'int32' | 'int64';
export type TimeUnitName = 'ms' | 'us' | 'ns';

export interface SourceRow {
  identifier: string | number | bigint | null;
  payload: string | null;
  operation: string | null;
  status: string | null;
  message: string | null;
  /** Epoch nanoseconds. */
  startedNs: bigint | null;
  endedNs: bigint | null;
}

const BASE_NS = BigInt(Date.UTC(2024, 4, 1, 10, 0, 0)) * 1_000_000n;
const MINUTE_NS = 60_000_000_000n;

const REJECTED_MESSAGES = [
  (_i: number) => 'Invalid email address',
  (i: number) => `Rate limit exceeded, retry after ${i % 4}s`,
  (_i: number) => 'Field "phone" is required',
  (i: number) => `Contact ${1000 + (i % 37)} not found`,
  (i: number) => `Ünïcødé ✓ 🚀\tfailure ${i % 3}`,
  (_i: number) => null,
];

/** The status slot of row `i`: 0-11 succeeded, 12-16 rejected, 17 SQL NULL, 18 'NULL', 19 'DUPLICATE'. */
function statusSlot(i: number): number {
  return (i * 7 + Math.floor(i / 13)) % 20;
}

function identifierOf(i: number, kind: IdentifierKind): string | number | bigint | null {
  if (i % 97 === 5) return null;
  const key = (i % 900) + Math.floor(i / 1000) * 1000;
  if (kind === 'text') return `cust-${key}`;
  if (kind === 'int32') return i % 331 === 7 ? -key - 1 : key;
  // Beyond 2^53 and negative, where a double would lose digits.
  if (i % 113 === 3) return 9_007_199_254_740_993n + BigInt(i);
  return i % 331 === 7 ? -BigInt(key) - 1n : BigInt(key);
}

export function sourceRow(i: number, kind: IdentifierKind): SourceRow {
  const slot = statusSlot(i);
  const status = slot < 12 ? 'succeeded' : slot < 17 ? 'rejected' : slot === 17 ? null : slot === 18 ? 'NULL' : 'DUPLICATE';
  const message =
    status === 'rejected' ? REJECTED_MESSAGES[(i + Math.floor(i / 7)) % REJECTED_MESSAGES.length]!(i) : slot === 18 ? 'Identifier is NULL' : slot === 19 ? 'Duplicate identifier' : null;
  const payload =
    i % 53 === 4
      ? null
      : i % 71 === 9
        ? `not json ${i}`
        : JSON.stringify({ id: i, email: `user${i}@example.com`, score: i * 1.5, active: i % 2 === 0, tags: ['a', 'b'], note: i % 5 === 0 ? `naïve "quoted" ${i}` : null });
  const operation = i % 89 === 1 ? null : (['upsert', 'update', 'delete'] as const)[i % 3]!;
  const batch = BigInt(Math.floor(i / 400)) * MINUTE_NS;
  const startedNs = i % 151 === 6 ? null : BASE_NS + batch + BigInt(i % 7) * 1_001_001n;
  const endedNs = BASE_NS + batch + 30_500_000_000n;
  return { identifier: identifierOf(i, kind), payload, operation, status, message, startedNs, endedNs };
}

export function sourceRows(count: number, offset: number, kind: IdentifierKind): SourceRow[] {
  return Array.from({ length: count }, (_, index) => sourceRow(index + offset, kind));
}

/** Epoch nanoseconds in the unit asked for, floored. */
export function inUnit(ns: bigint, unit: TimeUnitName): bigint {
  const divisor = unit === 'ms' ? 1_000_000n : unit === 'us' ? 1000n : 1n;
  const quotient = ns / divisor;
  return ns % divisor < 0n ? quotient - 1n : quotient;
}

/** DuckDB's types for the timestamp units: `TIMESTAMPTZ` is microseconds adjusted to UTC. */
export type DuckTimestampType = 'TIMESTAMP_MS' | 'TIMESTAMP' | 'TIMESTAMP_NS' | 'TIMESTAMPTZ';

/**
 * The same shape as SQL over `i` for DuckDB (a superset of the fixtures' default columns: null
 * identifiers, null operations, templated and non-ASCII messages, non-JSON payloads).
 */
export function duckRecordColumns(kind: IdentifierKind, timestamp: DuckTimestampType): Record<string, string> {
  const key = `(i % 900 + (i // 1000) * 1000)`;
  const identifier =
    kind === 'text'
      ? `'cust-' || CAST(${key} AS VARCHAR)`
      : kind === 'int32'
        ? `CAST(CASE WHEN i % 331 = 7 THEN -${key} - 1 ELSE ${key} END AS INTEGER)`
        : `CASE WHEN i % 113 = 3 THEN 9007199254740993 + i WHEN i % 331 = 7 THEN -${key} - 1 ELSE ${key} END::BIGINT`;
  const slot = `((i * 7 + i // 13) % 20)`;
  const pick = `((i + i // 7) % 6)`;
  // Computed in nanoseconds; DuckDB casts TIMESTAMP_NS to the other types only through TIMESTAMP.
  const time = (nanos: string) =>
    timestamp === 'TIMESTAMP_NS'
      ? `make_timestamp_ns(${nanos})`
      : timestamp === 'TIMESTAMP'
        ? `CAST(make_timestamp_ns(${nanos}) AS TIMESTAMP)`
        : `CAST(CAST(make_timestamp_ns(${nanos}) AS TIMESTAMP) AS ${timestamp})`;
  const base = `epoch_ns(TIMESTAMP_NS '2024-05-01 10:00:00')`;
  return {
    ...DEFAULT_RECORD_SQL,
    identifier: `CASE WHEN i % 97 = 5 THEN NULL ELSE ${identifier} END`,
    record_payload: `CASE WHEN i % 53 = 4 THEN NULL WHEN i % 71 = 9 THEN 'not json ' || i ELSE ${DEFAULT_RECORD_SQL.record_payload} END`,
    operation: `CASE WHEN i % 89 = 1 THEN NULL WHEN i % 3 = 0 THEN 'upsert' WHEN i % 3 = 1 THEN 'update' ELSE 'delete' END`,
    status: `CASE WHEN ${slot} < 12 THEN 'succeeded' WHEN ${slot} < 17 THEN 'rejected' WHEN ${slot} = 17 THEN NULL WHEN ${slot} = 18 THEN 'NULL' ELSE 'DUPLICATE' END`,
    status_message: `CASE WHEN ${slot} BETWEEN 12 AND 16 THEN (CASE ${pick} WHEN 0 THEN 'Invalid email address' WHEN 1 THEN 'Rate limit exceeded, retry after ' || (i % 4) || 's'
        WHEN 2 THEN 'Field "phone" is required' WHEN 3 THEN 'Contact ' || (1000 + i % 37) || ' not found' WHEN 4 THEN 'Ünïcødé ✓ 🚀' || chr(9) || 'failure ' || (i % 3) END)
      WHEN ${slot} = 18 THEN 'Identifier is NULL' WHEN ${slot} = 19 THEN 'Duplicate identifier' END`,
    batch_started_at: `CASE WHEN i % 151 = 6 THEN NULL ELSE ${time(`${base} + (i // 400) * 60000000000 + i % 7 * 1001001`)} END`,
    batch_ended_at: time(`${base} + (i // 400) * 60000000000 + 30500000000`),
  };
}
