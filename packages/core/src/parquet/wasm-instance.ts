// The one instance on this thread of one of the package's WebAssembly modules (the RLE decoder,
// compareRuns' entry packer), compiled from its base64 binary on first use, and its memory grown.

/** A getter of the module's instance on this thread, compiled and instantiated on first call. */
export function threadInstance<T extends { memory: WebAssembly.Memory }>(base64: string): () => T {
  let instance: T | undefined;
  return () => (instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64'))).exports as unknown as T);
}

const PAGE = 64 * 1024;

/** The memory, grown to at least `size` bytes: its buffer (a new one once grown). */
export function memoryOf(memory: WebAssembly.Memory, size: number): ArrayBuffer {
  const have = memory.buffer.byteLength;
  if (have < size) memory.grow(Math.ceil((size - have) / PAGE));
  return memory.buffer;
}
