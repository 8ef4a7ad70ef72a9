// DuckDB as the oracle of the conformance matrix: the rows, counts, groups and probe identifiers of
// one run as DuckDB reads them from the files, and a compact description of how the client's
// records differ from them (so a failing case names the rows and fields, not a 3,000-line diff).
import { join } from 'node:path';
import type { RecordField, RunIds, SyncRecord } from '../src/index.js';
import { OUTCOME_SQL, byPosition, comparable, comparableDuckRow, sqlString, type ComparableRow, type DuckDbBucket } from './duckdb-fixtures.js';

/** A record reduced to what both sides have: DuckDB's row (with its outcome) or a client record. */
export interface OracleRow extends ComparableRow {
  outcome: string;
}

export type RowField = Exclude<keyof OracleRow, 'file' | 'rowIndex'>;

export const ALL_ROW_FIELDS: RowField[] = ['identifier', 'payload', 'operation', 'status', 'outcome', 'statusMessage', 'batchStartedAt', 'batchEndedAt'];

/** The fields a `columns` subset reads, plus the outcome, which must be right whatever is read. */
export function fieldsRead(columns: RecordField[] | undefined): RowField[] {
  if (columns === undefined) return ALL_ROW_FIELDS;
  return ['outcome', ...columns.map((column) => column as RowField)];
}

