// A corrupt footer is the file's problem: whatever its bytes say (negative, fractional or missing
// offsets and sizes, chunks or page indexes past the end, fields hyparquet could not fill), reading
// it and every column chunk it points to either works or throws INVALID_DATA naming the file. It
// never hands an adapter an invalid range (INVALID_ARGUMENT) or throws a TypeError.
import { beforeAll, expect, test } from 'vitest';
import { SyncTrackError } from '../src/errors/sync-track-error.js';
import { readParquetFooter, spansForRead } from '../src/parquet/parquet-footer.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import { fuzzSeeds, type FuzzSeed } from './fuzz/fuzz-seeds.js';
import { fileRegions, mutant, type Mutant } from './fuzz/mutations.js';

let seeds: FuzzSeed[];

beforeAll(async () => {
  seeds = await fuzzSeeds();
});

async function readEveryChunk(bytes: Uint8Array): Promise<void> {
  const storage = new MemoryStorage();
  await storage.write('run/records_updated.0.parquet', bytes);
  const footer = await readParquetFooter(storage, 'run/records_updated.0.parquet', { file: 'memory://run/records_updated.0.parquet' });
  for (const group of footer.rowGroups) {
    for (const span of spansForRead(footer, group.index, footer.columnNames)) {
      await storage.read(footer.key, { range: { offset: span.start, length: span.end - span.start } });
    }
  }
}

test('3,000 footer mutants read, or fail with INVALID_DATA naming the file', async () => {
  const files = seeds.map((seed) => seed.bytes);
  const regions = files.map(fileRegions);
  const footerMutants: Mutant[] = [];
  for (let index = 0; footerMutants.length < 3000; index++) {
    const candidate = mutant(1, index, files, regions);
    if (candidate.region === 'footer') footerMutants.push(candidate);
  }
  const wrong: string[] = [];
  let invalid = 0;
  for (const subject of footerMutants) {
    const error = await readEveryChunk(subject.bytes).then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error === null) continue;
    if (SyncTrackError.isInstance(error) && error.code === 'INVALID_DATA' && error.message.includes('records_updated.0.parquet')) {
      invalid++;
      continue;
    }
    const code = SyncTrackError.isInstance(error) ? error.code : 'untyped';
    wrong.push(`mutant ${subject.index} (${subject.kind} at ${subject.offset} of ${seeds[subject.file]!.name}): ${code} ${(error as Error).message}`);
  }
  expect(invalid).toBeGreaterThan(1000);
  expect(wrong.slice(0, 20)).toEqual([]);
});
