// The on-disk form of a run's local index: a small JSON manifest (the files it covers, with their
// sizes and versions, and each row group's chunk layouts), then identifier hashes sorted and
// bucketed by their top 16 bits, then each file's value maps. A lookup reads the manifest, two
// fan-out slots, one bucket and one file's maps: a few small reads whatever the run's size.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import type { ValueMap } from '../parquet/value-map.js';

const MAGIC = 'SYNCTRACK-INDEX\n';
/** 2: chunk layouts carry the value encodings the footer lists (the gate); indexes of 1 are rebuilt. */
export const INDEX_FORMAT = 2;
const FANOUT = 65536;

export interface IndexedRowGroup {
  /** File row index of the row group's first row, and its rows. */
  firstRow: number;
  numRows: number;
  /** The run-wide number of the row group's first row (what the hash entries point at). */
  runRow: number;
  /** Layouts of the record columns the JavaScript decoder reads. */
  chunks: Record<string, ChunkLayout>;
}

export interface IndexedFile {
  key: string;
  name: string;
  size: number;
  version: string | null;
  lastModified: number | null;
  /** The file's top-level columns. */
  columns: string[];
  rowGroups: IndexedRowGroup[];
  /** Where this file's value maps are, relative to the data section, as JSON. */
  maps: { at: number; length: number };
}

export interface IndexManifest {
  format: number;
  /** The run folder's location, for messages and to refuse a foreign index. */
  location: string;
  builtAt: string;
  entries: number;
  files: IndexedFile[];
}

export interface IndexSections {
  fanoutAt: number;
  highAt: number;
  lowAt: number;
  rowsAt: number;
}

/** Value maps of one file: per row group, per column. */
export type FileMaps = Array<Record<string, ValueMap | null>>;

export interface IndexEntries {
  high: Uint32Array;
  low: Uint32Array;
  /** Run-wide row numbers. */
  rows: Uint32Array;
}

/** Sorts entries by hash (a counting sort on the top 16 bits, then each bucket in place). */
export function sortEntries(entries: IndexEntries): { sorted: IndexEntries; fanout: Uint32Array } {
  const count = entries.high.length;
  const fanout = new Uint32Array(FANOUT + 1);
  for (let k = 0; k < count; k++) fanout[(entries.high[k]! >>> 16) + 1]!++;
  for (let b = 0; b < FANOUT; b++) fanout[b + 1]! += fanout[b]!;
  const next = fanout.slice(0, FANOUT);
  const sorted = { high: new Uint32Array(count), low: new Uint32Array(count), rows: new Uint32Array(count) };
  for (let k = 0; k < count; k++) {
    const at = next[entries.high[k]! >>> 16]!++;
    sorted.high[at] = entries.high[k]!;
    sorted.low[at] = entries.low[k]!;
    sorted.rows[at] = entries.rows[k]!;
  }
  // Buckets are small (entries / 65536): insertion sort by (high, low).
  for (let b = 0; b < FANOUT; b++) {
    for (let k = fanout[b]! + 1; k < fanout[b + 1]!; k++) {
      const [h, l, r] = [sorted.high[k]!, sorted.low[k]!, sorted.rows[k]!];
      let at = k - 1;
      while (at >= fanout[b]! && (sorted.high[at]! > h || (sorted.high[at] === h && sorted.low[at]! > l))) {
        sorted.high[at + 1] = sorted.high[at]!;
        sorted.low[at + 1] = sorted.low[at]!;
        sorted.rows[at + 1] = sorted.rows[at]!;
        at--;
      }
      sorted.high[at + 1] = h;
      sorted.low[at + 1] = l;
      sorted.rows[at + 1] = r;
    }
  }
  return { sorted, fanout };
}

