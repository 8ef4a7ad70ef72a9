// MemoryStorage passes the whole conformance suite, which keeps the suite honest.
// The suite's package depends on core, so core cannot list it back as a dependency (turbo would see
// a cycle): it is imported by name, which vitest resolves to the suite's source through its alias.
import type { StorageAdapter } from './storage-adapter.js';
import { MemoryStorage } from './memory-storage.js';

interface ConformanceSuite {
  randomPrefix: (label?: string) => string;
  testStorageAdapter: (options: { name: string; create: () => { storage: StorageAdapter } }) => void;
}

const suitePackage = '@synctrack/storage-conformance';
const { randomPrefix, testStorageAdapter } = (await import(/* @vite-ignore */ suitePackage)) as ConformanceSuite;

testStorageAdapter({
  name: 'memory',
  create: () => ({ storage: new MemoryStorage({ location: `memory://${randomPrefix('memory')}` }) }),
});
