// Fetches the viewer's JSON API; a failure becomes an ApiError carrying the server's code and
// message, which the page shows in a banner.
import type { ApiErrorBody } from '../api/api-types.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a panel says went wrong: the error's message. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** `/api/a/b?x=1`, each segment encoded; empty and undefined query values left out. */
export function apiUrl(segments: string[], query: Record<string, string | number | undefined> = {}): string {
  const path = `/api/${segments.map(encodeURIComponent).join('/')}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('UNREACHABLE', 'The viewer server does not answer. Is `synctrack ui` still running?', 0);
  }
  if (!response.ok) {
    let body: Partial<ApiErrorBody> | null = null;
    try {
      body = (await response.json()) as ApiErrorBody;
    } catch {
      // Not JSON: fall through to the status line.
    }
    throw new ApiError(body?.error?.code ?? `HTTP_${response.status}`, body?.error?.message ?? `${response.status} ${response.statusText}`, response.status);
  }
  return (await response.json()) as T;
}
