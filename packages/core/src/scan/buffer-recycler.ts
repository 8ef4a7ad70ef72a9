// Memory for the column chunks a scan reads, handed back by the decode workers when they are done
// with it and used again for the next row group. Faulting in fresh memory is what a scan spends
// most on in a new process on this VM (~4 ms per MB: reading 235 MB of a 2M-record run into new
// buffers cost more than decoding it), and memory the garbage collector frees goes back to the
// system and faults in again. Buffers handed back are kept up to a bound.

/** Reads smaller than this are left to the allocator: they come from memory it reuses anyway. */
const MIN_RECYCLED_BYTES = 64 * 1024;
/** Sizes are rounded up to this, so buffers fit reads of similar chunks. */
const GRAIN = 256 * 1024;

export class BufferRecycler {
  /** Buffers handed out by `take` (as this thread's objects). */
  private readonly made = new WeakSet<ArrayBuffer>();
  private free: ArrayBuffer[] = [];
  private freeBytes = 0;

  /** Keeps at most `maxFreeBytes` of buffers waiting to be used again. */
  constructor(private readonly maxFreeBytes = 128 * 1024 * 1024) {}

  /** `length` bytes of memory (not zeroed when recycled), in a buffer that can be transferred whole. */
  take(length: number): Uint8Array {
    if (length < MIN_RECYCLED_BYTES) return new Uint8Array(length);
    // The smallest free buffer that holds it.
    let best = -1;
    for (let index = 0; index < this.free.length; index++) {
      const size = this.free[index]!.byteLength;
      if (size >= length && (best < 0 || size < this.free[best]!.byteLength)) best = index;
    }
    if (best >= 0) {
      const buffer = this.free.splice(best, 1)[0]!;
      this.freeBytes -= buffer.byteLength;
      this.made.add(buffer);
      return new Uint8Array(buffer, 0, length);
    }
    const buffer = new ArrayBuffer(Math.ceil(length / GRAIN) * GRAIN);
    this.made.add(buffer);
    return new Uint8Array(buffer, 0, length);
  }

  /** True for memory from `take` (which may be transferred as a whole buffer). */
  owns(bytes: Uint8Array): boolean {
    return this.made.has(bytes.buffer as ArrayBuffer);
  }

  /**
   * Hands buffers back once nothing reads them any more: those of a task's ranges, which a worker
   * transfers back (a transferred buffer arrives as a new object, so any buffer is taken, not only
   * those `take` made). Small ones are left to the collector.
   */
  give(buffers: Iterable<ArrayBuffer>): void {
    for (const buffer of buffers) {
      if (buffer.byteLength < MIN_RECYCLED_BYTES || this.free.includes(buffer)) continue;
      if (this.freeBytes + buffer.byteLength > this.maxFreeBytes) continue;
      this.free.push(buffer);
      this.freeBytes += buffer.byteLength;
    }
  }
}