export function oracleRow(record: SyncRecord): OracleRow {
  return { ...comparable(record), outcome: record.outcome };
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * '' when the client's rows are DuckDB's (same rows by file and row, same values in `fields`),
 * else a few lines saying what differs: rows missing or extra, and per field how many rows differ
 * with the first example.
 */
export function rowDifferences(actual: OracleRow[], expected: OracleRow[], fields: RowField[] = ALL_ROW_FIELDS): string {
  // One key per row and one pass over the pairs: the matrix asks this of ~600 answers per run.
  const key = (row: OracleRow) => `${row.file}#${row.rowIndex}`;
  const expectedKeys = expected.map(key);
  const actualKeys = actual.map(key);
  const wanted = new Map(expected.map((row, index) => [expectedKeys[index]!, row]));
  const got = new Map<string, OracleRow>();
  let repeated = 0;
  actual.forEach((row, index) => {
    if (got.has(actualKeys[index]!)) repeated++;
    got.set(actualKeys[index]!, row);
  });
  const lines: string[] = [];
  const missing = expected.filter((_, index) => !got.has(expectedKeys[index]!));
  const extra = actual.filter((_, index) => !wanted.has(actualKeys[index]!));
  if (actual.length !== expected.length) lines.push(`${actual.length} records, DuckDB has ${expected.length}`);
  if (missing.length > 0) lines.push(`${missing.length} missing, e.g. ${key(missing[0]!)} ${show(missing[0]!.identifier)} (${missing[0]!.status})`);
  if (extra.length > 0) lines.push(`${extra.length} not in DuckDB's answer, e.g. ${key(extra[0]!)} ${show(extra[0]!.identifier)} (${extra[0]!.status})`);
  if (repeated > 0) lines.push(`${repeated} rows returned twice`);
  const differing = fields.map(() => 0);
  const examples = fields.map(() => '');
  for (const [name, row] of got) {
    const expectedRow = wanted.get(name);
    if (expectedRow === undefined) continue;
    fields.forEach((field, index) => {
      const same = field === 'payload' ? JSON.stringify(row.payload) === JSON.stringify(expectedRow.payload) : row[field] === expectedRow[field];
      if (!same && differing[index]!++ === 0) examples[index] = `${name}: got ${show(row[field])}, DuckDB ${show(expectedRow[field])}`;
    });
  }
  fields.forEach((field, index) => {
    if (differing[index]! > 0) lines.push(`${field} differs in ${differing[index]} rows, e.g. ${examples[index]}`);
  });
  return lines.join('; ');
}

/** One probe of `find`: an identifier at a known row of a row group. */
export interface Probe {
  identifier: string;
  file: string;
  rowGroup: number;
  row: number;
  where: 'first' | 'middle' | 'last';
}

export class RunOracle {
  private relation: string | undefined;

  constructor(
    readonly bucket: DuckDbBucket,
    readonly run: RunIds,
  ) {}

  /** DuckDB's records relation of the run (see duckdb-fixtures), described once. */
  async records(): Promise<string> {
    this.relation ??= await this.bucket.records(this.run);
    return this.relation;
  }

  private table: string | undefined;
  private all: Map<string, OracleRow> | undefined;

  /**
   * DuckDB's reading of the run's files, made once into a table (with the outcome): each later
   * question is SQL over it, answered with row keys and looked up here, rather than a fresh parse
   * of every file and payload per question.
   */
  private async loaded(): Promise<{ table: string; all: Map<string, OracleRow> }> {
    if (this.table === undefined || this.all === undefined) {
      const table = `records_${this.run.syncId}_${this.run.runId}`.replace(/[^A-Za-z0-9_]/g, '_');
      await this.bucket.duck.run(`CREATE OR REPLACE TABLE ${table} AS SELECT *, ${OUTCOME_SQL} AS outcome FROM ${await this.records()}`);
      const rows = await this.bucket.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      this.all = new Map(rows.map((row) => [`${row.file as string}#${row.row_index as number}`, { ...comparableDuckRow(row), outcome: row.outcome as string }]));
      this.table = table;
    }
    return { table: this.table, all: this.all };
  }

  /** The table holding DuckDB's records of the run (columns as in duckdb-fixtures' records(), plus outcome). */
  async tableName(): Promise<string> {
    return (await this.loaded()).table;
  }

  /** DuckDB's rows matching `where` (SQL over the record columns), with their outcome, by file and row. */
  async rows(where = 'true'): Promise<OracleRow[]> {
    const { table, all } = await this.loaded();
    const keys = await this.bucket.query<{ file: string; row_index: number }>(`SELECT file, row_index FROM ${table} WHERE ${where}`);
    return byPosition(keys.map((key) => all.get(`${key.file}#${key.row_index}`)!));
  }

  async countBy(expression: string, where = 'true'): Promise<Map<string | null, number>> {
    const rows = await this.bucket.query<{ key: string | null; count: number }>(
      `SELECT CAST(${expression} AS VARCHAR) AS key, CAST(count(*) AS INTEGER) AS count FROM ${await this.tableName()} WHERE ${where} GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.key, row.count]));
  }

  /** Each file's row groups as DuckDB's parquet_metadata reports them. */
  async rowGroups(): Promise<Array<{ file: string; rowGroup: number; firstRow: number; rows: number }>> {
    const groups = await this.bucket.query<{ file: string; rowGroup: number; rows: number }>(
      `SELECT DISTINCT parse_filename(file_name) AS file, CAST(row_group_id AS INTEGER) AS "rowGroup", CAST(row_group_num_rows AS INTEGER) AS rows
       FROM parquet_metadata(${sqlString(join(await this.bucket.runFolder(this.run), '*.parquet'))}) ORDER BY 1, 2`,
    );
    const firstRows = new Map<string, number>();
    return groups.map((group) => {
      const firstRow = firstRows.get(group.file) ?? 0;
      firstRows.set(group.file, firstRow + group.rows);
      return { ...group, firstRow };
    });
  }

  /**
   * The identifiers at the first, middle and last rows of every row group of every file (the
   * nearest non-null one inside the group when that row's is null).
   */
  async probes(): Promise<Probe[]> {
    const rows = await this.rows('identifier IS NOT NULL');
    const byFile = new Map<string, OracleRow[]>();
    for (const row of rows) (byFile.get(row.file) ?? byFile.set(row.file, []).get(row.file)!).push(row);
    const probes: Probe[] = [];
    for (const group of await this.rowGroups()) {
      const inGroup = (byFile.get(group.file) ?? []).filter((row) => row.rowIndex >= group.firstRow && row.rowIndex < group.firstRow + group.rows);
      if (inGroup.length === 0) continue;
      const targets = { first: group.firstRow, middle: group.firstRow + Math.floor(group.rows / 2), last: group.firstRow + group.rows - 1 };
      for (const [where, target] of Object.entries(targets) as Array<[Probe['where'], number]>) {
        const nearest = inGroup.reduce((best, row) => (Math.abs(row.rowIndex - target) < Math.abs(best.rowIndex - target) ? row : best));
        probes.push({ identifier: nearest.identifier!, file: group.file, rowGroup: group.rowGroup, row: nearest.rowIndex, where });
      }
    }
    return probes;
  }

  /** What the run's files are, from DuckDB's parquet_metadata and parquet_schema: to check a writer did as asked. */
  async layout(): Promise<{
    rowGroups: number;
    files: number;
    /** Column → distinct compressions and encodings over all chunks, and its schema entry. */
    columns: Map<string, { compressions: Set<string>; encodings: Set<string>; type: string; convertedType: string | null; logicalType: string | null }>;
  }> {
    const glob = sqlString(join(await this.bucket.runFolder(this.run), '*.parquet'));
    const chunks = await this.bucket.query<{ file: string; rowGroup: number; column: string; compression: string; encodings: string }>(
      `SELECT file_name AS file, CAST(row_group_id AS INTEGER) AS "rowGroup", path_in_schema AS "column", compression, encodings FROM parquet_metadata(${glob})`,
    );
    const schema = await this.bucket.query<{ name: string; type: string; converted: string | null; logical: string | null }>(
      `SELECT DISTINCT name, type, converted_type AS converted, logical_type AS logical FROM parquet_schema(${glob}) WHERE type IS NOT NULL`,
    );
    const columns = new Map<string, { compressions: Set<string>; encodings: Set<string>; type: string; convertedType: string | null; logicalType: string | null }>();
    for (const entry of schema) {
      columns.set(entry.name, { compressions: new Set(), encodings: new Set(), type: entry.type, convertedType: entry.converted, logicalType: entry.logical });
    }
    for (const chunk of chunks) {
      const column = columns.get(chunk.column);
      column?.compressions.add(chunk.compression);
      for (const encoding of chunk.encodings.split(', ')) column?.encodings.add(encoding);
    }
    return {
      rowGroups: new Set(chunks.map((chunk) => `${chunk.file}#${chunk.rowGroup}`)).size,
      files: new Set(chunks.map((chunk) => chunk.file)).size,
      columns,
    };
  }

  /** SQL for `identifier IN (...)`. */
  static identifierIn(identifiers: Iterable<string>): string {
    const list = [...identifiers].map(sqlString);
    return list.length === 0 ? 'false' : `identifier IN (${list.join(', ')})`;
  }
}
