// Test-only: a decode worker that misbehaves on purpose (task-deadline.test.ts). Its task's
// `file` says how: `spin` loops forever without yielding, as parquet-wasm did on a corrupt page;
// `slow-fetch` asks the pool for bytes (which the test serves late) and then answers.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.type !== 'decode') {
    if (message.type === 'fetched') parentPort.postMessage({ type: 'result', id: message.id, result: { kind: 'aggregate', rowCount: 0, matched: 0, groups: [], timeSpans: {} }, buffers: [] });
    return;
  }
  if (message.file === 'spin') for (;;);
  parentPort.postMessage({ type: 'fetch', id: message.id, start: 0, end: 4 });
});
parentPort.postMessage({ type: 'ready', id: 0 });
