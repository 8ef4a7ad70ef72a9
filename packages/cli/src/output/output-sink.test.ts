import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, OutputSink } from './output-sink.js';

/** A stream that records each write it is handed; `delayMs` makes it slow, so its buffer fills. */
function recordingStream(options: { delayMs?: number; highWaterMark?: number } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    decodeStrings: false,
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      if (options.delayMs === undefined) callback();
      else setTimeout(callback, options.delayMs);
    },
  });
  return { stream, chunks };
}

const lines = (count: number) => Array.from({ length: count }, (_, index) => `{"identifier":"id-${index}"}`);
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a batched OutputSink', () => {
  it('delivers every line in order in chunks of at most BATCH_CHARS, and flush sends the rest', async () => {
    const { stream, chunks } = recordingStream();
    const sink = new OutputSink(stream, { batched: true });
    const expected = lines(20_000);
    for (const line of expected) await sink.writeLine(line);
    await sink.flush();
    expect(chunks.join('')).toBe(`${expected.join('\n')}\n`);
    const written = chunks.filter((chunk) => chunk !== '');
    expect(written.length).toBeGreaterThan(1);
    expect(written.length).toBeLessThan(expected.length / 100);
    expect(Math.max(...written.map((chunk) => chunk.length))).toBeLessThan(BATCH_CHARS + 100);
    sink.dispose();
  });

  it('writes bytes at once, after the text gathered before them', async () => {
    const { stream, chunks } = recordingStream();
    const sink = new OutputSink(stream, { batched: true });
    await sink.write('first\n');
    await sink.write(Buffer.from('Zoë ✓ bytes\n'));
    await sink.write('last\n');
    await sink.flush();
    expect(chunks.filter((chunk) => chunk !== '')).toEqual(['first\n', 'Zoë ✓ bytes\n', 'last\n']);
    sink.dispose();
  });

  it('tells when the stream is done with bytes (their memory may then be reused), and at once for bytes it drops', async () => {
    const { stream, chunks } = recordingStream({ delayMs: 5 });
    const sink = new OutputSink(stream, { batched: true });
    const done: string[] = [];
    const handedOver = (text: string) => () => done.push(`${text}: ${chunks.includes(`${text}\n`) ? 'written' : 'NOT written'}`);
    await sink.write(Buffer.from('one\n'), handedOver('one'));
    await sink.write(Buffer.from('two\n'), handedOver('two'));
    expect(done).toEqual([]);
    await sink.flush();
    expect(done).toEqual(['one: written', 'two: written']);
    sink.closed = true;
    await sink.write(Buffer.from('dropped\n'), () => done.push('dropped'));
    expect(done.at(-1)).toBe('dropped');
    expect(chunks.join('')).toBe('one\ntwo\n');
    sink.dispose();
  });

  it('sends what it gathered when the event loop turns, without waiting for a full chunk', async () => {
    const { stream, chunks } = recordingStream();
    const sink = new OutputSink(stream, { batched: true });
    await sink.writeLine('one');
    await sink.writeLine('two');
    expect(chunks).toEqual([]);
    await turn();
    expect(chunks).toEqual(['one\ntwo\n']);
    sink.dispose();
  });

  it('waits for a full stream to drain, and still delivers everything in order', async () => {
    const { stream, chunks } = recordingStream({ delayMs: 1, highWaterMark: 1024 });
    const sink = new OutputSink(stream, { batched: true });
    const expected = lines(30_000);
    let mostBuffered = 0;
    for (const line of expected) {
      await sink.writeLine(line);
      mostBuffered = Math.max(mostBuffered, stream.writableLength);
    }
    await sink.flush();
    // Without waiting, the stream would hold nearly all of the 0.8 MB at once.
    expect(expected.join('\n').length).toBeGreaterThan(10 * BATCH_CHARS);
    expect(mostBuffered).toBeLessThanOrEqual(2 * BATCH_CHARS);
    expect(stream.writableLength).toBe(0);
    expect(chunks.join('')).toBe(`${expected.join('\n')}\n`);
    sink.dispose();
  });

  it('stops quietly on EPIPE: later output is dropped and flush returns', async () => {
    let closed = 0;
    const stream = new Writable({
      write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    });
    const sink = new OutputSink(stream, { batched: true, onClosed: () => closed++ });
    for (const line of lines(10_000)) {
      await sink.writeLine(line);
      if (sink.closed) break;
    }
    expect(sink.closed).toBe(true);
    expect(closed).toBe(1);
    await sink.writeLine('after');
    await sink.flush();
    sink.dispose();
  });

  it('sends its gathered text before a sink that follows it writes (stdout ahead of stderr)', async () => {
    const order: string[] = [];
    const terminal = (name: string) =>
      new Writable({
        write(chunk, _encoding, callback) {
          order.push(`${name}: ${chunk.toString().trimEnd()}`);
          callback();
        },
      });
    const stdout = new OutputSink(terminal('stdout'), { batched: true });
    const stderr = new OutputSink(terminal('stderr'), { after: stdout });
    await stdout.writeLine('card');
    await stderr.writeLine('Not in this run: x');
    expect(order).toEqual(['stdout: card', 'stderr: Not in this run: x']);
    stdout.dispose();
    stderr.dispose();
  });
});

describe('OutputSink', () => {
  it('turns EPIPE into a closed sink and drops later output', async () => {
    let closed = 0;
    const written: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        if (written.length > 0) return callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        written.push(chunk.toString());
        callback();
      },
    });
    const sink = new OutputSink(stream, { onClosed: () => closed++ });
    await sink.writeLine('one');
    await sink.writeLine('two');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.closed).toBe(true);
    await sink.writeLine('three');
    expect(written).toEqual(['one\n']);
    expect(closed).toBe(1);
    sink.dispose();
  });

  it('rethrows other stream errors', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) });
    const sink = new OutputSink(stream);
    const writeTwice = async () => {
      await sink.writeLine('one');
      await new Promise((resolve) => setImmediate(resolve));
      await sink.writeLine('two');
    };
    await expect(writeTwice()).rejects.toThrow('disk full');
    sink.dispose();
  });

  it('adds one guard listener per stream however many runs dispose', () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    for (let run = 0; run < 20; run++) new OutputSink(stream).dispose();
    expect(stream.listenerCount('error')).toBe(1);
  });
});
