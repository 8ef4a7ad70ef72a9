// One run's identifier entries (scan/identifier-entries.ts) kept by partition while compareRuns
// scans it: in memory up to a budget, over which partitions are appended to one file each in a
// temporary folder, so two runs of tens of millions of records are compared a partition at a time
// in bounded memory (a run of 10M records is ~280 MB of entries; each partition ~1/128 of that).
// Only as many partitions are written as bring it back under the budget, as a hybrid hash join
// spills: a run a little over the budget writes a few partitions, not every entry it holds.
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentifierEntries } from '../scan/identifier-entries.js';

/** Where spilled partitions go: made on first spill, removed by `remove()`. */
export class SpillFolder {
  private path: Promise<string> | null = null;

  constructor(private readonly parent: string = tmpdir()) {}

  get(): Promise<string> {
    this.path ??= mkdtemp(join(this.parent, 'synctrack-compare-'));
    return this.path;
  }

  async remove(): Promise<void> {
    if (this.path === null) return;
    const path = await this.path.catch(() => null);
    if (path !== null) await rm(path, { recursive: true, force: true });
  }
}

export class IdentifierSpill {
  /** Each partition's entries in memory: buffers of their own (none holds another's). */
  private readonly memory: Uint32Array[][];
  private readonly memoryWords: number[];
  private readonly files: Array<FileHandle | null>;
  private readonly spilledWords: number[];
  private heldBytes = 0;
  /** Rows with an identifier, over every row group added. */
  count = 0;

  constructor(
    readonly partitions: number,
    private readonly name: string,
    private readonly folder: SpillFolder,
    /** Bytes of entries held in memory before they are written out. */
    private readonly budgetBytes: number,
  ) {
    this.memory = Array.from({ length: partitions }, () => []);
    this.memoryWords = new Array<number>(partitions).fill(0);
    this.files = new Array<FileHandle | null>(partitions).fill(null);
    this.spilledWords = new Array<number>(partitions).fill(0);
  }

  /** Whether entries were written to disk. */
  get spilled(): boolean {
    return this.files.some((file) => file !== null);
  }

  /** Takes a row group's entries (their partitions' buffers, not copies). */
  async add(entries: IdentifierEntries): Promise<void> {
    for (let partition = 0; partition < this.partitions; partition++) {
      const words = entries.partitions[partition]!;
      if (words.length === 0) continue;
      this.memory[partition]!.push(words);
      this.memoryWords[partition]! += words.length;
      this.heldBytes += words.byteLength;
    }
    this.count += entries.count;
    if (this.heldBytes > this.budgetBytes) await this.spill();
  }

  /** Words of one partition's entries, from disk and memory. */
  partitionWords(partition: number): number {
    return this.spilledWords[partition]! + this.memoryWords[partition]!;
  }

  /**
   * Copies one partition's entries (from disk, then memory) into `target` from word `at`, and lets
   * go of those in memory (a partition is compared once: the memory of those compared is free for
   * the rest); returns where they end.
   */
  async takePartition(partition: number, target: Uint32Array, at: number): Promise<number> {
    const spilled = this.spilledWords[partition]!;
    if (spilled > 0) {
      const bytes = new Uint8Array(target.buffer, target.byteOffset + at * 4, spilled * 4);
      const file = await open(await this.filePath(partition), 'r');
      try {
        for (let done = 0; done < bytes.length; ) {
          const { bytesRead } = await file.read(bytes, done, bytes.length - done, done);
          if (bytesRead === 0) throw new Error(`${this.name} partition ${partition} ended after ${done} of ${bytes.length} bytes`);
          done += bytesRead;
        }
      } finally {
        await file.close();
      }
    }
    let end = at + spilled;
    for (const chunk of this.memory[partition]!) {
      target.set(chunk, end);
      end += chunk.length;
    }
    this.heldBytes -= this.memoryWords[partition]! * 4;
    this.memoryWords[partition] = 0;
    this.memory[partition] = [];
    return end;
  }

  /** Lets go of the entries and closes the partition files (the folder is removed by its owner). */
  async close(): Promise<void> {
    for (let partition = 0; partition < this.partitions; partition++) this.memory[partition] = [];
    this.memoryWords.fill(0);
    this.heldBytes = 0;
    await Promise.all(this.files.map((file) => file?.close()));
    this.files.fill(null);
  }

  private async filePath(partition: number): Promise<string> {
    return join(await this.folder.get(), `${this.name}-${partition}.bin`);
  }

  /**
   * Writes partitions out until at most 3/4 of the budget is held (so the next few row groups fit
   * before it writes again): first those already on disk, whose files are open, then the largest.
   */
  private async spill(): Promise<void> {
    const target = (this.budgetBytes * 3) / 4;
    const order = [...this.memoryWords.keys()].sort(
      (a, b) => Number(this.files[b] !== null) - Number(this.files[a] !== null) || this.memoryWords[b]! - this.memoryWords[a]!,
    );
    for (const partition of order) {
      if (this.heldBytes <= target) break;
      const chunks = this.memory[partition]!;
      if (chunks.length === 0) continue;
      let file = this.files[partition] ?? null;
      if (file === null) file = this.files[partition] = await open(await this.filePath(partition), 'a');
      await file.writev(chunks.map((chunk) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      this.spilledWords[partition]! += this.memoryWords[partition]!;
      this.heldBytes -= this.memoryWords[partition]! * 4;
      this.memoryWords[partition] = 0;
      this.memory[partition] = [];
    }
  }
}