function bytesOf(array: Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Writes the index to `path` atomically (a temporary file renamed over it). */
export async function writeIndexFile(
  path: string,
  manifest: Omit<IndexManifest, 'entries' | 'format' | 'files'> & { files: Array<Omit<IndexedFile, 'maps'>> },
  entries: IndexEntries,
  maps: FileMaps[],
): Promise<void> {
  const { sorted, fanout } = sortEntries(entries);
  const count = sorted.high.length;
  const mapBlobs = maps.map((fileMaps) => Buffer.from(JSON.stringify(fileMaps)));
  const sections: IndexSections = { fanoutAt: 0, highAt: fanout.byteLength, lowAt: fanout.byteLength + 4 * count, rowsAt: fanout.byteLength + 8 * count };
  let mapsAt = sections.rowsAt + 4 * count;
  const files: IndexedFile[] = manifest.files.map((file, index) => {
    const located = { ...file, maps: { at: mapsAt, length: mapBlobs[index]!.length } };
    mapsAt += mapBlobs[index]!.length;
    return located;
  });
  const json = Buffer.from(JSON.stringify({ ...manifest, format: INDEX_FORMAT, entries: count, files, sections }));
  const header = Buffer.alloc(MAGIC.length + 4);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(json.length, MAGIC.length);
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    for (const part of [header, json, bytesOf(fanout), bytesOf(sorted.high), bytesOf(sorted.low), bytesOf(sorted.rows), ...mapBlobs]) {
      await handle.write(part);
    }
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

const MANIFESTS = new Map<string, { identity: string; manifest: IndexManifest & { sections: IndexSections }; dataAt: number }>();

/** An open index file: the manifest in memory, everything else read on demand. */
export class IndexFile {
  private constructor(
    private readonly handle: FileHandle,
    readonly manifest: IndexManifest & { sections: IndexSections },
    private readonly dataAt: number,
  ) {}

  /** Opens `path`; null when there is no index there. */
  static async open(path: string): Promise<IndexFile | null> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      // Indexes are replaced by rename, never changed in place: the same inode, size and time is
      // the same file, and its parsed manifest can be reused.
      const stats = await handle.stat();
      const identity = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      const cached = MANIFESTS.get(path);
      if (cached !== undefined && cached.identity === identity) return new IndexFile(handle, cached.manifest, cached.dataAt);
      const head = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (bytesRead < MAGIC.length + 4 || head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new IndexFormatError('not a synctrack index');
      const length = head.readUInt32LE(MAGIC.length);
      const start = MAGIC.length + 4;
      let json = head.subarray(start, Math.min(bytesRead, start + length));
      if (json.length < length) {
        json = Buffer.alloc(length);
        await handle.read(json, 0, length, start);
      }
      const manifest = JSON.parse(json.toString('utf8')) as IndexManifest & { sections: IndexSections };
      if (manifest.format !== INDEX_FORMAT) throw new IndexFormatError(`index format ${manifest.format}, expected ${INDEX_FORMAT}`);
      MANIFESTS.set(path, { identity, manifest, dataAt: start + length });
      if (MANIFESTS.size > 64) MANIFESTS.delete(MANIFESTS.keys().next().value!);
      return new IndexFile(handle, manifest, start + length);
    } catch (error) {
      await handle.close();
      if (error instanceof IndexFormatError || error instanceof SyntaxError) throw new IndexFormatError(`unreadable index: ${(error as Error).message}`);
      throw error;
    }
  }

  private async read(at: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    if (length === 0) return buffer;
    const { bytesRead } = await this.handle.read(buffer, 0, length, this.dataAt + at);
    if (bytesRead !== length) throw new IndexFormatError('index file is truncated');
    return buffer;
  }

  /** Run-wide rows whose identifier hash is `[high, low]`. */
  async rowsFor([high, low]: [number, number]): Promise<number[]> {
    const { sections, entries } = this.manifest;
    const bucket = high >>> 16;
    const slots = await this.read(sections.fanoutAt + 4 * bucket, 8);
    const from = slots.readUInt32LE(0);
    const to = slots.readUInt32LE(4);
    if (to < from || to > entries) throw new IndexFormatError('index fan-out is corrupt');
    if (to === from) return [];
    const [highs, lows, rows] = await Promise.all([
      this.read(sections.highAt + 4 * from, 4 * (to - from)),
      this.read(sections.lowAt + 4 * from, 4 * (to - from)),
      this.read(sections.rowsAt + 4 * from, 4 * (to - from)),
    ]);
    const found: number[] = [];
    for (let k = 0; k < to - from; k++) {
      if (highs.readUInt32LE(4 * k) === high && lows.readUInt32LE(4 * k) === low) found.push(rows.readUInt32LE(4 * k));
    }
    return found;
  }

  async maps(fileIndex: number): Promise<FileMaps> {
    const file = this.manifest.files[fileIndex]!;
    return JSON.parse((await this.read(file.maps.at, file.maps.length)).toString('utf8')) as FileMaps;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
