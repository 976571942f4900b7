/**
 * A tiny `node:http` server exposing `GET /metrics` (Prometheus text format). Bound to
 * 127.0.0.1 unless told otherwise; everything else is a 404. A taken port is a
 * `TwinlegError` `port_in_use` naming it.
 */
import { createServer } from 'node:http';
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

/** Starts serving `registry` on `host:port` (port 0: any free port). */
export async function startMetricsServer(
  registry: Registry,
  opts: { host?: string; port?: number } = {}
): Promise<MetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
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
