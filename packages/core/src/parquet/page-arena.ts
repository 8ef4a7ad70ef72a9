// Memory for decompressed pages, reused from one decode task to the next. A fresh 40 MB buffer
// costs more to fault in than to fill (measured here: allocating and filling 39 MB took 131 ms, filling
// a reused one 14 ms), so a worker decompresses each task's pages into the same memory. It grows to
// the largest task's pages and is handed out again at the next `reset()`: nothing taken from it may
// outlive the task (kernels return copies: strings and plain arrays). The decoder's per-row arrays
// (value starts and lengths, dictionary indices, times) come from it too.
/** The most a consolidated arena holds beyond its last task's need. */
const HEADROOM_LIMIT = 8 * 1024 * 1024;

export class PageArena {
  private chunks: Uint8Array[] = [];
  private used = 0;
  private total = 0;

  /** Starts a task: everything taken before may be overwritten from now on. */
  reset(): void {
    // The last task needed more than one chunk: keep one as large as all of them, and a quarter more
    // (up to 8 MiB), so that row groups a little larger than the largest so far fit. Without it, a
    // filter's tasks kept setting new highs by a few KB, and each high faulted in a whole new chunk
    // (~1.2k of a worker's ~7.5k page faults on 2M records).
    if (this.chunks.length > 1) this.chunks = [new Uint8Array(this.total + Math.min(this.total >>> 2, HEADROOM_LIMIT))];
    this.used = 0;
    this.total = 0;
  }

  /** `count` 32-bit integers of scratch memory (not zeroed), valid until the next reset. */
  int32(count: number): Int32Array {
    const bytes = this.take(count * 4 + 7);
    return new Int32Array(bytes.buffer, bytes.byteOffset + ((8 - (bytes.byteOffset & 7)) & 7), count);
  }

  /** `count` doubles of scratch memory (not zeroed), valid until the next reset. */
  float64(count: number): Float64Array {
    const bytes = this.take(count * 8 + 7);
    return new Float64Array(bytes.buffer, bytes.byteOffset + ((8 - (bytes.byteOffset & 7)) & 7), count);
  }

  /** `size` bytes of scratch memory (not zeroed), valid until the next reset. */
  take(size: number): Uint8Array {
    this.total += size;
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.length - this.used >= size) {
      const out = last.subarray(this.used, this.used + size);
      this.used += size;
      return out;
    }
    // Within one task chunks are only appended; `used` then counts in the new chunk.
    if (this.chunks.length === 1 && this.used === 0 && last !== undefined && last.length < size) this.chunks = [];
    const chunk = new Uint8Array(Math.max(size, 1 << 20));
    this.chunks.push(chunk);
    this.used = size;
    return chunk.subarray(0, size);
  }
}
