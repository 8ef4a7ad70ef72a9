// The benchmark's operations, once for synctrack and once for DuckDB, on the same files.
// Plain ESM so that whole-process runs pay no TypeScript loader start-up.
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';

export const OPERATIONS = ['find', 'filter', 'summary', 'errors', 'sample'];

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
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
