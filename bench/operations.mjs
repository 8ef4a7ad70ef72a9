// The benchmark's operations, once for synctrack and once for DuckDB, on the same files.
// Plain ESM so that whole-process runs pay no TypeScript loader start-up.
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';

export const OPERATIONS = ['find', 'filter', 'summary', 'errors', 'sample', 'compare'];

/**
 * An identifier no bench run holds, and outside every row group's identifiers (ten digits, where
 * "c" sorts after every digit): "what happened to customer X" for an X the run never synced.
 */
export const ABSENT_IDENTIFIER = 'cust-404';

/** What compare answers, reduced to one comparable text: both runs' outcome counts, the five identifier counts, the error groups. */
function compareAnswer(outcomes, identifiers, errors) {
  return JSON.stringify({ outcomes, identifiers, errors });
}

/** DuckDB's reading of "fails": rejected or invalid (not succeeded), SQL NULL included. */
const FAILING_SQL = `NOT coalesce(lower(status) IN ('succeeded', 'success'), false)`;
const OUTCOME_SQL = `CASE WHEN status IS NULL OR lower(status) IN ('null', 'duplicate') THEN 'invalid' WHEN lower(status) IN ('succeeded', 'success') THEN 'success' ELSE 'rejected' END`;

/** Counts the bytes synctrack reads through its storage adapter. */
export function countingStorage(storage) {
  const counter = { bytes: 0, requests: 0 };
  const counted = Object.create(storage);
  counted.read = async (key, options) => {
    const bytes = await storage.read(key, options);
    counter.bytes += bytes.length;
    counter.requests++;
    return bytes;
  };
  return { storage: counted, counter };
}

export function synctrackEngine(bench) {
  const { storage, counter } = countingStorage(createFsStorage({ root: bench.root }));
  const client = new SyncTrackingClient({ storage });
  const run = bench.run;
  return {
    counter,
    async find() {
      return (await client.find(run, bench.probeIdentifier)).length;
    },
    /** find of an identifier the run does not hold, outside every row group's range (ABSENT_IDENTIFIER). */
    async findAbsent() {
      return (await client.find(run, ABSENT_IDENTIFIER)).length;
    },
    async filter() {
      let rows = 0;
      for await (const record of client.filter(run, { status: 'rejected', columns: ['identifier', 'statusMessage'] })) {
        if (record.identifier !== undefined) rows++;
      }
      return rows;
    },
    async summary() {
      return (await client.summary(run)).byStatus.length;
    },
    async errors() {
      return (await client.errors(run)).length;
    },
    async sample() {
      return (await client.sample(run, { size: 100, seed: 7 })).length;
    },
    /** The run against the next run of its sync (bench.next), as `synctrack diff` asks. */
    async compare() {
      const comparison = await client.compareRuns(run, bench.next.run);
      const outcomes = [comparison.base.byOutcome, comparison.head.byOutcome].map(({ success, rejected, invalid }) => [success, rejected, invalid]);
      const { newlyFailing, fixed, stillFailing, added, removed } = comparison.identifiers;
      const errors = comparison.errors.map((group) => [group.statusMessage, group.base, group.head]);
      return compareAnswer(outcomes, [newlyFailing, fixed, stillFailing, added, removed], errors);
    },
  };
}

export async function duckdbEngine(bench) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const files = `read_parquet('${bench.folder}/*.parquet', union_by_name=true)`;
  const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowsJS().length;
  return {
    async find() {
      return rows(`SELECT * FROM ${files} WHERE identifier = '${bench.probeIdentifier}'`);
    },
    async findAbsent() {
      return rows(`SELECT * FROM ${files} WHERE identifier = '${ABSENT_IDENTIFIER}'`);
    },
    async filter() {
      return rows(`SELECT identifier, status_message FROM ${files} WHERE status = 'rejected'`);
    },
    async summary() {
      return rows(`SELECT status, count(*) FROM ${files} GROUP BY 1`);
    },
    async errors() {
      return rows(
        `SELECT status_message, count(*) AS n, list(identifier)[1:5] AS examples FROM ${files} WHERE status = 'rejected' GROUP BY 1 ORDER BY n DESC`,
      );
    },
    async sample() {
      return rows(`SELECT * FROM ${files} USING SAMPLE reservoir(100 ROWS) REPEATABLE (7)`);
    },
    /** compareRuns in SQL: outcome counts of each run, the five identifier sets, error groups side by side. */
    async compare() {
      const head = `read_parquet('${bench.next.folder}/*.parquet', union_by_name=true)`;
      const all = async (sql) => (await connection.runAndReadAll(sql)).getRowsJS();
      const outcomes = [];
      for (const run of [files, head]) {
        const counts = new Map((await all(`SELECT ${OUTCOME_SQL}, count(*) FROM ${run} GROUP BY 1`)).map(([outcome, count]) => [outcome, Number(count)]));
        outcomes.push(['success', 'rejected', 'invalid'].map((outcome) => counts.get(outcome) ?? 0));
      }
      const states = (run) => `(SELECT identifier, bool_or(${FAILING_SQL}) AS failing FROM ${run} WHERE identifier IS NOT NULL GROUP BY 1)`;
      const [identifiers] = await all(`SELECT
          count(*) FILTER (WHERE h.failing AND NOT coalesce(b.failing, false)),
          count(*) FILTER (WHERE b.failing AND h.identifier IS NOT NULL AND NOT h.failing),
          count(*) FILTER (WHERE b.failing AND h.failing),
          count(*) FILTER (WHERE h.identifier IS NOT NULL AND b.identifier IS NULL),
          count(*) FILTER (WHERE b.identifier IS NOT NULL AND h.identifier IS NULL)
        FROM ${states(files)} AS b FULL OUTER JOIN ${states(head)} AS h ON b.identifier = h.identifier`);
      const rejected = (run, side) => `SELECT status_message, ${side} AS side FROM ${run} WHERE ${OUTCOME_SQL} = 'rejected'`;
      const errors = await all(`SELECT status_message, count(*) FILTER (WHERE side = 0) AS base, count(*) FILTER (WHERE side = 1) AS head
        FROM (${rejected(files, 0)} UNION ALL ${rejected(head, 1)}) GROUP BY 1
        ORDER BY abs(head - base) DESC, head DESC, status_message ASC NULLS LAST`);
      return compareAnswer(outcomes, identifiers.map(Number), errors.map(([message, base, head]) => [message, Number(base), Number(head)]));
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
