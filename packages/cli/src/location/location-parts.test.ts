// splitLocation: roots, layout ids, relative paths, ~, and what it refuses.
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { splitLocation } from './location-parts.js';

describe('splitLocation', () => {
  it.each([
    ['/data/bucket', { root: '/data/bucket', inLayout: false, ids: [], remote: false }],
    ['/data/bucket/', { root: '/data/bucket', inLayout: false, ids: [], remote: false }],
    ['/data/bucket/sync_tracking_datasets/1/2/3', { root: '/data/bucket', inLayout: true, ids: ['1', '2', '3'], remote: false }],
    ['/data/bucket/sync_tracking_datasets/1/2/3/', { root: '/data/bucket', inLayout: true, ids: ['1', '2', '3'], remote: false }],
    ['/sync_tracking_datasets/1', { root: '/', inLayout: true, ids: ['1'], remote: false }],
    ['file:///data/bucket/sync_tracking_datasets/1/2', { root: '/data/bucket', inLayout: true, ids: ['1', '2'], remote: false }],
    ['s3://bucket', { root: 's3://bucket', inLayout: false, ids: [], remote: true }],
    ['s3://bucket/', { root: 's3://bucket', inLayout: false, ids: [], remote: true }],
    ['s3://bucket/prefix/sync_tracking_datasets/1/2/3', { root: 's3://bucket/prefix', inLayout: true, ids: ['1', '2', '3'], remote: true }],
    ['gs://bucket/sync_tracking_datasets', { root: 'gs://bucket', inLayout: true, ids: [], remote: true }],
    ['az://account/container/sync_tracking_datasets/1/2/3', { root: 'az://account/container', inLayout: true, ids: ['1', '2', '3'], remote: true }],
    [
      'https://acct.blob.core.windows.net/container/p/sync_tracking_datasets/1/2/3',
      { root: 'https://acct.blob.core.windows.net/container/p', inLayout: true, ids: ['1', '2', '3'], remote: true },
    ],
    // A bucket literally named like the folder is a host, not a layout segment.
    ['s3://sync_tracking_datasets/x', { root: 's3://sync_tracking_datasets/x', inLayout: false, ids: [], remote: true }],
  ])('%s', (input, expected) => {
    expect(splitLocation(input, '/work')).toMatchObject(expected);
  });

  it('resolves relative paths against the working directory', () => {
    expect(splitLocation('bucket/sync_tracking_datasets/1/2/3', '/work')).toMatchObject({
      location: '/work/bucket/sync_tracking_datasets/1/2/3',
      root: '/work/bucket',
    });
    expect(splitLocation('.', '/work')).toMatchObject({ location: '/work', root: '/work' });
  });

  it('expands ~ to the home folder, as a shell would where it did not', () => {
    expect(splitLocation('~/census/sync_tracking_datasets/1/2/3', '/work')).toMatchObject({
      location: `${homedir()}/census/sync_tracking_datasets/1/2/3`,
      root: `${homedir()}/census`,
      ids: ['1', '2', '3'],
    });
    expect(splitLocation('~', '/work').location).toBe(homedir());
    // Only a leading ~ alone or before a slash: `~user` and a folder named `~x` are left as they are.
    expect(splitLocation('~x', '/work').location).toBe('/work/~x');
  });

  it('refuses an empty location and a malformed file URL', () => {
    expect(() => splitLocation('', '/work')).toThrow(/A location is required/);
    expect(() => splitLocation('file://host/x', '/work')).toThrow(/not a valid file:\/\/ URL/);
  });
});
