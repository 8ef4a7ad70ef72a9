// Where DuckDB reads a location from, and how: a local path as it is; s3:// and gs:// through DuckDB's
// httpfs extension, az:// and Azure blob URLs through its azure extension, each with a secret built from
// the environment variables synctrack's own adapters read (AWS_*, STORAGE_EMULATOR_HOST,
// AZURE_STORAGE_*). Only local paths are tested: this machine cannot download DuckDB extensions.
import { InvalidArgumentError } from '@synctrack/core';
import type { LocationParts } from '../location/location-parts.js';
import { sqlString } from './layout-schema.js';

export interface DuckDbStorage {
  /** The bucket root as DuckDB names it: an absolute path or a URL, without a trailing slash. */
  root: string;
  /** The extension DuckDB needs for it (none for a local path). */
  extension: 'httpfs' | 'azure' | null;
  /** Statements that configure access (CREATE SECRET …), run after the extension is loaded. */
  setup: string[];
  /** Where credentials come from, for error messages. */
  credentialsHint: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `CREATE SECRET` from parameters, leaving out those without a value. */
function secret(name: string, parameters: Record<string, string | boolean | undefined>): string {
  const entries = Object.entries(parameters)
    .filter((entry): entry is [string, string | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${key} ${typeof value === 'boolean' ? String(value) : key === 'TYPE' || key === 'PROVIDER' ? value : sqlString(value)}`);
  return `CREATE OR REPLACE SECRET ${name} (${entries.join(', ')})`;
}

function s3Setup(env: NodeJS.ProcessEnv): string[] {
  const endpointUrl = nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const endpoint = endpointUrl === undefined ? undefined : new URL(endpointUrl);
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? (endpoint === undefined ? undefined : 'us-east-1');
  const keyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  return [
    secret('synctrack_s3', {
      TYPE: 's3',
      // Without keys in the environment, DuckDB's aws extension walks the SDK's chain (profile, SSO, IMDS).
      PROVIDER: keyId === undefined ? 'credential_chain' : 'config',
      KEY_ID: keyId,
      SECRET: keyId === undefined ? undefined : nonEmpty(env.AWS_SECRET_ACCESS_KEY),
      SESSION_TOKEN: keyId === undefined ? undefined : nonEmpty(env.AWS_SESSION_TOKEN),
      REGION: region,
      // A custom endpoint means path-style addressing, as in @synctrack/storage-s3.
      ENDPOINT: endpoint === undefined ? undefined : endpoint.host + endpoint.pathname.replace(/\/+$/, ''),
      URL_STYLE: endpoint === undefined ? undefined : 'path',
      USE_SSL: endpoint === undefined ? undefined : endpoint.protocol === 'https:',
    }),
  ];
}

function gcsSetup(env: NodeJS.ProcessEnv): string[] {
  // DuckDB reads GCS through its S3-compatible API, which takes HMAC keys, not the service-account
  // credentials @synctrack/storage-gcs uses; without keys only public buckets can be read.
  const keyId = nonEmpty(env.GCS_HMAC_KEY_ID);
  const emulator = nonEmpty(env.STORAGE_EMULATOR_HOST);
  const endpoint = emulator === undefined ? undefined : new URL(/^https?:\/\//.test(emulator) ? emulator : `http://${emulator}`);
  if (keyId === undefined && endpoint === undefined) return [];
  return [
    secret('synctrack_gcs', {
      TYPE: 'gcs',
      KEY_ID: keyId,
      SECRET: keyId === undefined ? undefined : nonEmpty(env.GCS_HMAC_SECRET),
      ENDPOINT: endpoint?.host,
      URL_STYLE: endpoint === undefined ? undefined : 'path',
      USE_SSL: endpoint === undefined ? undefined : endpoint.protocol === 'https:',
    }),
  ];
}

function azureSetup(env: NodeJS.ProcessEnv, accountFromUrl: string | undefined): string[] {
  const connectionString = nonEmpty(env.AZURE_STORAGE_CONNECTION_STRING);
  const account = accountFromUrl ?? nonEmpty(env.AZURE_STORAGE_ACCOUNT);
  const key = nonEmpty(env.AZURE_STORAGE_KEY);
  if (connectionString !== undefined && (accountFromUrl === undefined || connectionString.includes(`AccountName=${accountFromUrl}`))) {
    return [secret('synctrack_azure', { TYPE: 'azure', CONNECTION_STRING: connectionString })];
  }
  if (account === undefined) {
    throw new InvalidArgumentError({
      message: 'No Azure storage account for DuckDB: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT (with AZURE_STORAGE_KEY or an Azure CLI / managed identity login)',
      context: { argument: 'location', adapter: 'azure' },
    });
  }
  if (key !== undefined) {
    const built = `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};EndpointSuffix=core.windows.net`;
    return [secret('synctrack_azure', { TYPE: 'azure', CONNECTION_STRING: built })];
  }
  return [secret('synctrack_azure', { TYPE: 'azure', PROVIDER: 'credential_chain', ACCOUNT_NAME: account })];
}

/** The root DuckDB reads, the extension it needs and the secrets it takes from the environment. */
export function duckDbStorage(parts: LocationParts, env: NodeJS.ProcessEnv): DuckDbStorage {
  const root = parts.root.replace(/\/+$/, '') || '/';
  if (!parts.remote) return { root, extension: null, setup: [], credentialsHint: '' };
  const url = new URL(root);
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme === 's3') {
    return { root, extension: 'httpfs', setup: s3Setup(env), credentialsHint: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION / AWS_ENDPOINT_URL_S3, or an AWS profile' };
  }
  if (scheme === 'gs' || scheme === 'gcs') {
    return { root, extension: 'httpfs', setup: gcsSetup(env), credentialsHint: 'GCS_HMAC_KEY_ID / GCS_HMAC_SECRET (a GCS HMAC key)' };
  }
  const azureHint = 'AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or an Azure login';
  if (scheme === 'az' || scheme === 'azure') {
    return { root: `az://${url.host}${url.pathname}`.replace(/\/+$/, ''), extension: 'azure', setup: azureSetup(env, undefined), credentialsHint: azureHint };
  }
  const blob = /^([a-z0-9]+)\.blob\.core\.windows\.net$/i.exec(url.host);
  if (scheme === 'https' && blob !== null) {
    // https://account.blob.core.windows.net/container/prefix → az://container/prefix with that account.
    return { root: `az://${url.pathname.replace(/^\/+/, '')}`.replace(/\/+$/, ''), extension: 'azure', setup: azureSetup(env, blob[1]), credentialsHint: azureHint };
  }
  throw new InvalidArgumentError({
    message: `synctrack sql reads local paths, s3://, gs://, az:// and Azure blob URLs, not ${parts.location}`,
    context: { argument: 'location', location: parts.location },
  });
}
