// Colour only where a person reads it: on a terminal, unless NO_COLOR says otherwise; FORCE_COLOR wins
// for both (https://no-color.org, https://force-color.org).
import picocolors from 'picocolors';
import type { CliOutputStream } from '../cli-io.js';

export type Colors = ReturnType<typeof picocolors.createColors>;

export function colorEnabled(stream: CliOutputStream, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function colorsFor(stream: CliOutputStream, env: NodeJS.ProcessEnv): Colors {
  return picocolors.createColors(colorEnabled(stream, env));
}
