import { Pool } from 'undici';
import { TwinlegError, type Clock } from '../../../core/index.js';
import type { TokenBucket } from '../common/tokenBucket.js';
import { redactKnown } from './redact.js';
import type { KalshiAuthHeaders } from './signer.js';

/** How a request failed to produce an HTTP answer. */
export type TransportFailure = 'timeout' | 'aborted' | 'refused' | 'network';

/**
 * No HTTP answer. `sent` says whether the request may have reached the venue: only a refused
 * connection or an abort before sending proves it did not. Code `venue_unreachable`.
 */
export class KalshiTransportError extends TwinlegError {
  constructor(
    readonly failure: TransportFailure,
    readonly sent: boolean,
    detail: string
  ) {
    super(
      'venue_unreachable',
      `kalshi ${failure}${sent ? ' after send' : ' before send'}: ${detail}`
    );
    this.name = 'KalshiTransportError';
  }
}

/** An HTTP answer (any status). */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly retryAfter: string | undefined;
}

/** One request. `path` is relative to the API root (e.g. `/portfolio/balance`). */
export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>> | undefined;
  readonly body?: unknown;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly bucket: TokenBucket | undefined;
  /** Produces auth headers for the full signed path; absent for public endpoints. */
  readonly auth?: (method: string, fullPath: string) => KalshiAuthHeaders;
}

/** Options of {@link KalshiHttp}. */
export interface KalshiHttpOptions {
  /** API root, e.g. `https://external-api.kalshi.com/trade-api/v2`. */
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly connections: number;
  readonly keepAliveMs: number;
}

const FAILURE_REASON = Symbol('timeout');

/**
 * Keep-alive HTTP to one Kalshi host on an undici `Pool`. Timeouts run on the shared clock;
 * the token bucket is awaited before the timer starts; every request is abortable.
 */
export class KalshiHttp {
  private readonly pool: Pool;
  /** Path prefix of the API root (`/trade-api/v2`), part of every signed path. */
  readonly prefix: string;

  constructor(private readonly opts: KalshiHttpOptions) {
    const u = new URL(opts.baseUrl);
    this.prefix = u.pathname.replace(/\/+$/, '');
    this.pool = new Pool(u.origin, {
      connections: opts.connections,
      keepAliveTimeout: opts.keepAliveMs,
      pipelining: 1
    });
  }

  /** Sends one request; resolves with any HTTP answer, rejects with {@link KalshiTransportError}. */
  async request(call: HttpCall): Promise<HttpAnswer> {
    const { signal, clock } = { signal: call.signal, clock: this.opts.clock };
    if (signal.aborted) throw new KalshiTransportError('aborted', false, 'aborted before send');
    if (call.bucket) await waitFor(call.bucket.take(1), signal);
    const full = this.prefix + call.path;
    const qs = query(call.query);
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = clock.setTimeout(() => ctl.abort(FAILURE_REASON), call.timeoutMs);
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      const auth = call.auth?.(call.method, full);
      if (auth) Object.assign(headers, auth);
      let body: string | undefined;
      if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['content-type'] = 'application/json';
      }
      const res = await this.pool.request({
        path: full + qs,
        method: call.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: ctl.signal
      });
      const raw = await res.body.text();
      // an error body may reflect our auth headers (key id, signature): never pass them on
      const text = auth && res.statusCode >= 300 ? redactKnown(raw, Object.values(auth)) : raw;
      const ra = res.headers['retry-after'];
      return { status: res.statusCode, text, retryAfter: Array.isArray(ra) ? ra[0] : ra };
    } catch (e) {
      if (ctl.signal.aborted) {
        const timedOut = ctl.signal.reason === FAILURE_REASON;
        throw new KalshiTransportError(
          timedOut ? 'timeout' : 'aborted',
          true,
          timedOut ? `no answer in ${call.timeoutMs} ms` : 'aborted'
        );
      }
      const code = (e as { code?: unknown }).code;
      const refused = code === 'ECONNREFUSED';
      throw new KalshiTransportError(
        refused ? 'refused' : 'network',
        !refused,
        typeof code === 'string' ? code : 'connection error'
      );
    } finally {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Closes the pool (in-flight requests finish). */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

function query(q: HttpCall['query']): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Awaits `p` unless `signal` aborts first (then rejects: nothing was sent). */
function waitFor(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void =>
      reject(new KalshiTransportError('aborted', false, 'aborted while rate limited'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) onAbort();
        else resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    );
  });
}
