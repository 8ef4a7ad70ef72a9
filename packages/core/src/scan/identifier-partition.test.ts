import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { seededRandom } from '../questions/seeded-random.js';
import { IDENTIFIER_SETS, noCounts, PartitionComparer, type IdentifierSetName } from './identifier-partition.js';
import { PARTITION_WASM } from './partition-wasm/partition-binary.js';
import { packEntries } from './wasm-entries.js';

interface Row {
  identifier: string | null;
  failing: boolean;
}

/** One run's rows as one partition's entries (row r of the run is entry row r). */
function entriesOf(rows: Row[]): Uint32Array {
  const encoder = new TextEncoder();
  const encoded = rows.map(({ identifier }) => (identifier === null ? null : encoder.encode(identifier)));
  const bytes = new Uint8Array(encoded.reduce((sum, value) => sum + (value?.length ?? 0), 0));
  const starts = new Int32Array(rows.length);
  const lengths = new Int32Array(rows.length);
  let at = 0;
  encoded.forEach((value, row) => {
    lengths[row] = value === null ? -1 : value.length;
    starts[row] = at;
    if (value !== null) bytes.set(value, at);
    at += value?.length ?? 0;
  });
  const failing = Uint8Array.from(rows, ({ failing: fails }) => (fails ? 1 : 0));
  return packEntries({ bytes, starts, lengths }, failing, rows.length, 0, 0).partitions[0]!;
}

/** compareRuns' definitions, the plain way. */
function expected(base: Row[], head: Row[]) {
  const states = (rows: Row[]) => {
    const byIdentifier = new Map<string, boolean>();
    for (const { identifier, failing } of rows) if (identifier !== null) byIdentifier.set(identifier, (byIdentifier.get(identifier) ?? false) || failing);
    return byIdentifier;
  };
  const [b, h] = [states(base), states(head)];
  const counts = noCounts();
  const rows: Record<IdentifierSetName, number[]> = { newlyFailing: [], fixed: [], stillFailing: [], added: [], removed: [] };
  for (const identifier of new Set([...b.keys(), ...h.keys()])) {
    const [inBase, inHead] = [b.get(identifier), h.get(identifier)];
    if (inHead === true && inBase !== true) counts.newlyFailing++;
    if (inBase === true && inHead === false) counts.fixed++;
    if (inBase === true && inHead === true) counts.stillFailing++;
    if (inHead !== undefined && inBase === undefined) counts.added++;
    if (inBase !== undefined && inHead === undefined) counts.removed++;
  }
  base.forEach(({ identifier }, row) => {
    if (identifier !== null && !h.has(identifier)) rows.removed.push(row);
  });
  head.forEach(({ identifier }, row) => {
    if (identifier === null) return;
    const [inBase, inHead] = [b.get(identifier), h.get(identifier)!];
    if (inHead && inBase !== true) rows.newlyFailing.push(row);
    if (inBase === true && !inHead) rows.fixed.push(row);
    if (inBase === true && inHead) rows.stillFailing.push(row);
    if (inBase === undefined) rows.added.push(row);
  });
  return { counts, rows };
}

describe('partition.wasm', () => {
  it('is what partition.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleWat('scan/partition-wasm/', 'partition.wat')).toBe(PARTITION_WASM);
  });
});

describe('PartitionComparer', () => {
  it('counts and lists the five sets as their definitions say, partition after partition', () => {
    const comparer = new PartitionComparer();
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      // Identifiers of several lengths, some in both runs, some repeated within a run, some null.
      const pick = () => (random() < 0.05 ? null : `id-${Math.floor(random() * 3000)}${'x'.repeat(Math.floor(random() * 9))}`);
      const run = (size: number) => Array.from({ length: size }, (): Row => ({ identifier: pick(), failing: random() < 0.3 }));
      const [base, head] = [run(4000 + seed * 500), run(4200)];
      const baseWords = entriesOf(base);
      const words = new Uint32Array(baseWords.length + entriesOf(head).length);
      words.set(baseWords);
      words.set(entriesOf(head), baseWords.length);
      const counts = noCounts();
      const rows = comparer.compare(words, baseWords.length, words.length, counts);
      const want = expected(base, head);
      expect(counts).toEqual(want.counts);
      // Rows are each run's own: the base's for `removed`, the head's for the others.
      for (const set of IDENTIFIER_SETS) expect([...rows[set]].sort((a, b) => a - b), set).toEqual(want.rows[set]);
    }
  });
});
