// Serves the test bucket for a look by hand: `npx tsx packages/viewer/test/serve-fixture.ts [port]`.
import { startViewer } from '../src/index.js';
import { writeFixtureBucket } from './viewer-fixture.js';

const bucket = await writeFixtureBucket();
const viewer = await startViewer({ storage: bucket.storage, port: Number(process.argv[2] ?? 0) });
console.log(`${viewer.url} (bucket in ${bucket.dir})`);
const stop = async () => {
  await viewer.close();
  await bucket.remove();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
