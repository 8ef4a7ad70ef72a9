// A small HTTP proxy in front of a storage server that injects faults on demand — error statuses,
// reset connections, slow or silent answers, bodies that stall, break or end early, short 206s — so
// an adapter can prove it retries, resumes, gives up with typed errors, and aborts.
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** What happens to a response's body after its first `afterBytes` bytes have been sent. */
export type BodyFault = 'stall' | 'reset' | 'truncate';

export type Fault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  /** Takes the request and never answers. */
  | { kind: 'stall' }
  /** Answers with the real headers and `afterBytes` of the body, then stalls, resets the connection, or closes it. */
  | { kind: 'body'; fault: BodyFault; afterBytes: number }
  /** Turns the real 206 into a consistent one holding only its first `bytes` bytes (Content-Range and Content-Length to match). */
  | { kind: 'short206'; bytes: number };

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

type Shape = Extract<Fault, { kind: 'body' | 'short206' }> | undefined;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const queue: Fault[] = [];
  let requests = 0;
  const log: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, shape?: Shape) => {
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        if (shape === undefined || (response.statusCode !== 200 && response.statusCode !== 206)) {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        } else {
          shapeBody(response, outgoing, shape);
        }
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
    } else if (fault.kind === 'delay') {
      const timer = setTimeout(() => forward(incoming, outgoing), fault.ms);
      outgoing.on('close', () => clearTimeout(timer));
    } else if (fault.kind === 'stall') {
      incoming.resume();
    } else {
      forward(incoming, outgoing, fault);
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

/** Sends the real response's headers and the first bytes of its body, then does what `shape` says. */
function shapeBody(response: IncomingMessage, outgoing: ServerResponse, shape: NonNullable<Shape>): void {
  const headers: OutgoingHttpHeaders = { ...response.headers };
  let limit: number;
  if (shape.kind === 'short206') {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(response.headers['content-range'] ?? ''));
    if (response.statusCode !== 206 || range === null) {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
      return;
    }
    const start = Number(range[1]);
    limit = Math.min(shape.bytes, Number(range[2]) - start + 1);
    headers['content-range'] = `bytes ${start}-${start + limit - 1}/${range[3]}`;
    headers['content-length'] = String(limit);
    delete headers['transfer-encoding'];
  } else {
    limit = shape.afterBytes;
  }
  outgoing.writeHead(response.statusCode!, headers);
  let sent = 0;
  const finish = () => {
    response.destroy();
    const socket = outgoing.socket as Socket | null;
    if (shape.kind === 'short206') outgoing.end();
    else if (shape.fault === 'reset') socket?.resetAndDestroy();
    else if (shape.fault === 'truncate') socket?.end();
    // 'stall': keep the connection open and silent until the client gives up.
  };
  if (limit === 0) {
    outgoing.flushHeaders();
    finish();
    return;
  }
  response.on('data', (chunk: Buffer) => {
    if (sent >= limit) return;
    const part = chunk.subarray(0, limit - sent);
    sent += part.length;
    if (sent < limit) return void outgoing.write(part);
    response.pause();
    outgoing.write(part, () => finish());
  });
}

/** A TCP endpoint that accepts connections and never writes a byte: a server that hangs. */
export interface SilentEndpoint {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections still open (a client that gave up should have closed them). */
  readonly open: number;
  stop: () => Promise<void>;
}

export async function startSilentEndpoint(): Promise<SilentEndpoint> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
