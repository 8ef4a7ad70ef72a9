// Builds the ContainerClient from options and the environment: a connection string
// (AZURE_STORAGE_CONNECTION_STRING), an account key (AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY), or
// an account with Microsoft Entra ID through DefaultAzureCredential from @azure/identity, an optional
// peer dependency imported only when that path is taken.
import {
  BlobServiceClient,
  StorageRetryPolicyType,
  StorageSharedKeyCredential,
  type ContainerClient,
  type StoragePipelineOptions,
  type StorageRetryOptions,
} from '@azure/storage-blob';
import { AdapterNotInstalledError, ConfigInvalidError, type RetrySettings } from '@synctrack/core';
import { DEFAULT_PROGRESS_TIMEOUT_MS } from '@synctrack/core/internal';

/** An Azure token credential (`DefaultAzureCredential` from @azure/identity, for example). */
export interface TokenCredential {
  getToken(
    scopes: string | string[],
    options?: object,
  ): Promise<{ token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number; tokenType?: 'Bearer' | 'pop' } | null>;
}

export interface AzureConnectionOptions {
  /** Otherwise AZURE_STORAGE_CONNECTION_STRING. */
  connectionString?: string;
  /** Storage account name; otherwise AZURE_STORAGE_ACCOUNT (or the connection string's). */
  account?: string;
  /** Shared key; otherwise AZURE_STORAGE_KEY. Without one, DefaultAzureCredential is used. */
  accountKey?: string;
  /** A token credential of your own (e.g. from @azure/identity). */
  credential?: TokenCredential;
  /** Blob endpoint; defaults to `https://<account>.blob.core.windows.net`. */
  endpoint?: string;
  /**
   * Overrides of the bounded exponential backoff (defaults: 4 tries, 0.5 s doubling up to 8 s);
   * `tryTimeoutInMs` is the server-side timeout Azure is asked to apply to each try.
   */
  retry?: Pick<StorageRetryOptions, 'maxTries' | 'retryDelayInMs' | 'maxRetryDelayInMs' | 'tryTimeoutInMs'>;
  /**
   * Milliseconds a request may go without a byte (for its answer, or inside a body) before that try
   * is aborted and retried (default 30 000).
   */
  readTimeoutMs?: number;
  /** Environment to read AZURE_STORAGE_* from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The pipeline of the clients this package builds: no retries of its own. The SDK's client has no
 * timeout that it retries (its `tryTimeoutInMs` is a server-side limit), so every call goes through
 * synctrack's retries with a progress timeout (`azureRetrySettings`), which also resume broken bodies.
 */
export function azurePipelineOptions(retry: AzureConnectionOptions['retry']): StoragePipelineOptions {
  return {
    retryOptions: {
      retryPolicyType: StorageRetryPolicyType.EXPONENTIAL,
      ...(retry?.tryTimeoutInMs === undefined ? {} : { tryTimeoutInMs: retry.tryTimeoutInMs }),
      maxTries: 1,
    },
  };
}

/** The bounded exponential backoff and progress timeout every call of the adapter runs under. */
export function azureRetrySettings(options: Pick<AzureConnectionOptions, 'retry' | 'readTimeoutMs'>): RetrySettings {
  return {
    maxAttempts: options.retry?.maxTries ?? 4,
    initialDelayMs: options.retry?.retryDelayInMs ?? 500,
    maxDelayMs: options.retry?.maxRetryDelayInMs ?? 8_000,
    progressTimeoutMs: options.readTimeoutMs ?? DEFAULT_PROGRESS_TIMEOUT_MS,
  };
}

/** The account name in a connection string (`AccountName=…`), if any. */
export function accountOfConnectionString(connectionString: string): string | undefined {
  return /(?:^|;)\s*AccountName=([^;]+)/i.exec(connectionString)?.[1];
}

export async function createContainerClient(container: string, options: AzureConnectionOptions): Promise<ContainerClient> {
  const env = options.env ?? process.env;
  const pipeline = azurePipelineOptions(options.retry);
  const connectionString = options.connectionString ?? nonEmpty(env.AZURE_STORAGE_CONNECTION_STRING);
  const account = options.account ?? nonEmpty(env.AZURE_STORAGE_ACCOUNT);
  const useConnectionString =
    connectionString !== undefined &&
    (options.account === undefined || accountOfConnectionString(connectionString) === options.account) &&
    options.credential === undefined;
  if (useConnectionString) {
    return BlobServiceClient.fromConnectionString(connectionString!, pipeline).getContainerClient(container);
  }
  if (account === undefined) {
    throw new ConfigInvalidError({
      message: `No Azure storage account for container ${container}: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT (with AZURE_STORAGE_KEY or a Microsoft Entra ID login)`,
      context: { adapter: 'azure', bucket: container, argument: 'account' },
    });
  }
  const endpoint = (options.endpoint ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, '');
  const accountKey = options.accountKey ?? nonEmpty(env.AZURE_STORAGE_KEY);
  const credential =
    options.credential ?? (accountKey === undefined ? await defaultAzureCredential(account) : new StorageSharedKeyCredential(account, accountKey));
  return new BlobServiceClient(endpoint, credential, pipeline).getContainerClient(container);
}

async function defaultAzureCredential(account: string): Promise<TokenCredential> {
  const identityPackage = '@azure/identity';
  let identity: { DefaultAzureCredential: new () => TokenCredential };
  try {
    identity = (await import(/* @vite-ignore */ identityPackage)) as typeof identity;
  } catch (error) {
    throw new AdapterNotInstalledError({
      message: `Signing in to the Azure storage account ${account} with Microsoft Entra ID needs @azure/identity: npm install @azure/identity (or set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_KEY)`,
      context: { adapter: 'azure', bucket: account },
      cause: error,
    });
  }
  return new identity.DefaultAzureCredential();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
