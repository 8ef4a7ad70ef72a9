// `check --notify URL`: the result posted as JSON to a webhook when a rule breaks. The body is the
// `--json` object plus `text` (the verdict in one line), which is what a Slack incoming webhook,
// Mattermost or a Teams workflow shows; other receivers read the rest. Each attempt has a timeout;
// a network error, a timeout, 429 or a 5xx is retried with growing pauses, anything else is final.
import { StorageUnavailableError, InvalidArgumentError } from '@synctrack/core';
import type { JsonValue } from '@synctrack/core';

export interface NotifyOptions {
  /** Milliseconds an attempt may take (default 10 s). */
  timeoutMs?: number;
  /** Attempts in all (default 3). */
  attempts?: number;
  /** Pause before the second attempt, doubled after each (default 1 s). */
  backoffMs?: number;
  signal?: AbortSignal;
}

/** Checks the URL before any work is done, so a typo fails at once rather than after the check. */
export function webhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError({ message: `--notify takes an http(s) URL, got ${JSON.stringify(text)}`, context: { argument: 'notify' } });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError({ message: `--notify takes an http(s) URL, got ${url.protocol} (${url.host})`, context: { argument: 'notify' } });
  }
  return url;
}

/** Where the webhook is, for messages: its origin only (the path of a Slack webhook is its secret). */
const shown = (url: URL) => url.origin;

const retryable = (status: number) => status === 429 || status >= 500;

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export async function postWebhook(url: URL, body: Record<string, JsonValue>, options: NotifyOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let wait = options.backoffMs ?? 1000;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (options.signal?.aborted) break;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'synctrack-check' },
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      last = `HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
      if (!retryable(response.status)) break;
    } catch (error) {
      const name = (error as Error).name;
      last = name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    }
    if (attempt < attempts) {
      await pause(wait, options.signal);
      wait *= 2;
    }
  }
  throw new StorageUnavailableError({
    message: `The webhook at ${shown(url)} did not take the notification (${last}${options.signal?.aborted ? ', interrupted' : `, after ${attempts} attempt${attempts === 1 ? '' : 's'}`})`,
    context: { argument: 'notify' },
  });
}
