import { Table, Utf8, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage/memory-storage.js';
import { encodeParquet } from '../writer/parquet-encoding.js';
import type { AggregateKernel, AggregateResult, DecodeTask } from './decode-protocol.js';
import type { SelectResult } from '../records/decoded-rows.js';
import { runAggregate } from './aggregate-kernel.js';
import { decodedColumnSet } from './decoded-column-set.js';
import { groupEntries } from './group-list.js';
import { JsDecoder } from './js-decode.js';
import { readParquetFooter } from '../parquet/parquet-footer.js';

const ROWS = 3000;
const identifiers = Array.from({ length: ROWS }, (_, row) => `id-${row * 7}`);
const statuses = Array.from({ length: ROWS }, (_, row) => (row % 10 === 3 ? 'rejected' : row % 50 === 7 ? null : 'succeeded'));
const payloads = Array.from({ length: ROWS }, (_, row) => (row % 97 === 5 ? null : JSON.stringify({ row, email: `user${row}@example.com` })));

async function snappyTask(
  kernel: DecodeTask['kernel'],
  dictionaryColumns = ['status'],
  columns: Record<string, Array<string | null>> = { identifier: identifiers, status: statuses, record_payload: payloads },
): Promise<DecodeTask> {
  const table = new Table(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, vectorFromArray(values, new Utf8())])));
  const bytes = await encodeParquet(table, { compression: 'snappy', dictionaryColumns });
  const storage = new MemoryStorage();
  await storage.write('run/records.0.parquet', bytes);
  const footer = await readParquetFooter(storage, 'run/records.0.parquet', { size: bytes.length });
  const names = Object.keys(columns);
  return {
    type: 'decode',
    id: 1,
    file: 'records.0.parquet',
    fileSize: bytes.length,
    rowGroup: 0,
    numRows: Object.values(columns)[0]!.length,
    columns: names,
    ranges: [{ offset: 0, bytes }],
    kernel,
    weight: 0,
    chunks: names.map((name) => footer.rowGroups[0]!.chunkLayouts.get(name) ?? null),
  };
}

