// Whether Application Default Credentials can be found without asking the network. Without any, the
// SDK probes the metadata server (seconds of timeouts off Google Cloud) before it gives up with a
// message about that server, and each retry probes again: `gs://` without credentials took 16 s to
// fail. The places ADC looks, in its order: GOOGLE_APPLICATION_CREDENTIALS, gcloud's
// application_default_credentials.json, then the metadata server of Google Cloud, which is tried
// only where the machine says it runs on Google Cloud (google-auth-library's own residency test:
// serverless variables, the BIOS vendor, the MAC prefix), in Kubernetes, or when asked to.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, networkInterfaces, platform } from 'node:os';
import { join } from 'node:path';

/** Cloud Run, Cloud Functions, App Engine: their environments name themselves. */
const GOOGLE_CLOUD_VARIABLES = ['K_SERVICE', 'FUNCTION_NAME', 'CLOUD_RUN_JOB', 'CLOUD_RUN_WORKER_POOL', 'GAE_SERVICE'];
/** Variables that point the SDK at a metadata server or tell it how to detect one. */
const METADATA_VARIABLES = ['GCE_METADATA_HOST', 'GCE_METADATA_IP', 'METADATA_SERVER_DETECTION', 'KUBERNETES_SERVICE_HOST'];

function gcloudCredentialsFile(env: NodeJS.ProcessEnv): string {
  const configDir = env.CLOUDSDK_CONFIG ?? (platform() === 'win32' ? join(env.APPDATA ?? '', 'gcloud') : join(homedir(), '.config', 'gcloud'));
  return join(configDir, 'application_default_credentials.json');
}

function onGoogleComputeEngine(): boolean {
  if (platform() === 'linux') {
    try {
      if (/Google/.test(readFileSync('/sys/class/dmi/id/bios_vendor', 'utf8'))) return true;
    } catch {
      // Not readable here: the MAC prefix may still tell.
    }
  }
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some(({ mac }) => mac.startsWith('42:01')));
}

/** True when the SDK has credentials to find, or a metadata server worth asking. */
export function gcsCredentialsFindable(env: NodeJS.ProcessEnv): boolean {
  const set = (name: string) => (env[name] ?? '') !== '';
  if (set('GOOGLE_APPLICATION_CREDENTIALS') || existsSync(gcloudCredentialsFile(env))) return true;
  return GOOGLE_CLOUD_VARIABLES.some(set) || METADATA_VARIABLES.some(set) || onGoogleComputeEngine();
}
