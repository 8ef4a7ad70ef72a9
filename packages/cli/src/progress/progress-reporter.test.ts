import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from './progress-reporter.js';

class Terminal extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  columns = 100;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bar draws once cli-progress has loaded (on a terminal only), so wait for it rather than a fixed time. */
async function drawn(terminal: Terminal, after = 0): Promise<void> {
  for (let waited = 0; terminal.text.length <= after && waited < 5_000; waited += 10) await wait(10);
}

describe('startProgress', () => {
  it('draws on a terminal once the delay has passed, and clears the line when stopped', async () => {
    const terminal = new Terminal(true);
    const progress = startProgress(terminal, { label: 'Summarising runs', unit: 'runs', total: 4, delayMs: 10 });
    progress.increment();
    await drawn(terminal);
    progress.increment();
    progress.stop();
    expect(terminal.text).toContain('Summarising runs');
    expect(terminal.text).toMatch(/\d\/4 runs/);
    // clearOnComplete: the last thing written erases the bar's line.
    expect(terminal.text.endsWith('\u001b[?25h') || terminal.text.includes('\u001b[2K')).toBe(true);
  });

  it('draws nothing for work that ends before the delay', async () => {
    const terminal = new Terminal(true);
    const progress = startProgress(terminal, { label: 'Quick', unit: 'runs', total: 1, delayMs: 50 });
    progress.increment();
    progress.stop();
    await wait(80);
    expect(terminal.text).toBe('');
  });

  it('draws nothing when stderr is not a terminal', async () => {
    const pipe = new Terminal(false);
    const progress = startProgress(pipe, { label: 'Exporting', unit: 'records', delayMs: 0 });
    await wait(20);
    progress.update(10);
    progress.stop();
    expect(pipe.text).toBe('');
  });

  it('counts without a total, and shows only the time without a unit', async () => {
    const terminal = new Terminal(true);
    const counting = startProgress(terminal, { label: 'Exporting', unit: 'records', delayMs: 0 });
    counting.update(12_345);
    await drawn(terminal);
    counting.stop();
    expect(terminal.text).toMatch(/Exporting 12,345 records/);
    const before = terminal.text.length;
    const timing = startProgress(terminal, { label: 'Summarising the run', delayMs: 0 });
    await drawn(terminal, before);
    timing.stop();
    expect(terminal.text).toMatch(/Summarising the run \| \d+s/);
  });

  it('follows a scan: rows as the bar, files and bytes beside it', async () => {
    const terminal = new Terminal(true);
    const progress = startProgress(terminal, { label: 'Summarising the run', scan: true, delayMs: 0 });
    await drawn(terminal);
    progress.onScan({ filesTotal: 4, filesDone: 1, rowsTotal: null, rowsDone: 100_000, bytesTotal: 8_000_000, bytesDone: 2_500_000 });
    progress.onScan({ filesTotal: 4, filesDone: 2, rowsTotal: 400_000, rowsDone: 200_000, bytesTotal: 8_000_000, bytesDone: 5_000_000 });
    progress.stop();
    expect(terminal.text).toContain('Summarising the run');
    expect(terminal.text).toMatch(/200,000\/400,000 rows \| 2\/4 files \| 4\.8 MiB read/);
  });
});
