// How `synctrack sql` hands a cloud location to DuckDB: the root it reads, the extension it needs and
// the secret built from the variables synctrack's adapters read; and the one-line error when the
// extension can be neither loaded nor downloaded. (Reading a cloud bucket is not tested: DuckDB's
// extensions cannot be downloaded on this machine; see the README.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { splitLocation } from '../src/location/location-parts.js';
import { duckDbStorage } from '../src/sql/duckdb-storage.js';
import { loadExtension } from '../src/sql/sql-session.js';
import { synctrack } from './cli-harness.js';

const storageOf = (location: string, env: NodeJS.ProcessEnv = {}) => duckDbStorage(splitLocation(location, '/'), env);

describe('DuckDB storage for synctrack sql', () => {
  it('reads a local path as it is, with no extension', () => {
    expect(storageOf('/data/bucket/sync_tracking_datasets/1')).toMatchObject({ root: '/data/bucket', extension: null, setup: [] });
  });

  it('s3: keys, region and an S3-compatible endpoint from the AWS variables, path style; the credential chain without keys', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: "se'cret", AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' };
    expect(storageOf('s3://acme/census', env)).toEqual({
      root: 's3://acme/census',
      extension: 'httpfs',
      setup: [
        "CREATE OR REPLACE SECRET synctrack_s3 (TYPE s3, PROVIDER config, KEY_ID 'AKIA1', SECRET 'se''cret', REGION 'eu-west-1', ENDPOINT '127.0.0.1:9000', URL_STYLE 'path', USE_SSL false)",
      ],
      credentialsHint: expect.stringContaining('AWS_ACCESS_KEY_ID'),
    });
    expect(storageOf('s3://acme', { AWS_DEFAULT_REGION: 'us-west-2' }).setup).toEqual([
      "CREATE OR REPLACE SECRET synctrack_s3 (TYPE s3, PROVIDER credential_chain, REGION 'us-west-2')",
    ]);
  });

  it('gs: HMAC keys and the emulator host; az: the connection string, or account and key; Azure blob URLs become az://', () => {
    expect(storageOf('gs://acme/x', { GCS_HMAC_KEY_ID: 'GOOG1', GCS_HMAC_SECRET: 's' }).setup).toEqual([
      "CREATE OR REPLACE SECRET synctrack_gcs (TYPE gcs, KEY_ID 'GOOG1', SECRET 's')",
    ]);
    expect(storageOf('gs://acme/x').setup).toEqual([]);
    expect(storageOf('az://logs/census', { AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=k' })).toMatchObject({
      root: 'az://logs/census',
      extension: 'azure',
      setup: ["CREATE OR REPLACE SECRET synctrack_azure (TYPE azure, CONNECTION_STRING 'AccountName=a;AccountKey=k')"],
    });
    expect(storageOf('https://acct.blob.core.windows.net/logs/census', { AZURE_STORAGE_KEY: 'k' })).toMatchObject({
      root: 'az://logs/census',
      setup: [
        "CREATE OR REPLACE SECRET synctrack_azure (TYPE azure, CONNECTION_STRING 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=k;EndpointSuffix=core.windows.net')",
      ],
    });
    expect(() => storageOf('az://logs')).toThrow(/AZURE_STORAGE_CONNECTION_STRING/);
  });

  it('a location DuckDB cannot read is a usage error', async () => {
    const result = await synctrack(['sql', 'SELECT 1', 'ftp://example/x']);
    expect(result.exitCode).toBe(2);
  });

  it('an extension that is neither installed nor downloadable is one typed line', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'synctrack-duckdb-ext-'));
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await instance.connect();
    try {
      // An empty extension directory and a repository nothing answers on: the path every offline machine takes.
      await connection.run(`SET extension_directory = '${directory}'`);
      await connection.run(`SET custom_extension_repository = 'http://127.0.0.1:9'`);
      const error = await loadExtension(connection, 'httpfs', 's3://acme/census').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'UNSUPPORTED' });
      expect((error as Error).message).toMatch(/^Reading s3:\/\/acme\/census needs DuckDB's httpfs extension, which is not installed and could not be downloaded \(.*\): run INSTALL httpfs once/);
      expect((error as Error).message).not.toContain('\n');
    } finally {
      connection.closeSync();
      instance.closeSync();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
