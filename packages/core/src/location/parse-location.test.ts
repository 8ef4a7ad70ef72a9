import { describe, expect, it } from 'vitest';
import { ConfigInvalidError } from '../errors/config-invalid-error.js';
import { parseLocation } from './parse-location.js';

describe('parseLocation', () => {
  it.each([
    ['s3://census-bucket', { scheme: 's3', bucket: 'census-bucket', prefix: '' }],
    ['s3://census-bucket/', { scheme: 's3', bucket: 'census-bucket', prefix: '' }],
    ['s3://census-bucket/exports/prod', { scheme: 's3', bucket: 'census-bucket', prefix: 'exports/prod/' }],
    ['s3://census-bucket/exports/prod/', { scheme: 's3', bucket: 'census-bucket', prefix: 'exports/prod/' }],
    ['s3://census-bucket/with space/a+b%20c/', { scheme: 's3', bucket: 'census-bucket', prefix: 'with space/a+b%20c/' }],
    ['gs://my_bucket.example/sync tracking', { scheme: 'gs', bucket: 'my_bucket.example', prefix: 'sync tracking/' }],
    ['gcs://my-bucket/p', { scheme: 'gs', bucket: 'my-bucket', prefix: 'p/' }],
    ['az://census/exports', { scheme: 'az', bucket: 'census', prefix: 'exports/' }],
    ['S3://census-bucket/x', { scheme: 's3', bucket: 'census-bucket', prefix: 'x/' }],
  ])('%s', (location, expected) => {
    expect(parseLocation(location)).toEqual({ location, ...expected });
  });

  it('reads the account and container from an Azure blob URL, decoding the path', () => {
    expect(parseLocation('https://myaccount.blob.core.windows.net/census/sync%20tracking/prod/')).toEqual({
      location: 'https://myaccount.blob.core.windows.net/census/sync%20tracking/prod/',
      scheme: 'az',
      account: 'myaccount',
      bucket: 'census',
      prefix: 'sync tracking/prod/',
    });
  });

  it('turns file:// URLs and plain paths into absolute folders', () => {
    expect(parseLocation('file:///data/census%20bucket')).toMatchObject({ scheme: 'file', path: '/data/census bucket', prefix: '' });
    expect(parseLocation('/data/census')).toMatchObject({ scheme: 'file', path: '/data/census' });
    expect(parseLocation('./demo-bucket', '/home/me')).toMatchObject({ scheme: 'file', path: '/home/me/demo-bucket' });
    expect(parseLocation('demo-bucket', '/home/me')).toMatchObject({ scheme: 'file', path: '/home/me/demo-bucket' });
    expect(parseLocation('C:\\exports\\census')).toMatchObject({ scheme: 'file', path: 'C:\\exports\\census' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['s3://', 'name the S3 bucket'],
    ['s3:///prefix', 'name the S3 bucket'],
    ['s3://Bad_Bucket/x', 'not a valid S3 bucket name'],
    ['gs://a/x', 'not a valid GCS bucket name'],
    ['az://UPPER/x', 'not a valid Azure container name'],
    ['s3://bucket/a/../b', '".." segment'],
    ['s3://bucket/a//b', 'empty'],
    ['s3:bucket/prefix', 'needs "://"'],
    ['ftp://host/path', 'unknown scheme ftp://'],
    ['https://example.com/container/x', 'Azure blob URL'],
    ['https://myaccount.blob.core.windows.net/', 'name the Azure container'],
    ['https://myaccount.blob.core.windows.net/c1/x?sv=2020&sig=secret', 'drop the query string'],
    ['file://remote-host/share', 'not a file URL'],
  ])('refuses %j with CONFIG_INVALID naming the location', (location, why) => {
    let caught: unknown;
    try {
      parseLocation(location);
    } catch (error) {
      caught = error;
    }
    expect(ConfigInvalidError.isInstance(caught)).toBe(true);
    const error = caught as ConfigInvalidError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.context.location).toBe(location.trim() === '' ? location : location);
    expect(error.message).toContain(JSON.stringify(location));
    expect(error.message).toContain(why);
  });
});
