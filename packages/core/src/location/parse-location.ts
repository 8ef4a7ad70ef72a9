// Parses the locations users write — s3://bucket/prefix, gs://bucket/prefix, az://container/prefix,
// https://<account>.blob.core.windows.net/container/prefix, file:// URLs and plain paths — without
// touching any SDK. A location that cannot be right is CONFIG_INVALID naming it.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigInvalidError } from '../errors/config-invalid-error.js';
import { normalizePrefix } from '../layout/sync-tracking-layout.js';
import type { StorageLocation } from './storage-location.js';

const URL_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
const WINDOWS_DRIVE = /^[a-zA-Z]:[\\/]/;
const AZURE_BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.windows\.net$/;
const BUCKET_RULES: Record<'s3' | 'gs' | 'az', { pattern: RegExp; noun: string }> = {
  s3: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, noun: 'S3 bucket' },
  gs: { pattern: /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, noun: 'GCS bucket' },
  az: { pattern: /^(?:\$root|[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])$/, noun: 'Azure container' },
};

function invalid(location: string, why: string): ConfigInvalidError {
  return new ConfigInvalidError({
    message: `Invalid storage location ${JSON.stringify(location)}: ${why}`,
    context: { location, argument: 'location' },
  });
}

/** A prefix from the rest of a location: no `..`/`.` or empty segments, normalised to '' or `a/b/`. */
function prefixOf(location: string, rest: string): string {
  const trimmed = rest.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw invalid(location, 'the path inside the bucket has an empty, "." or ".." segment');
  }
  return normalizePrefix(trimmed);
}

function bucketLocation(location: string, scheme: 's3' | 'gs' | 'az', rest: string): StorageLocation {
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (bucket === '') throw invalid(location, `name the ${BUCKET_RULES[scheme].noun}, as in ${scheme}://name/prefix`);
  if (!BUCKET_RULES[scheme].pattern.test(bucket)) throw invalid(location, `${JSON.stringify(bucket)} is not a valid ${BUCKET_RULES[scheme].noun} name`);
  return { location, scheme, bucket, prefix: prefixOf(location, slash < 0 ? '' : rest.slice(slash)) };
}

function azureBlobUrl(location: string): StorageLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw invalid(location, 'it is not a URL');
  }
  const account = AZURE_BLOB_HOST.exec(url.hostname)?.[1];
  if (account === undefined) {
    throw invalid(location, 'an https location must be an Azure blob URL, https://<account>.blob.core.windows.net/<container>/<prefix>');
  }
  if (url.search !== '' || url.hash !== '') throw invalid(location, 'drop the query string (give credentials through the environment)');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw invalid(location, 'the path has a broken %-escape');
  }
  return { ...bucketLocation(location, 'az', path.replace(/^\//, '')), account };
}

export function parseLocation(location: string, cwd = process.cwd()): StorageLocation {
  if (typeof location !== 'string' || location.trim() === '') throw invalid(String(location), 'it is empty');
  const scheme = WINDOWS_DRIVE.test(location) ? undefined : URL_SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (/^(s3|gs|gcs|az|file|https?):/i.test(location)) throw invalid(location, 'a URL needs "://", as in s3://bucket/prefix');
    const path = isAbsolute(location) || WINDOWS_DRIVE.test(location) ? location : resolve(cwd, location);
    return { location, scheme: 'file', bucket: '', path, prefix: '' };
  }
  const rest = location.slice(scheme.length + 3);
  switch (scheme) {
    case 's3':
    case 'gs':
    case 'az':
      return bucketLocation(location, scheme, rest);
    case 'gcs':
      return bucketLocation(location, 'gs', rest);
    case 'https':
      return azureBlobUrl(location);
    case 'file': {
      let path: string;
      try {
        path = fileURLToPath(location);
      } catch (error) {
        throw invalid(location, `it is not a file URL (${(error as Error).message})`);
      }
      return { location, scheme: 'file', bucket: '', path, prefix: '' };
    }
    default:
      throw invalid(location, `unknown scheme ${scheme}://; use s3://, gs://, az://, https://<account>.blob.core.windows.net/, file:// or a local path`);
  }
}
