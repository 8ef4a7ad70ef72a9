// What every dialect shares: the statement and dialect shapes, qualified names and the seed's
// "errors grouped by message" view with the engine's own array aggregate.
import { BATCH_NUMBER_PATTERN, BATCH_SUFFIX_PATTERN, outcomeSql, pathIdPattern, sqlString } from '../sql/layout-schema.js';
import type { DdlScheme, DdlTarget } from './ddl-target.js';

export interface DdlStatement {
  /** One or more comment lines printed above the statement. */
  comment?: string;
  sql: string;
}

export interface DdlDialect {
  engine: string;
  /** The locations the engine reads. */
  schemes: readonly DdlScheme[];
  /** What to set up before running the statements, as comment lines. */
  setup(target: DdlTarget): string[];
  statements(target: DdlTarget, names: TableNames): DdlStatement[];
}

/** The names of the objects a DDL creates, qualified by the schema when one is given. */
export class TableNames {
  constructor(private readonly schema: string | undefined) {}

  name(table: string): string {
    return this.schema === undefined ? table : `${this.schema}.${table}`;
  }
}

/** The seed's "errors grouped by message", per run, as the SDK's errors question counts (outcome rejected). */
export function errorsByMessageSql(names: TableNames, arrayAggregate: string): string {
  return [
    'SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,',
    `  ${arrayAggregate} AS rejected_records`,
    `FROM ${names.name('records')}`,
    "WHERE outcome = 'rejected'",
    'GROUP BY org_id, sync_id, run_id, status_message',
  ].join('\n');
}

/** An engine's regular-expression functions, each over SQL expressions and a pattern (a literal). */
export interface RegexSql {
  /** The pattern's one group, NULL (or '' where the engine says so) without a match. */
  extract(text: string, pattern: string): string;
  replace(text: string, pattern: string): string;
  matches(text: string, pattern: string): string;
  /** Text of digits (or '' or NULL) as a 64-bit integer, NULL when empty. */
  toBigint(text: string): string;
  lower?: string;
}

/** The columns taken from a record file's path: ids, file name, batch type and number, and the outcome. */
export function recordPathColumns(path: string, file: string, regex: RegexSql, status = 'status'): string[] {
  return [
    `${regex.extract(path, sqlString(pathIdPattern(0)))} AS org_id`,
    `${regex.extract(path, sqlString(pathIdPattern(1)))} AS sync_id`,
    `${regex.extract(path, sqlString(pathIdPattern(2)))} AS run_id`,
    `${file} AS file`,
    `${regex.replace(file, sqlString(BATCH_SUFFIX_PATTERN))} AS batch_type`,
    `${regex.toBigint(regex.extract(file, sqlString(BATCH_NUMBER_PATTERN)))} AS batch_number`,
    `${outcomeSql(status, regex.lower)} AS outcome`,
  ];
}

/** The ids of a metadata.json's path. */
export function runPathColumns(path: string, regex: RegexSql): string[] {
  return [0, 1, 2].map((index) => `${regex.extract(path, sqlString(pathIdPattern(index as 0 | 1 | 2)))} AS ${['org_id', 'sync_id', 'run_id'][index]}`);
}

/** `SELECT` list lines, indented, comma-separated. */
export function selectList(items: readonly string[]): string {
  return items.map((item, index) => `  ${item}${index === items.length - 1 ? '' : ','}`).join('\n');
}
