// Mutants of a valid Parquet file, each reproducible from (seed, index) alone. The regions are
// located from the file's own footer: every column chunk's pages are walked to find their headers
// and bodies, so mutants land in page headers, data pages and the footer as often as each other,
// not only where most of the bytes are (the payload's data).
import { parquetMetadata } from 'hyparquet/src/metadata.js';
import { readPageHeader } from '../../src/parquet/page-header.js';

export type RegionKind = 'page-header' | 'data-page' | 'footer';
export type MutationKind = 'flip' | 'zero' | 'duplicate' | 'truncate';

export const REGION_KINDS: RegionKind[] = ['page-header', 'data-page', 'footer'];
export const MUTATION_KINDS: MutationKind[] = ['flip', 'zero', 'duplicate', 'truncate'];

export interface Region {
  kind: RegionKind;
  start: number;
  end: number;
}

export interface Mutant {
  index: number;
  seed: number;
  /** Which of the seed files. */
  file: number;
  kind: MutationKind;
  region: RegionKind;
  /** Where the mutation starts, and how many bytes it touches (for a truncation: the new length). */
  offset: number;
  length: number;
  bytes: Uint8Array;
}

/** The page headers and data pages of every column chunk, and the footer (with its length and magic). */
export function fileRegions(bytes: Uint8Array): Region[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = view.getUint32(bytes.length - 8, true);
  const footerStart = bytes.length - 8 - footerLength;
  const regions: Region[] = [{ kind: 'footer', start: footerStart, end: bytes.length }];
  const metadata = parquetMetadata(bytes.slice(footerStart).buffer);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!;
      const dictionary = meta.dictionary_page_offset === undefined ? undefined : Number(meta.dictionary_page_offset);
      const start = dictionary !== undefined && dictionary > 0 ? Math.min(dictionary, Number(meta.data_page_offset)) : Number(meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view, offset: start };
      while (reader.offset < end) {
        const headerStart = reader.offset;
        const header = readPageHeader(reader);
        regions.push({ kind: 'page-header', start: headerStart, end: reader.offset });
        const bodyEnd = reader.offset + header.compressed_page_size;
        if (header.compressed_page_size > 0) regions.push({ kind: 'data-page', start: reader.offset, end: bodyEnd });
        reader.offset = bodyEnd;
      }
    }
  }
  return regions;
}

/** xorshift32: small, fast, and good enough to spread mutants over files and regions. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** Mutant `index` of a fuzz run seeded `seed`, over the given files and their regions. */
export function mutant(seed: number, index: number, files: readonly Uint8Array[], regions: readonly Region[][]): Mutant {
  const next = random((seed * 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const file = Math.floor(next() * files.length);
  const source = files[file]!;
  const kind = pick(next, MUTATION_KINDS);
  const regionKind = pick(next, REGION_KINDS);
  const candidates = regions[file]!.filter((region) => region.kind === regionKind);
  const region = pick(next, candidates);
  const size = region.end - region.start;
  const offset = region.start + Math.floor(next() * size);
  if (kind === 'truncate') {
    return { index, seed, file, kind, region: regionKind, offset, length: offset, bytes: source.slice(0, offset) };
  }
  const bytes = source.slice();
  // Mostly a byte or a few, sometimes a longer run: small damage is the hardest to notice.
  const length = Math.max(1, Math.min(region.end - offset, next() < 0.7 ? 1 + Math.floor(next() * 4) : 1 + Math.floor(next() * 64)));
  if (kind === 'flip') {
    for (let at = offset; at < offset + length; at++) bytes[at] = bytes[at]! ^ (next() < 0.5 ? 1 << Math.floor(next() * 8) : 1 + Math.floor(next() * 255));
  } else if (kind === 'zero') {
    bytes.fill(0, offset, offset + length);
  } else {
    // The run's bytes written again over the ones after it (the file keeps its length and offsets).
    bytes.copyWithin(offset + length, offset, Math.min(offset + length, bytes.length - length));
  }
  return { index, seed, file, kind, region: regionKind, offset, length, bytes };
}
