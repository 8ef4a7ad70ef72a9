// A CommonJS app using synctrack with `require`, as a user's would: every package that can be
// required is, and a run is read through the fs adapter and through a location (core's CommonJS build
// requires the adapter), with every decode task sent to a worker (`inlineTaskBytes: 0`) so the
// CommonJS decode worker, snappy's WebAssembly and parquet-wasm (zstd) all run; the viewer serves its
// page from beside its CommonJS build. Prints one JSON line
// for cjs-consumer.test.ts to compare with DuckDB. Usage: node read-run.cjs ROOT ORG SYNC RUN IDS
'use strict';

const { SyncTrackingClient, resolveStorage, SyncTrackError } = require('@synctrack/core');
const { DecodePool } = require('@synctrack/core/internal');
const storageFs = require('@synctrack/storage-fs');

const REQUIRABLE = [
  '@synctrack/core',
  '@synctrack/core/internal',
  '@synctrack/storage-fs',
  '@synctrack/storage-s3',
  '@synctrack/storage-gcs',
  '@synctrack/storage-azure',
  '@synctrack/viewer',
  '@synctrack/demo',
  '@synctrack/cli',
];

async function collect(items) {
  const all = [];
  for await (const item of items) all.push(item);
  return all;
}

async function main() {
  const [root, orgId, syncId, runId, ids] = process.argv.slice(2);
  const exported = Object.fromEntries(REQUIRABLE.map((name) => [name, Object.keys(require(name)).length]));
  const run = { orgId, syncId, runId };

  const pool = new DecodePool({ size: 1, inlineTaskBytes: 0 });
  const client = new SyncTrackingClient({ storage: storageFs.createFsStorage({ root }), decodePool: pool });
  const summary = await client.summary(run);
  const rejected = await collect(client.filter(run, { outcome: 'rejected', statusMessage: /^Invalid/, columns: ['identifier'] }));
  const found = await client.find(run, ids.split(','));
  const errors = await client.errors(run);
  await client.close();
  await pool.close();

  // Through a location: core picks the adapter package and requires it (its CommonJS build).
  const resolved = await resolveStorage(root);
  const located = new SyncTrackingClient({ storage: resolved.storage });
  const locatedTotal = (await located.summary(run)).total;
  await located.close();

  // The viewer's CommonJS build finds its front end beside it (dist/assets/).
  const viewer = await require('@synctrack/viewer').startViewer({ storage: storageFs.createFsStorage({ root }) });
  const page = await fetch(viewer.url);
  const viewerPage = { status: page.status, html: /<html/i.test(await page.text()) };
  await viewer.close();

  let missing = null;
  try {
    await new SyncTrackingClient({ storage: storageFs.createFsStorage({ root }) }).summary({ orgId, syncId, runId: '404' });
  } catch (error) {
    missing = { code: error.code, isSyncTrackError: error instanceof SyncTrackError };
  }

  const loaded = Object.keys(require.cache).filter((file) => /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/]/.test(file));
  process.stdout.write(
    `${JSON.stringify({
      exported,
      workerUrl: String(DecodePool.defaultWorkerUrl),
      total: summary.total,
      byStatus: summary.byStatus,
      files: summary.files,
      rejectedInvalid: rejected.map((record) => record.identifier).sort(),
      found: found.map((record) => `${record.identifier}:${record.status}`).sort(),
      errorGroups: errors.length,
      locatedTotal,
      locatedAdapter: resolved.storage instanceof storageFs.FsStorage,
      viewerPage,
      missing,
      loadedSynctrackFiles: loaded.map((file) => file.replace(/^.*[\\/]packages[\\/]/, 'packages/')),
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
