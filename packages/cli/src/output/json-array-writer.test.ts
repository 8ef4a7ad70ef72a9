import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJsonArray } from './json-array-writer.js';
import { OutputSink } from './output-sink.js';

/**
 * A slow stream that reads each chunk only when it is done with it, as one writing to a busy pipe
 * does: memory the writer reused too early would show in the text.
 */
function slowStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    // Larger than any write: the stream takes each at once and reads it later.
    highWaterMark: 64 * 1024 * 1024,
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      setTimeout(() => {
        chunks.push(chunk.toString());
        callback();
      }, 1);
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function written(items: unknown[], json: (item: unknown) => unknown = (item) => item, frame?: { before: string; after: string }) {
  const { stream, text } = slowStream();
  const sink = new OutputSink(stream, { batched: true });
  await writeJsonArray(sink, items, json as never, frame);
  await sink.flush();
  sink.dispose();
  return text();
}

describe('writeJsonArray', () => {
  it('writes JSON.stringify of the whole array across many slices and buffers', async () => {
    // ~3 MB of text: several buffers, each written and reused; escapes and characters past ASCII.
    const items = Array.from({ length: 6_000 }, (_, index) => ({
      status_message: index % 7 === 0 ? `Quote " and \\ and \u2028 in ${index}` : `Contact ${index} not found: ${'ünïcødé 🚀 '.repeat(index % 40)}`,
      count: index,
      examples: [`id-${index}`, null],
    }));
    expect(await written(items)).toBe(`${JSON.stringify(items)}\n`);
  });

  it('takes the item mapping, writes [] for no items, and one item larger than its buffer as text', async () => {
    expect(await written([])).toBe('[]\n');
    expect(await written([1, 2, 3], (item) => ({ n: item }))).toBe('[{"n":1},{"n":2},{"n":3}]\n');
    const large = ['small', 'x'.repeat(600_000), 'after'];
    expect(await written(large)).toBe(`${JSON.stringify(large)}\n`);
  });

  it('writes the array inside the text around it, with or without items', async () => {
    const frame = { before: '{"total":3,"errors":', after: '}\n' };
    const items = Array.from({ length: 700 }, (_, index) => ({ n: index }));
    expect(await written(items, undefined, frame)).toBe(`${JSON.stringify({ total: 3, errors: items })}\n`);
    expect(await written([], undefined, frame)).toBe('{"total":3,"errors":[]}\n');
  });
});
