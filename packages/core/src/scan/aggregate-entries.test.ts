import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readParquetFooter } from '../parquet/parquet-footer.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { aggregateByEntries } from './aggregate-entries.js';
import { aggregateCells } from './aggregate-kernel.js';
import type { AggregateKernel, AggregateResult, DecodeTask } from './decode-protocol.js';
import { ExampleTexts, groupEntries } from './group-list.js';
import { HeldKeys } from './held-keys.js';
import { JsDecoder } from './js-decode.js';
import { KeyTable } from './key-table.js';

const ROWS = 5000;
const columns: Record<string, Array<string | null>> = {
  identifier: Array.from({ length: ROWS }, (_, row) => (row % 61 === 0 ? null : `id-${row}`)),
  status_message: Array.from({ length: ROWS }, (_, row) => (row % 13 === 0 ? null : `Error ${(row * 7) % 41}: ${row % 3 ? 'bad' : 'worse'}`)),
};

/** The groups as objects, in key order (null last): the order compared, not the order listed. */
function inKeyOrder(result: AggregateResult | null) {
  const groups = groupEntries(result!.groups[0]!);
  const key = (group: (typeof groups)[number]) => group.key[0] ?? null;
  return { ...result, groups: groups.sort((a, b) => (key(a) === null ? 1 : key(b) === null ? -1 : key(a)! < key(b)! ? -1 : 1)) };
}

async function chunksOf(dictionaryColumns: string[]) {
  const table = new Table(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, vectorFromArray(values, new Utf8())])));
  const bytes = await encodeParquet(table, { compression: 'snappy', dictionaryColumns });
  const storage = new MemoryStorage();
  await storage.write('run/records.0.parquet', bytes);
  const footer = await readParquetFooter(storage, 'run/records.0.parquet', { size: bytes.length });
  const names = Object.keys(columns);
  const kernel: AggregateKernel = { kind: 'aggregate', predicate: {}, groupings: [['status_message']], examples: { grouping: 0, column: 'identifier', perGroup: 4 } };
  const task: DecodeTask = {
    type: 'decode', id: 1, file: 'records.0.parquet', fileSize: bytes.length, rowGroup: 0, numRows: ROWS, columns: names,
    ranges: [{ offset: 0, bytes }], kernel, weight: 0, chunks: names.map((name) => footer.rowGroups[0]!.chunkLayouts.get(name) ?? null),
  };
  return { chunks: new JsDecoder().begin(task), kernel };
}

