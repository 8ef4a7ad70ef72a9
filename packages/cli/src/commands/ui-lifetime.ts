// How long `synctrack ui` serves: until Ctrl-C (the CLI's abort signal), SIGTERM or SIGHUP, or, when
// npm started it (`npx synctrack ui`, an npm script), until npm goes away. `kill <pid of npx>` ends
// npm and the shell it ran the bin in, but not the bin: it was left serving, its parent now init.
// A process npm did not start keeps serving when its parent goes (`nohup synctrack ui … &`).

/** How often the parent is looked at (a cheap getppid). */
const PARENT_CHECK_MS = 500;

/** Resolves once the viewer should stop; listens on the process only while waiting. */
export function servingStopped(signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise<void>((resolve) => {
    const parent = process.ppid;
    const startedByNpm = env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      signal.removeEventListener('abort', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', stop);
      clearInterval(timer);
      resolve();
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    if (startedByNpm) timer = setInterval(() => process.ppid !== parent && stop(), PARENT_CHECK_MS);
  });
}
