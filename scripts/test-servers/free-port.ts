// Free TCP ports on 127.0.0.1, from the OS.
import { createServer, type Server } from 'node:net';

/** A port held open until `release()`: nothing else is given it in between. */
export interface ReservedPort {
  port: number;
  release: () => Promise<void>;
}

function listening(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Holds a free port until the server that will use it starts: a server started seconds later (after
 * its install) would otherwise race every other port asked for meanwhile.
 */
export async function reservePort(): Promise<ReservedPort> {
  const server = await listening();
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { port: address.port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port free now (for a server started at once). */
export async function freePort(): Promise<number> {
  const reserved = await reservePort();
  await reserved.release();
  return reserved.port;
}
