import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputSink } from './output-sink.js';

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
    const sink = new OutputSink(stream, () => closed++);
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
