// Calls of @google-cloud/storage raced against an AbortSignal.

/**
 * @google-cloud/storage takes no AbortSignal for metadata, list, upload and delete calls: the
 * caller gets ABORTED (or a stalled attempt its timeout) at once, and the request finishes, fails,
 * or is ended by `close()` unobserved. Reads do cancel once answered.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
