import { Pool } from 'undici';
import { TwinlegError } from '../../../core/index.js';
import {
  BodyTooLargeError,
  DEFAULT_MAX_RESPONSE_BYTES,
  discardBody,
  readBounded
} from '../common/boundedBody.js';
import type { ClockSample } from '../common/clockOffset.js';
import { clampTimerMs } from '../common/timers.js';
import { USER_AGENT } from '../common/userAgent.js';

/** A venue HTTP answer (body read fully as text). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/**
 * A request that got no answer. `sent` is false only when the request provably never left
 * (aborted before dispatch, connection refused); otherwise the venue may have acted on it.
 * Code `venue_unreachable`; `netCode` is the network's (`ECONNREFUSED`, `TIMEOUT`, `ABORTED`…).
 */
export class HttpFailure extends TwinlegError {
  constructor(
    readonly sent: boolean,
    readonly netCode: string,
    message: string
  ) {
    super('venue_unreachable', message);
    this.name = 'HttpFailure';
  }
}

/** Error codes meaning the connection was never made (the request was not sent). */
const NOT_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** Options of {@link VenueHttp}. */
export interface VenueHttpOptions {
  /** Keep-alive sockets in the pool (default 4). */
  readonly connections?: number;
  /** Idle keep-alive of pooled sockets, ms (default 60 s). */
  readonly keepAliveMs?: number;
  /** Largest body read, bytes (default 1 MiB); a longer answer is cut and unusable. */
  readonly maxResponseBytes?: number;
}

/**
 * HTTP on one undici keep-alive {@link Pool} per venue origin: per-request timeout and the
 * caller's AbortSignal combined; warm-up opens the sockets before the first order. Every
 * request names twinleg in its `User-Agent`. An answer is usable only when complete: a body
 * over `maxResponseBytes` (reading stops) or a redirect (3xx, never followed) throws an
 * {@link HttpFailure} marked sent, so an order is `unknown` and looked up.
 */
export class VenueHttp {
  private readonly pool: Pool;
  private readonly maxBytes: number;

  constructor(baseUrl: string, opts: VenueHttpOptions = {}) {
    this.maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const keepAlive = opts.keepAliveMs ?? 60_000;
    this.pool = new Pool(new URL(baseUrl).origin, {
      connections: opts.connections ?? 4,
      pipelining: 1,
      keepAliveTimeout: keepAlive,
      keepAliveMaxTimeout: keepAlive
    });
  }

  /** One request; throws {@link HttpFailure} when no complete answer arrived. */
  async request(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    timeoutMs: number
  ): Promise<HttpResponse> {
    if (signal.aborted) throw new HttpFailure(false, 'ABORTED', 'aborted before send');
    const all = AbortSignal.any([signal, AbortSignal.timeout(clampTimerMs(timeoutMs))]);
    try {
      const h = { 'user-agent': USER_AGENT, ...headers };
      const res = await this.pool.request({
        method,
        path,
        headers: body === undefined ? h : { ...h, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
        signal: all
      });
      if (res.statusCode >= 300 && res.statusCode < 400) {
        await discardBody(res.body, this.maxBytes);
        throw new HttpFailure(true, 'REDIRECT', `HTTP ${res.statusCode} redirect (not followed)`);
      }
      const text = await readBounded(res.body, res.headers['content-length'], this.maxBytes);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (e) {
      if (e instanceof HttpFailure) throw e;
      if (e instanceof BodyTooLargeError) throw new HttpFailure(true, 'TOO_LARGE', e.message);
      const code = errorCode(e);
      const timedOut = !signal.aborted && all.aborted;
      const why = timedOut ? `timeout after ${timeoutMs} ms` : signal.aborted ? 'aborted' : code;
      throw new HttpFailure(!NOT_SENT.has(code), timedOut ? 'TIMEOUT' : code, why);
    }
  }

  /** Opens up to `n` pooled connections with parallel GETs of `path` (errors ignored). */
  async warm(path: string, n: number, timeoutMs = 2_000): Promise<number> {
    const ctl = new AbortController();
    const tries = Array.from({ length: n }, () =>
      this.request('GET', path, {}, undefined, ctl.signal, timeoutMs).then(
        () => 1,
        () => 0
      )
    );
    return (await Promise.all(tries)).reduce<number>((a, b) => a + b, 0);
  }

  /** Closes every pooled socket. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Reads the CLOB's clock with `GET /time` (Unix seconds) as a {@link ClockSample} against
 * `wallMs`; undefined when the answer is not a number.
 */
export async function probeServerTime(
  http: VenueHttp,
  wallMs: () => number,
  timeoutMs: number
): Promise<ClockSample | undefined> {
  const sentMs = wallMs();
  const res = await http.request(
    'GET',
    '/time',
    {},
    undefined,
    new AbortController().signal,
    timeoutMs
  );
  const receivedMs = wallMs();
  const sec = Number(res.text.trim());
  if (res.status !== 200 || res.text.trim() === '' || !Number.isFinite(sec)) return undefined;
  return { serverMs: sec * 1000, resolutionMs: 1_000, sentMs, receivedMs };
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const c = (e as { code?: unknown; cause?: { code?: unknown } }).code;
    if (typeof c === 'string') return c;
    const cc = (e as { cause?: { code?: unknown } }).cause?.code;
    if (typeof cc === 'string') return cc;
    const n = (e as { name?: unknown }).name;
    if (typeof n === 'string') return n;
  }
  return 'ERROR';
}
