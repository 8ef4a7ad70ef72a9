// The gate (reader/chunk-layout.ts) end to end: identifiers stored in every encoding arrow-rs
// writes (PLAIN, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, dictionary, a dictionary that falls
// back to PLAIN), under every codec the fast path knows and data pages v1 and v2, are found by
// `find`, `filter({ identifiers })` and the local index in every row group, and timestamps stored
// DELTA_BINARY_PACKED read right. Expected answers are the rows written.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type StorageAdapter } from '../src/index.js';
import { DecodePool } from '../src/internal.js';
import { collect } from './duckdb-fixtures.js';

// Imported by name, as duckdb-fixtures.ts does: the fs adapter's package depends on core.
const fsPackage = '@synctrack/storage-fs';
const { FsStorage } = (await import(/* @vite-ignore */ fsPackage)) as {
  FsStorage: new (options: { root: string }) => StorageAdapter;
};

const ROWS = 3000;
const ROW_GROUP = 1000;

interface Row {
  identifier: string | null;
  status: string | null;
  startedAt: number;
}

function rows(): Row[] {
  return Array.from({ length: ROWS }, (_, row) => ({
    identifier: row % 101 === 7 ? null : `cust-${(row * 7919) % 100_003}`,
    status: row % 5 === 0 ? 'rejected' : 'succeeded',
    startedAt: Date.UTC(2026, 5, 1) + row * 1000,
  }));
}

type Shape = { name: string; identifier: parquet.Encoding | 'dictionary'; v2: boolean; compression: parquet.Compression; pageSize?: number };

const SHAPES: Shape[] = [];
for (const [codecName, compression] of [
  ['uncompressed', parquet.Compression.UNCOMPRESSED],
  ['snappy', parquet.Compression.SNAPPY],
  ['gzip', parquet.Compression.GZIP],
] as const) {
  for (const v2 of [false, true]) {
    for (const [encodingName, identifier] of [
      ['PLAIN', parquet.Encoding.PLAIN],
      ['DELTA_LENGTH_BYTE_ARRAY', parquet.Encoding.DELTA_LENGTH_BYTE_ARRAY],
      ['DELTA_BYTE_ARRAY', parquet.Encoding.DELTA_BYTE_ARRAY],
      ['dictionary', 'dictionary'],
    ] as const) {
      SHAPES.push({ name: `${encodingName}, ${codecName}, page v${v2 ? 2 : 1}`, identifier, v2, compression });
    }
  }
}
SHAPES.push({ name: 'dictionary falling back to PLAIN mid-chunk, snappy, small pages', identifier: 'dictionary', v2: false, compression: parquet.Compression.SNAPPY, pageSize: 512 });

function writeFileFor(shape: Shape, data: Row[]): Uint8Array {
  const table = tableFromArrays({
    identifier: data.map((row) => row.identifier),
    status: data.map((row) => row.status),
    batch_started_at: data.map((row) => new Date(row.startedAt)),
  } as never);
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(shape.compression)
    .setMaxRowGroupSize(ROW_GROUP)
    .setWriterVersion(shape.v2 ? parquet.WriterVersion.V2 : parquet.WriterVersion.V1)
    .setColumnDictionaryEnabled('status', true)
    .setColumnDictionaryEnabled('identifier', shape.identifier === 'dictionary')
    .setColumnDictionaryEnabled('batch_started_at', false)
    .setColumnEncoding('batch_started_at', parquet.Encoding.DELTA_BINARY_PACKED);
  if (shape.identifier !== 'dictionary') builder = builder.setColumnEncoding('identifier', shape.identifier);
  if (shape.pageSize !== undefined) builder = builder.setDataPageSizeLimit(shape.pageSize).setDictionaryPageSizeLimit(shape.pageSize);
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table as never, 'stream')), builder.build());
}

let root: string;
let pool: DecodePool;
let client: SyncTrackingClient;
let indexed: SyncTrackingClient;
const data = rows();
/** Probes: the first, a middle and the last identified row of every row group, and an absent one. */
const probes: string[] = [];
for (let group = 0; group < ROWS / ROW_GROUP; group++) {
  const inGroup = data.slice(group * ROW_GROUP, (group + 1) * ROW_GROUP).filter((row) => row.identifier !== null);
  probes.push(inGroup[0]!.identifier!, inGroup[Math.floor(inGroup.length / 2)]!.identifier!, inGroup.at(-1)!.identifier!);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synctrack-gate-'));
  for (const [index, shape] of SHAPES.entries()) {
    const folder = join(root, 'sync_tracking_datasets', '1', '2', `run-${index}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'records_updated.0.parquet'), writeFileFor(shape, data));
  }
  pool = new DecodePool({ size: 2 });
  const storage = new FsStorage({ root });
  client = new SyncTrackingClient({ storage, decodePool: pool });
  indexed = new SyncTrackingClient({ storage, decodePool: pool, index: { directory: join(root, '.index') } });
});

afterAll(async () => {
  await pool?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.each(SHAPES.map((shape, index) => [shape.name, index] as const))('identifiers %s', (_name, index) => {
  const run = { orgId: '1', syncId: '2', runId: `run-${index}` };
  const expectedRows = (id: string) => data.flatMap((row, at) => (row.identifier === id ? [at] : []));

  it('find answers every probe in every row group, and nothing for an absent one', async () => {
    for (const probe of probes) {
      const found = await client.find(run, probe);
      expect(found.map((record) => record.identifier), probe).toEqual(expectedRows(probe).map(() => probe));
      for (const record of found) {
        const row = data[record.origin.rowIndex]!;
        expect(record.batchStartedAt?.getTime()).toBe(row.startedAt);
        expect(record.outcome).toBe(row.status === 'rejected' ? 'rejected' : 'success');
      }
    }
    expect(await client.find(run, 'cust-absent')).toEqual([]);
  });

  it('filter({ identifiers }) keeps every probe', async () => {
    const found = await collect(client.filter(run, { identifiers: [...probes, 'cust-absent'] }));
    const expected = new Set(probes.flatMap(expectedRows));
    expect(found.map((record) => record.origin.rowIndex).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
  });

  it('the local index finds every probe', async () => {
    for (const probe of probes) {
      const found = await indexed.find(run, probe);
      expect(found.map((record) => record.origin.rowIndex), probe).toEqual(expectedRows(probe));
      for (const record of found) expect(record.batchStartedAt?.getTime()).toBe(data[record.origin.rowIndex]!.startedAt);
    }
  });
});
