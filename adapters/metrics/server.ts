/**
 * A tiny `node:http` server exposing `GET /metrics` (Prometheus text format); everything else
 * is a 404. Bound to 127.0.0.1 by default: a non-loopback host is refused unless
 * `allowRemote` is set, and binding one then warns. Optional HTTP basic auth (`auth`): without
 * the right credentials every request gets 401. A taken port is a `TwinlegError`
 * `port_in_use` naming it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { TwinlegError } from '../../core/index.js';

/** A running metrics endpoint. */
export interface MetricsServer {
  /** `http://HOST:PORT/metrics` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Basic-auth credentials a scraper must send. */
export interface MetricsAuth {
  readonly user: string;
  readonly password: string;
}

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Allow a non-loopback `host` (default off: it is refused). */
  readonly allowRemote?: boolean;
  /** Require HTTP basic auth with these credentials (default: none). */
  readonly auth?: MetricsAuth;
  /** Told when a non-loopback host is bound (default: a line on stderr). */
  readonly warn?: (message: string) => void;
}

/** Whether `host` is a loopback interface (`localhost`, `127.x.y.z`, `::1`). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether `req` carries `Authorization: Basic` with exactly `auth` (constant-time compare). */
function authorized(req: IncomingMessage, auth: MetricsAuth): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const want = `${auth.user}:${auth.password}`;
  return timingSafeEqual(digest(given), digest(want));
}

/**
 * Starts serving `registry` on `host:port` (see the module comment).
 * @throws TwinlegError `usage` for a non-loopback host without `allowRemote` or auth with an
 *   empty user or password; `port_in_use` for a taken port.
 */
export async function startMetricsServer(
  registry: Registry,
  opts: MetricsServerOptions = {}
): Promise<MetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  const remote = !isLoopbackHost(host);
  if (remote && opts.allowRemote !== true) {
    throw new TwinlegError(
      'usage',
      `metrics: refusing to bind ${host} (not loopback); set metrics.allowRemote: true (TWINLEG_METRICS_ALLOW_REMOTE=true) to serve it beyond this machine`
    );
  }
  const auth = opts.auth;
  if (auth && (auth.user === '' || auth.password === '' || auth.user.includes(':'))) {
    throw new TwinlegError(
      'usage',
      'metrics: basic auth needs both a user (without ":") and a password'
    );
  }
  const server = createServer((req, res) => {
    if (auth && !authorized(req, auth)) {
      res
        .writeHead(401, {
          'content-type': 'text/plain',
          'www-authenticate': 'Basic realm="twinleg metrics", charset="UTF-8"'
        })
        .end('unauthorized\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(e)}\n`)
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE') return reject(e);
      const why = `metrics: port ${opts.port ?? 0} on ${host} is already in use (--metrics <port> picks another)`;
      reject(new TwinlegError('port_in_use', why, { cause: e }));
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  if (remote) {
    const warn = opts.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
    warn(
      `metrics: serving ${shown}:${port}, reachable beyond this machine (metrics.allowRemote)` +
        (auth ? ' with basic auth' : ' WITHOUT auth: set TWINLEG_METRICS_USER/PASSWORD')
    );
  }
  return {
    url: `http://${shown}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}
