// Stands in for a package the test servers never use (see the overrides in ../<server>/package.json),
// left out of the install to keep it small. Loading it is harmless (azurite loads its telemetry SDK
// even with --disableTelemetry); using it throws: a server took a code path our tests had not seen
// it take. Put the package back by removing its override, then run update-lock.ts.
const INTEROP = new Set(['__esModule', 'default', 'then', 'toJSON', 'constructor', 'inspect']);

module.exports = new Proxy(
  {},
  {
    get(target, key) {
      if (typeof key === 'symbol' || INTEROP.has(key)) return undefined;
      throw new Error(
        `synctrack test servers: "${key}" was used from a package left out of the test-server install (the overrides in scripts/test-servers/lock/*/package.json); see the stack for which`,
      );
    },
  },
);