describe('JsDecoder', () => {
  const select = (identifiers: string[]): DecodeTask['kernel'] => ({
    kind: 'select',
    predicate: { identifiers },
    output: ['identifier', 'status', 'record_payload'],
    startRow: 0,
    limit: null,
  });

  it('reads late PLAIN payloads for the selected rows only, through a window, whatever readLate says', async () => {
    const wanted = ['id-35', 'id-5600', 'id-20993'];
    const task = await snappyTask(select(wanted));
    const decoder = new JsDecoder();
    for (const readLate of [true, false]) {
      const result = decoder.run(task, task.kernel as never, ['record_payload'], readLate) as SelectResult;
      expect(result.rowIndexes).toEqual([5, 800, 2999]);
      expect(result.columns.identifier).toEqual(wanted);
      expect(result.columns.status).toEqual([statuses[5], statuses[800], statuses[2999]]);
      expect(result.columns.record_payload).toEqual([payloads[5], payloads[800], payloads[2999]]);
    }
  });

  it('decodes dictionary-encoded late payloads whole when readLate says so, or leaves them to the caller', async () => {
    const wanted = ['id-35', 'id-5600', 'id-20993'];
    const task = await snappyTask(select(wanted), ['status', 'record_payload']);
    const decoder = new JsDecoder();
    const result = decoder.run(task, task.kernel as never, ['record_payload']) as SelectResult;
    expect(result.columns.record_payload).toEqual([payloads[5], payloads[800], payloads[2999]]);
    const without = decoder.run(task, task.kernel as never, ['record_payload'], false) as SelectResult;
    expect(without.rowIndexes).toEqual([5, 800, 2999]);
    expect(without.columns.record_payload).toBeUndefined();
  });

  it('answers a row group without the wanted identifiers from the identifier pages alone', async () => {
    const task = await snappyTask(select(['id-36', 'nobody']));
    const result = new JsDecoder().run(task, task.kernel as never, ['record_payload']) as SelectResult;
    expect(result).toMatchObject({ matched: 0, rowIndexes: [], columns: { identifier: [], status: [], record_payload: [] } });
  });

  it('counts a whole dictionary column by value', async () => {
    const task = await snappyTask({ kind: 'aggregate', predicate: {}, groupings: [['status']] });
    const result = new JsDecoder().run(task, task.kernel as never);
    const counts = new Map<string | null, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    expect(result?.kind).toBe('aggregate');
    expect(new Map(groupEntries((result as AggregateResult).groups[0]!).map((group) => [group.key[0]!, group.count]))).toEqual(counts);
  });

  it('finds identifiers on PLAIN pages exactly as decoding a dictionary-encoded chunk does', async () => {
    // Nulls, repeats, values that hold another's bytes (with their length prefix) inside them.
    const rows = 2500;
    const ids = Array.from({ length: rows }, (_, row) =>
      row % 61 === 0 ? null : row % 250 === 9 ? 'dup-1' : row % 333 === 1 ? `x\u0005\u0000\u0000\u0000id-42-${row}` : `id-${row % 1200}`,
    );
    const columns = { identifier: ids, status: ids.map((_, row) => (row % 3 === 0 ? 'rejected' : 'succeeded')), record_payload: ids.map((id) => JSON.stringify({ id })) };
    const wanted = ['id-42', 'dup-1', 'id-1199', 'émile', ''];
    const kernels: Array<DecodeTask['kernel']> = [
      { kind: 'select', predicate: { identifiers: wanted }, output: ['identifier', 'status', 'record_payload'], startRow: 0, limit: null },
      { kind: 'select', predicate: { identifiers: wanted }, output: ['status'], startRow: 700, limit: 3 },
      { kind: 'select', predicate: { identifiers: wanted }, output: ['identifier'], startRow: 0, limit: null, ordinals: [1, 4] },
      { kind: 'select', predicate: { identifiers: wanted, statuses: ['rejected'] }, output: ['identifier', 'record_payload'], startRow: 0, limit: null },
      { kind: 'aggregate', predicate: { identifiers: wanted }, groupings: [] },
      { kind: 'aggregate', predicate: { identifiers: wanted }, groupings: [['status']], examples: { grouping: 0, column: 'identifier', perGroup: 2 } },
    ];
    for (const kernel of kernels) {
      const plain = new JsDecoder().run(...((task) => [task, task.kernel as never, ['record_payload']] as const)(await snappyTask(kernel, ['status'], columns)));
      const decoded = new JsDecoder().run(...((task) => [task, task.kernel as never, ['record_payload']] as const)(await snappyTask(kernel, ['status', 'identifier'], columns)));
      expect(plain, JSON.stringify(kernel)).toEqual(decoded);
      expect(plain?.matched, JSON.stringify(kernel)).toBeGreaterThan(0);
    }
  });

  it('groups the few rows an aggregate keeps from their cells as decoding every row does', async () => {
    // ~5% rejected: the kernel reads messages, identifiers and times for those rows only.
    const rows = 4000;
    const table = tableFromArrays({
      identifier: Array.from({ length: rows }, (_, row) => (row % 89 === 0 ? null : `id-${row}`)),
      status: Array.from({ length: rows }, (_, row) => (row % 20 === 3 ? 'rejected' : row % 50 === 7 ? null : 'succeeded')),
      status_message: Array.from({ length: rows }, (_, row) => (row % 7 === 0 ? null : `Error ${row % 37}: ${row % 3 ? 'bad' : 'worse'}`)),
      batch_started_at: Array.from({ length: rows }, (_, row) => (row % 11 === 5 ? null : new Date(Date.UTC(2026, 0, 1) + ((row * 7919) % 10_000) * 1000))),
    } as never) as unknown as Table;
    const bytes = await encodeParquet(table, { compression: 'snappy', dictionaryColumns: ['status', 'status_message'] });
    const storage = new MemoryStorage();
    await storage.write('run/records.0.parquet', bytes);
    const footer = await readParquetFooter(storage, 'run/records.0.parquet', { size: bytes.length });
    const columns = ['identifier', 'status', 'status_message', 'batch_started_at'];
    const kernels: AggregateKernel[] = [
      { kind: 'aggregate', predicate: { statuses: ['rejected'] }, groupings: [['status_message']], examples: { grouping: 0, column: 'identifier', perGroup: 3 } },
      { kind: 'aggregate', predicate: { outcomes: ['rejected'] }, groupings: [['status_message', 'identifier'], ['status']], timeColumns: ['batch_started_at'] },
      { kind: 'aggregate', predicate: { identifiers: ['id-3', 'id-23', 'id-24', 'nobody'] }, groupings: [['status']], examples: { grouping: 0, column: 'status_message', perGroup: 1 } },
    ];
    const sorted = (result: AggregateResult) => ({
      ...result,
      groups: result.groups.map((list) => groupEntries(list).sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1))),
    });
    for (const kernel of kernels) {
      const task: DecodeTask = {
        type: 'decode', id: 1, file: 'records.0.parquet', fileSize: bytes.length, rowGroup: 0, numRows: rows, columns,
        ranges: [{ offset: 0, bytes }], kernel, weight: 0, chunks: columns.map((name) => footer.rowGroups[0]!.chunkLayouts.get(name) ?? null),
      };
      const decoder = new JsDecoder();
      const picked = decoder.run(task, kernel) as AggregateResult;
      const everyRow = runAggregate(decodedColumnSet(rows, decoder.begin(task).decode(columns)!), kernel);
      expect(picked.matched, JSON.stringify(kernel)).toBeGreaterThan(0);
      expect(picked.matched * 8, JSON.stringify(kernel)).toBeLessThanOrEqual(rows);
      expect(sorted(picked), JSON.stringify(kernel)).toEqual(sorted(everyRow));
    }
  });
});