describe('aggregateByEntries', () => {
  it('counts kept rows by dictionary entry as aggregateCells does from their cells, example for example, groups in the order first seen', async () => {
    const { chunks, kernel } = await chunksOf(['status_message']);
    for (const kept of [Array.from({ length: ROWS }, (_, row) => row).filter((row) => row % 9 === 2 || row % 31 === 0), [0, 13, 4999], []]) {
      const byEntries = aggregateByEntries(chunks, kernel, kept);
      expect(byEntries).not.toBeNull();
      const cells = { status_message: chunks.readRows('status_message', kept)!, identifier: chunks.readRows('identifier', kept)! };
      const firstSeen = [...new Set(cells.status_message)];
      expect(groupEntries(byEntries!.groups[0]!).map((group) => group.key[0])).toEqual(firstSeen);
      expect(inKeyOrder(byEntries)).toEqual(inKeyOrder(aggregateCells(ROWS, kept.length, kernel, cells)));
      const without = aggregateByEntries(chunks, { ...kernel, examples: undefined }, kept);
      expect(inKeyOrder(without)).toEqual(inKeyOrder(aggregateCells(ROWS, kept.length, { ...kernel, examples: undefined }, cells)));
    }
  });

  it('with held keys, sends no examples for a key whose hash is held, and reads no identifiers when no key needs any', async () => {
    const { chunks, kernel } = await chunksOf(['status_message']);
    const kept = Array.from({ length: ROWS }, (_, row) => row).filter((row) => row % 9 === 2);
    const picked: number[][] = [];
    const pickRowBytes = chunks.pickRowBytes.bind(chunks);
    chunks.pickRowBytes = (column, rows) => (picked.push([...rows]), pickRowBytes(column, rows));
    const all = aggregateByEntries(chunks, { ...kernel, bytes: true }, kept)!.groups[0]!;
    const keys = all.keyBytes!;
    const held = new HeldKeys();
    // Every key but the null one and the first two listed.
    for (let group = 2; group < keys.lengths.length; group++) if (keys.lengths[group]! >= 0) held.add(keys.hashes![group]!);
    const some = aggregateByEntries(chunks, { ...kernel, bytes: true, examples: { ...kernel.examples!, held: held.buffer } }, kept)!.groups[0]!;
    expect(some.counts).toEqual(all.counts);
    expect(some.keyBytes).toEqual(all.keyBytes);
    const sent = (list: typeof all, group: number) => list.exampleEnds[group]! - (group === 0 ? 0 : list.exampleEnds[group - 1]!);
    const allTexts = new ExampleTexts(all);
    const someTexts = new ExampleTexts(some);
    let at = 0;
    for (let group = 0; group < keys.lengths.length; group++) {
      const from = group === 0 ? 0 : all.exampleEnds[group - 1]!;
      if (group >= 2 && keys.lengths[group]! >= 0) {
        expect(sent(some, group)).toBe(0);
        continue;
      }
      expect(sent(some, group)).toBe(sent(all, group));
      for (let index = 0; index < sent(all, group); index++) expect(someTexts.text(at++)).toBe(allTexts.text(from + index));
    }
    expect(picked[1]!.length).toBeLessThan(picked[0]!.length);
    // Every key held, and no row of the null key (never held): no identifier is read.
    for (let group = 0; group < 2; group++) if (keys.lengths[group]! >= 0) held.add(keys.hashes![group]!);
    const withMessage = kept.filter((row) => columns.status_message![row] !== null);
    picked.length = 0;
    const none = aggregateByEntries(chunks, { ...kernel, bytes: true, examples: { ...kernel.examples!, held: held.buffer } }, withMessage)!.groups[0]!;
    expect(picked).toEqual([]);
    expect(Array.from(none.exampleEnds).every((end) => end === 0)).toBe(true);
    expect(none.counts).toEqual(aggregateByEntries(chunks, { ...kernel, bytes: true }, withMessage)!.groups[0]!.counts);
  });

  it.each([[['status_message']], [['status_message', 'identifier']]])('with bytes, sends each key and example as its UTF-8 bytes instead of a string, a null key marked (dictionary columns %j)', async (dictionaryColumns) => {
    const { chunks, kernel } = await chunksOf(dictionaryColumns);
    const kept = Array.from({ length: ROWS }, (_, row) => row).filter((row) => row % 7 === 3);
    const strings = aggregateByEntries(chunks, kernel, kept)!.groups[0]!;
    const list = aggregateByEntries(chunks, { ...kernel, bytes: true }, kept)!.groups[0]!;
    expect(list.keys).toEqual([]);
    expect(list.examples).toEqual([]);
    expect(list.counts).toEqual(strings.counts);
    expect(list.exampleEnds).toEqual(strings.exampleEnds);
    const example = new ExampleTexts(list);
    expect(strings.examples.map((_, at) => example.text(at))).toEqual(strings.examples);
    expect(strings.examples).toContain(null);
    const { bytes, starts, lengths } = list.keyBytes!;
    const decoder = new TextDecoder();
    const keys = Array.from(lengths, (length, group) => (length < 0 ? null : decoder.decode(bytes.subarray(starts[group]!, starts[group]! + length))));
    expect(keys).toEqual(strings.keys);
    expect(keys).toContain(null);
    // The hashes sent are the ones the calling thread's table computes: the same keys as strings are the same groups.
    expect(list.keyBytes!.hashes).toHaveLength(keys.length);
    const table = new KeyTable();
    const groups = [...table.add(list)];
    expect([...table.add(strings)]).toEqual(groups);
    expect(table.size).toBe(keys.length);
  });

  it('leaves PLAIN columns, several columns and time spans to the general path', async () => {
    const { chunks, kernel } = await chunksOf([]);
    expect(aggregateByEntries(chunks, kernel, [1, 2, 3])).toBeNull();
    const dictionary = await chunksOf(['status_message']);
    expect(aggregateByEntries(dictionary.chunks, { ...kernel, groupings: [['status_message', 'identifier']] }, [1, 2])).toBeNull();
    expect(aggregateByEntries(dictionary.chunks, { ...kernel, timeColumns: ['batch_started_at'] }, [1, 2])).toBeNull();
  });
});
