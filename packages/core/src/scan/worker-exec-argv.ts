// The Node options a decode worker starts with: the few of the parent's that decide how modules load
// (conditions, loaders and preloads such as tsx or Yarn PnP, source maps, warning settings), never
// the rest. A worker inherits its parent's execArgv by default, so under `node -e`, `--print`,
// `--test`, `--check` or `--input-type=module` it would try to evaluate, test or check its own
// entry again, and every scan failed. V8 flags (`--max-old-space-size`, …) are process-wide and a
// Worker refuses them in execArgv; its own limits are `resourceLimits`.

/** Options kept with their value, in either `--name value` or `--name=value` form. */
const KEEP_WITH_VALUE = new Set(['--conditions', '-C', '--import', '--require', '-r', '--loader', '--experimental-loader', '--disable-warning']);
/** Options kept that take no value. */
const KEEP_FLAGS = new Set(['--enable-source-maps', '--no-warnings', '--no-deprecation', '--trace-warnings', '--trace-uncaught']);
/** Options dropped that take a value as the next argument (`-e code`): the value is dropped too. */
const DROP_WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--test-name-pattern', '--test-reporter', '--test-reporter-destination', '--watch-path', '--inspect-port', '--title', '--env-file', '--experimental-default-type', '--test-concurrency', '--test-shard', '--test-skip-pattern', '--redirect-warnings', '--diagnostic-dir', '--report-dir', '--cpu-prof-dir', '--heap-prof-dir']);

export function workerExecArgv(parent: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < parent.length; index++) {
    const argument = parent[index]!;
    const equals = argument.indexOf('=');
    const name = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    if (KEEP_FLAGS.has(name)) {
      kept.push(argument);
    } else if (KEEP_WITH_VALUE.has(name)) {
      if (name !== argument) kept.push(argument);
      else if (index + 1 < parent.length) kept.push(argument, parent[++index]!);
    } else if (DROP_WITH_VALUE.has(name) && name === argument) {
      index++;
    }
  }
  return kept;
}
