// resolveStorage loads the adapter package for a scheme by name, lazily; a missing package is
// ADAPTER_NOT_INSTALLED telling which one to install. The adapter packages resolve through vitest's
// aliases here, as core cannot depend on them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdapterNotInstalledError } from '../errors/adapter-not-installed-error.js';
import { resolveStorage } from './resolve-storage.js';
import { STORAGE_ADAPTER_PACKAGES, loadFromLocation } from './storage-registry.js';

const notInstalled = (packageName: string) =>
  Object.assign(new Error(`Cannot find package '${packageName}' imported from /app/node_modules/@synctrack/core/dist/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

describe('resolveStorage', () => {
  it('opens a local folder with the fs adapter, rooted at the folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'synctrack-resolve-'));
    try {
      const resolved = await resolveStorage(root);
      expect(resolved.storage.name).toBe('fs');
      expect(resolved.storage.location).toBe(root);
      expect(resolved.prefix).toBe('');
      await resolved.storage.write!('a.txt', new TextEncoder().encode('x'));
      const viaUrl = await resolveStorage(`file://${root}`);
      expect((await viaUrl.storage.stat('a.txt')).size).toBe(1);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it.each([
    ['s3://census-bucket/exports/prod/', 's3', 's3://census-bucket/', 'exports/prod/'],
    ['gs://census-bucket/exports', 'gcs', 'gs://census-bucket/', 'exports/'],
    ['az://census/exports', 'azure', 'az://census/', 'exports/'],
    ['https://myaccount.blob.core.windows.net/census/exports/', 'azure', 'az://census/', 'exports/'],
  ])('%s → the %s adapter at %s, prefix %s', async (location, adapter, root, prefix) => {
    const resolved = await resolveStorage(location, { env: {} });
    expect(resolved.storage.name).toBe(adapter);
    expect(resolved.storage.specificationVersion).toBe('v1');
    expect(resolved.storage.location).toBe(root);
    expect(resolved.prefix).toBe(prefix);
    await resolved.storage.close?.();
  });

  it('passes adapter options through', async () => {
    const resolved = await resolveStorage('s3://census-bucket/x', {
      env: {},
      adapterOptions: { region: 'eu-central-1', endpoint: 'http://127.0.0.1:9' },
    });
    const client = (resolved.storage as unknown as { client: { config: { region: () => Promise<string> } } }).client;
    expect(await client.config.region()).toBe('eu-central-1');
    await resolved.storage.close?.();
  });

  it.each(Object.entries(STORAGE_ADAPTER_PACKAGES))('a missing package for %s:// says `npm install %s`', async (scheme, packageName) => {
    const location = scheme === 'file' ? '/data/census' : `${scheme}://census-bucket/x`;
    let caught: unknown;
    try {
      await resolveStorage(location, { importPackage: async (name) => Promise.reject(notInstalled(name)) });
    } catch (error) {
      caught = error;
    }
    expect(AdapterNotInstalledError.isInstance(caught)).toBe(true);
    const error = caught as AdapterNotInstalledError;
    expect(error.message).toContain(`npm install ${packageName}`);
    expect(error.context.location).toBe(location);
  });

  it.each([
    ['gs', '@synctrack/storage-gcs'],
    ['az', '@synctrack/storage-azure'],
  ] as const)('a missing %s:// adapter on a Node older than it runs on says to upgrade Node first', async (scheme, packageName) => {
    const missing = async (name: string) => Promise.reject(notInstalled(name));
    const old = loadFromLocation(scheme, `${scheme}://b-1/x`, missing, '20.19.2');
    await expect(old).rejects.toMatchObject({ code: 'ADAPTER_NOT_INSTALLED' });
    await expect(old).rejects.toThrow(`Reading ${scheme}://b-1/x needs the ${packageName} adapter, which needs Node.js 22 or newer (this is Node.js 20.19.2): upgrade Node.js, then npm install ${packageName}`);
    await expect(loadFromLocation(scheme, `${scheme}://b-1/x`, missing, '22.12.0')).rejects.toThrow(`needs the ${packageName} adapter: npm install ${packageName}`);
    // s3 runs on Node 20: the plain advice.
    await expect(loadFromLocation('s3', 's3://b-1/x', missing, '20.19.2')).rejects.toThrow('needs the @synctrack/storage-s3 adapter: npm install @synctrack/storage-s3');
  });

  it('does not mistake a broken dependency inside an installed adapter for a missing adapter', async () => {
    const broken = Object.assign(new Error("Cannot find package '@aws-sdk/client-s3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadFromLocation('s3', 's3://b-1/x', async () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('refuses an installed package without fromLocation', async () => {
    await expect(loadFromLocation('gs', 'gs://b-1/x', async () => ({}))).rejects.toMatchObject({ code: 'ADAPTER_NOT_INSTALLED' });
  });

  it('parses before loading anything: a bad location is CONFIG_INVALID', async () => {
    let imported = false;
    await expect(
      resolveStorage('s3://', {
        importPackage: async () => {
          imported = true;
          return {};
        },
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', context: { location: 's3://' } });
    expect(imported).toBe(false);
  });
});
