/**
 * The inspector's HTTP + WebSocket server, on one port, bound to 127.0.0.1 by default. Every
 * path starts with a random access token (`http://127.0.0.1:PORT/TOKEN/`): the page, its
 * static files (served from memory, no CDN), `graph.json` and the socket (`/TOKEN/ws`). Any
 * other path, and a socket upgrade without the token, gets 403. Against DNS rebinding, every
 * request and upgrade must also name the server itself in `Host` (`127.0.0.1:PORT`,
 * `localhost:PORT`, `[::1]:PORT`, or the bound host) and carry no `Origin` or its own origin
 * (`http://` + that `Host`); anything else (`Origin: null` included) gets 403.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Access token (default: 24 random bytes, base64url). */
  readonly token?: string;
  /** Allow a non-loopback `host` (off: the page shows live trading state). */
  readonly allowNonLoopback?: boolean;
}

/** What the server serves besides the static files. */
export interface ServerDeps {
  /** `graph.json`, serialized once. */
  readonly graphJson: string;
  /** A page connected (token already checked). */
  onClient(ws: WebSocket): void;
}

/** A running server. */
export interface InspectorServer {
  /** The page URL, token included. */
  readonly url: string;
  readonly host: string;
  /** The address actually bound (from the socket). */
  readonly address: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8'
};

/** Whether `host` is a loopback address. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function loadPublic(): Map<string, { body: Buffer; type: string }> {
  const dir = new URL('./public/', import.meta.url);
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[name.split('.').pop() ?? ''];
    if (type) files.set(name, { body: readFileSync(new URL(name, dir)), type });
  }
  return files;
}

/** The `Host` values that name a server bound to `host:port` (loopback names always). */
export function allowedHosts(host: string, port: number): ReadonlySet<string> {
  const shown = host.includes(':') ? `[${host}]` : host;
  return new Set(
    ['127.0.0.1', 'localhost', '[::1]', shown].map((h) => `${h.toLowerCase()}:${port}`)
  );
}

/**
 * Whether a request's `Host` and `Origin` headers say it comes from the page this server
 * serves: `Host` among `hosts`, `Origin` absent or `http://` + that `Host`.
 */
export function sameOriginOk(
  headers: IncomingMessage['headers'],
  hosts: ReadonlySet<string>
): boolean {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !hosts.has(host)) return false;
  const origin = headers.origin;
  return origin === undefined || origin.toLowerCase() === `http://${host}`;
}

function tokenOk(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Starts the server (see the module comment). */
export async function startServer(opts: ServerOptions, deps: ServerDeps): Promise<InspectorServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && opts.allowNonLoopback !== true) {
    throw new Error(`inspector: refusing to bind ${host} (not loopback); set allowNonLoopback`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  if (!/^[\w-]{16,}$/.test(token)) throw new Error('inspector: token must be ≥ 16 url-safe chars');
  const files = loadPublic();
  let csp = '';
  let hosts: ReadonlySet<string> = new Set();
  const split = (url: string | undefined): [string, string] => {
    const path = (url ?? '/').split('?')[0] ?? '/';
    const m = /^\/([^/]*)\/(.*)$/.exec(path);
    return m ? [m[1] ?? '', m[2] ?? ''] : ['', ''];
  };
  const deny = (res: ServerResponse, code: number, text: string) => {
    res.writeHead(code, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store'
    });
    res.end(text);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const [t, rest] = split(req.url);
    if (!sameOriginOk(req.headers, hosts)) return deny(res, 403, 'forbidden: host or origin');
    if (!tokenOk(t, token)) return deny(res, 403, 'forbidden');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method not allowed');
    const name = rest === '' ? 'index.html' : rest;
    const f =
      name === 'graph.json'
        ? { body: Buffer.from(deps.graphJson), type: TYPES['json'] ?? '' }
        : files.get(name);
    if (!f) return deny(res, 404, 'not found');
    res.writeHead(200, {
      'content-type': f.type,
      'content-length': f.body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': csp
    });
    res.end(req.method === 'HEAD' ? undefined : f.body);
  };
  const server = createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const [t, rest] = split(req.url);
    if (!sameOriginOk(req.headers, hosts) || !tokenOk(t, token) || rest !== 'ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => deps.onClient(ws));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  hosts = allowedHosts(host, port);
  csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${shown}:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ');
  return {
    url: `http://${shown}:${port}/${token}/`,
    host,
    address,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
