// What every WebAssembly module of the package's own shares (snappy, the RLE decoder, JSON Lines
// of texts, compareRuns' entry packer and partition join): the module compiled once per thread
// from its base64 binary, an instance of it, its memory grown to what a call needs, and offsets
// aligned within that memory.

/** A getter of the module compiled from `base64`, compiled on first call (once per thread). */
export function compiledModule(base64: string): () => WebAssembly.Module {
  let compiled: WebAssembly.Module | undefined;
  return () => (compiled ??= new WebAssembly.Module(Buffer.from(base64, 'base64')));
}

/** A getter of the module's one instance on this thread, compiled and instantiated on first call. */
export function threadInstance<T extends { memory: WebAssembly.Memory }>(base64: string): () => T {
  const module = compiledModule(base64);
  let instance: T | undefined;
  return () => (instance ??= new WebAssembly.Instance(module()).exports as unknown as T);
}

const PAGE = 64 * 1024;

/** The memory, grown to at least `size` bytes: its buffer (a new one once grown). */
export function memoryOf(memory: WebAssembly.Memory, size: number): ArrayBuffer {
  const have = memory.buffer.byteLength;
  if (have < size) memory.grow(Math.ceil((size - have) / PAGE));
  return memory.buffer;
}

/** `offset` rounded up to a multiple of `bytes` (a power of two). */
export function alignTo(offset: number, bytes: number): number {
  return (offset + bytes - 1) & ~(bytes - 1);
}
