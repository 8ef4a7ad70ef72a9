import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BufferRecycler } from './buffer-recycler.js';

describe('BufferRecycler', () => {
  it('hands back the smallest free buffer that holds a read, and makes new ones only when none does', () => {
    const recycler = new BufferRecycler();
    const big = recycler.take(10_000_000);
    const small = recycler.take(1_000_000);
    expect(big.length).toBe(10_000_000);
    expect(recycler.owns(big) && recycler.owns(small)).toBe(true);
    recycler.give([big.buffer as ArrayBuffer, small.buffer as ArrayBuffer]);
    expect(recycler.take(900_000).buffer).toBe(small.buffer);
    expect(recycler.take(2_000_000).buffer).toBe(big.buffer);
    const fresh = recycler.take(2_000_000);
    expect(fresh.buffer).not.toBe(big.buffer);
    expect(fresh.byteOffset).toBe(0);
  });

  it('takes back buffers that come back as new objects (transferred from a worker)', async () => {
    const recycler = new BufferRecycler();
    const bytes = recycler.take(1_000_000);
    bytes[0] = 42;
    const { port1, port2 } = new MessageChannel();
    const back = new Promise<ArrayBuffer>((resolve) => port2.once('message', resolve));
    port1.postMessage(bytes.buffer, [bytes.buffer as ArrayBuffer]);
    const returned = await back;
    port1.close();
    expect(bytes.length).toBe(0); // detached here
    recycler.give([returned]);
    const again = recycler.take(1_000_000);
    expect(again.buffer).toBe(returned);
    expect(again[0]).toBe(42); // recycled memory is not zeroed
    expect(recycler.owns(again)).toBe(true);
  });

  it('leaves small reads and buffers past its bound to the allocator', () => {
    const recycler = new BufferRecycler(3_000_000);
    const small = recycler.take(1000);
    expect(recycler.owns(small)).toBe(false);
    recycler.give([small.buffer as ArrayBuffer]);
    expect(recycler.take(1000).buffer).not.toBe(small.buffer);
    const [a, b] = [recycler.take(2_000_000), recycler.take(2_000_000)];
    recycler.give([a.buffer as ArrayBuffer, b.buffer as ArrayBuffer]);
    expect(recycler.take(2_000_000).buffer).toBe(a.buffer);
    expect(recycler.take(2_000_000).buffer).not.toBe(b.buffer);
  });
});
