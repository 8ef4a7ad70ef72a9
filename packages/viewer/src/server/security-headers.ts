// The browser-side defences of a page that renders untrusted record data: a strict CSP (scripts and
// styles only from this server, no inline script, Trusted Types so that no string can reach an HTML
// sink), no framing, no referrer; and, on loopback, a Host check against DNS rebinding.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  requireTrustedTypesFor: ["'script'"],
  trustedTypes: ["'none'"],
};

export function viewerSecureHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    // Plain http on a local port: HSTS would only confuse other local servers.
    strictTransportSecurity: false,
  });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Host header values a loopback server answers to; null (any) when bound to another address. */
export function allowedHostHeaders(host: string, port: number): Set<string> | null {
  if (!isLoopbackHost(host)) return null;
  const names = new Set(['localhost', '127.0.0.1', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]);
  return new Set([...names].map((name) => `${name}:${port}`));
}

/**
 * Refuses requests whose Host is not this server (a rebound DNS name pointing at 127.0.0.1) and API
 * requests that another site's page started (`Sec-Fetch-Site: cross-site`).
 */
export function requestGuard(allowedHosts: () => Set<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const allowed = allowedHosts();
    const host = c.req.header('host')?.toLowerCase();
    if (allowed !== null && (host === undefined || !allowed.has(host))) {
      return c.json({ error: { code: 'PERMISSION_DENIED', message: `This viewer does not answer to the host ${JSON.stringify(host ?? '')}` } }, 403);
    }
    if (c.req.path.startsWith('/api/') && c.req.header('sec-fetch-site') === 'cross-site') {
      return c.json({ error: { code: 'PERMISSION_DENIED', message: 'Cross-site requests to the viewer API are refused' } }, 403);
    }
    await next();
  };
}
