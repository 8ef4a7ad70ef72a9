// Test-only: a decode worker that misbehaves on purpose (task-deadline.test.ts). Its task's
// `file` says how: `spin` loops forever without yielding, as parquet-wasm did on a corrupt page;
// `slow-fetch` asks the pool for bytes (which the test serves late) and then answers;
// `stuck-once:<path>` blocks without using the CPU the first time (as a worker on a starved machine
// gets none; it leaves a file at <path>) and answers the second time.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.type !== 'decode') {
    if (message.type === 'fetched') parentPort.postMessage({ type: 'result', id: message.id, result: { kind: 'aggregate', rowCount: 0, matched: 0, groups: [], timeSpans: {} }, buffers: [] });
    return;
  }
  if (message.file === 'spin') for (;;);
  if (message.file.startsWith('stuck-once:')) {
    const marker = message.file.slice('stuck-once:'.length);
    if (!existsSync(marker)) {
      writeFileSync(marker, '');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
    parentPort.postMessage({ type: 'result', id: message.id, result: { kind: 'aggregate', rowCount: 0, matched: 0, groups: [], timeSpans: {} }, buffers: [] });
    return;
  }
  parentPort.postMessage({ type: 'fetch', id: message.id, start: 0, end: 4 });
});
parentPort.postMessage({ type: 'ready', id: 0 });
