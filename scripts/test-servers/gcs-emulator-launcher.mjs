// Starts firebase-tools' Cloud Storage emulator (plain Node) without its Java rules runtime, which
// this machine cannot run and which the GCS JSON API path never consults.
// Usage: node gcs-emulator-launcher.mjs <firebase-tools dir> <host> <port> <persistence dir>
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [firebaseToolsDir, host, port, persistenceDir] = process.argv.slice(2);
if (!firebaseToolsDir || !host || !port || !persistenceDir) {
  console.error('usage: node gcs-emulator-launcher.mjs <firebase-tools dir> <host> <port> <persistence dir>');
  process.exit(2);
}
const require = createRequire(join(firebaseToolsDir, 'package.json'));
const { StorageEmulator } = require('./lib/emulator/storage/index.js');
const { EmulatorRegistry } = require('./lib/emulator/registry.js');

// Each instance gets its own blob directory: the default one is shared, and one instance's stop
// deletes it under another.
class IsolatedStorageEmulator extends StorageEmulator {
  getPersistenceTmpDir() {
    return persistenceDir;
  }
}

const noRules = { start: async () => [], stop: async () => {}, getRuleset: () => undefined };
const emulator = new IsolatedStorageEmulator({
  projectId: 'synctrack-test',
  host,
  port: Number(port),
  auto_download: false,
  rules: { name: join(persistenceDir, 'unused.rules'), content: '' },
});
emulator._rulesRuntime = { start: async () => {}, stop: async () => {} };
emulator._rulesManager = noRules;
emulator.createRulesManager = () => noRules;

await EmulatorRegistry.start(emulator);
console.log(`gcs emulator listening on http://${host}:${port}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await emulator.stop();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
