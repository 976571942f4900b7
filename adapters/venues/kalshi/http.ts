import { Pool } from 'undici';
import { TwinlegError, type Clock } from '../../../core/index.js';
import {
  BodyTooLargeError,
  DEFAULT_MAX_RESPONSE_BYTES,
  discardBody,
  readBounded
} from '../common/boundedBody.js';
import { dateHeaderSample, type ClockSync } from '../common/clockSync.js';
import { clampTimerMs } from '../common/timers.js';
import type { Lane, TokenBucket } from '../common/tokenBucket.js';
import { USER_AGENT } from '../common/userAgent.js';
import { redactKnown } from './redact.js';
import type { KalshiAuthHeaders } from './signer.js';

/**
 * How a request failed to produce a usable HTTP answer. `redirect` (a 3xx, never followed) and
 * `oversize` (a body over the limit, reading stopped) came after sending: the venue may have
 * acted on the request.
 */
export type TransportFailure =
  'timeout' | 'aborted' | 'refused' | 'network' | 'redirect' | 'oversize' | 'unrecorded';

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
  /** Lane in the bucket (default `normal`; `close` for reduce-only closes). */
  readonly lane?: Lane;
  /** Produces auth headers for the full signed path; absent for public endpoints. */
  readonly auth?: (method: string, fullPath: string) => KalshiAuthHeaders;
  /**
   * Called synchronously once the bucket's token is taken, right before the request is
   * written. If it throws, nothing is sent: a {@link KalshiTransportError} `unrecorded`, not
   * sent.
   */
  readonly beforeSend?: () => void;
}

/** Options of {@link KalshiHttp}. */
export interface KalshiHttpOptions {
  /** API root, e.g. `https://external-api.kalshi.com/trade-api/v2`. */
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly connections: number;
  readonly keepAliveMs: number;
  /** Largest body read, bytes (default 1 MiB). */
  readonly maxResponseBytes?: number;
  /** Fed the `Date` header of every answer (the venue's clock). */
  readonly clockSync?: ClockSync;
}

const FAILURE_REASON = Symbol('timeout');

/**
 * Keep-alive HTTP to one Kalshi host on an undici `Pool`. Timeouts run on the shared clock;
 * the token bucket is awaited before the timer starts (an abort leaves its queue at once);
 * every request is abortable and names twinleg in its `User-Agent`. Only complete answers are
 * returned: a 3xx or a body over `maxResponseBytes` is a {@link KalshiTransportError} after
 * sending (an order is `unknown`). Every answer's `Date` header feeds the clock offset. A call's
 * `beforeSend` runs after its token and right before the request is written (dispatch records).
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
    if (call.bucket && !(await call.bucket.take(1, { signal, lane: call.lane ?? 'normal' })))
      throw new KalshiTransportError('aborted', false, 'aborted while rate limited');
    if (signal.aborted) throw new KalshiTransportError('aborted', false, 'aborted before send');
    const full = this.prefix + call.path;
    const qs = query(call.query);
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = clock.setTimeout(() => ctl.abort(FAILURE_REASON), clampTimerMs(call.timeoutMs));
    const maxBytes = this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': USER_AGENT
      };
      const auth = call.auth?.(call.method, full);
      if (auth) Object.assign(headers, auth);
      let body: string | undefined;
      if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['content-type'] = 'application/json';
      }
      if (call.beforeSend) {
        try {
          call.beforeSend();
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new KalshiTransportError('unrecorded', false, `dispatch not recorded: ${why}`);
        }
      }
      const sentMs = clock.wallMs();
      const res = await this.pool.request({
        path: full + qs,
        method: call.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: ctl.signal
      });
      const date = dateHeaderSample(res.headers.date, sentMs, clock.wallMs());
      if (date) this.opts.clockSync?.sample(date);
      if (res.statusCode >= 300 && res.statusCode < 400) {
        await discardBody(res.body, maxBytes);
        throw new KalshiTransportError('redirect', true, `HTTP ${res.statusCode} (not followed)`);
      }
      const raw = await readBounded(res.body, res.headers['content-length'], maxBytes);
      // an error body may reflect our auth headers (key id, signature): never pass them on
      const text = auth && res.statusCode >= 300 ? redactKnown(raw, Object.values(auth)) : raw;
      const ra = res.headers['retry-after'];
      return { status: res.statusCode, text, retryAfter: Array.isArray(ra) ? ra[0] : ra };
    } catch (e) {
      if (e instanceof KalshiTransportError) throw e;
      if (e instanceof BodyTooLargeError)
        throw new KalshiTransportError('oversize', true, e.message);
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
