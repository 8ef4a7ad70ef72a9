// Which Node.js the CLI runs on: `engines` in package.json says >=20.19 (require(esm), the oldest
// release line still tested in CI), and bin.ts asks here before it loads anything else, so an older
// Node gets one line instead of a syntax error or a stack from deep inside a dependency. This module
// imports nothing: it must load on any Node that can parse ES modules.

/** The oldest Node.js the CLI supports; package.json's `engines.node` says the same (a test holds them equal). */
export const MINIMUM_NODE = '20.19.0';

/** `EXIT_CODES.unsupported` (exit-codes.ts imports core, which is what this check runs before). */
export const UNSUPPORTED_NODE_EXIT_CODE = 7;

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** One line saying this Node.js is too old for synctrack, or null when it is supported. */
export function unsupportedNodeMessage(version: string): string | null {
  const [major = 0, minor = 0, patch = 0] = parts(version);
  const [minMajor = 0, minMinor = 0, minPatch = 0] = parts(MINIMUM_NODE);
  const supported = major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
  if (supported) return null;
  return `synctrack: needs Node.js ${MINIMUM_NODE} or newer, and this is Node.js ${version.replace(/^v/, '')}: install a current LTS release (https://nodejs.org)`;
}
