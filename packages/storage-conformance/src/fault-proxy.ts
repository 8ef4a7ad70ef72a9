// A small HTTP proxy in front of a storage server that injects faults on demand — error statuses,
// reset connections, slow answers — so an adapter can prove it retries, gives up with typed errors, and aborts.
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number };

export interface FaultProxy {
  url: string;
  /** The next `count` requests get `fault` (in order, after faults already queued). */
  inject: (fault: Fault, count?: number) => void;
  /** Requests seen since the last `reset()`. */
  readonly requests: number;
  /** Method, path and headers of each request since the last `reset()`. */
  readonly log: ReadonlyArray<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  reset: () => void;
  stop: () => Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const queue: Fault[] = [];
  let requests = 0;
  const log: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  };
  const server = createServer((incoming, outgoing) => {
    requests++;
    log.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    const fault = queue.shift();
    if (fault === undefined) return forward(incoming, outgoing);
    if (fault.kind === 'reset') {
      incoming.socket.destroy();
    } else if (fault.kind === 'status') {
      incoming.resume();
      incoming.on('end', () => outgoing.writeHead(fault.status, fault.headers ?? { 'content-type': 'text/plain' }).end(fault.body ?? ''));
    } else {
      const timer = setTimeout(() => forward(incoming, outgoing), fault.ms);
      outgoing.on('close', () => clearTimeout(timer));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject: (fault, count = 1) => {
      for (let index = 0; index < count; index++) queue.push(fault);
    },
    get requests() {
      return requests;
    },
    log,
    reset: () => {
      queue.length = 0;
      requests = 0;
      log.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
