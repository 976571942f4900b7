import { constants, sign, type KeyObject } from 'node:crypto';

/** The three Kalshi authentication headers. */
export interface KalshiAuthHeaders {
  readonly 'KALSHI-ACCESS-KEY': string;
  readonly 'KALSHI-ACCESS-TIMESTAMP': string;
  readonly 'KALSHI-ACCESS-SIGNATURE': string;
}

/** RSA-PSS options Kalshi uses: MGF1-SHA-256, salt length = digest length (32 bytes). */
export const KALSHI_PSS = {
  padding: constants.RSA_PKCS1_PSS_PADDING,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST
} as const;

/**
 * The signed message: `timestamp_ms + METHOD + path`, where the path keeps its
 * `/trade-api/v2` prefix and drops the query string. The body is never signed.
 */
export function signingMessage(tsMs: number, method: string, path: string): string {
  const q = path.indexOf('?');
  return `${tsMs}${method.toUpperCase()}${q < 0 ? path : path.slice(0, q)}`;
}

/**
 * Signs Kalshi requests with a private key parsed once (a `KeyObject`; re-parsing the PEM on
 * every call costs ~4×). PSS is randomized, so two signatures of one message differ; verify
 * them, never compare them.
 */
export class KalshiSigner {
  constructor(
    private readonly keyId: string,
    private readonly key: KeyObject
  ) {}

  /** Headers for `method path` at wall time `tsMs`. */
  headers(method: string, path: string, tsMs: number): KalshiAuthHeaders {
    const msg = Buffer.from(signingMessage(tsMs, method, path));
    const sig = sign('sha256', msg, { key: this.key, ...KALSHI_PSS }).toString('base64');
    return {
      'KALSHI-ACCESS-KEY': this.keyId,
      'KALSHI-ACCESS-TIMESTAMP': String(tsMs),
      'KALSHI-ACCESS-SIGNATURE': sig
    };
  }
}

interface Prepared {
  readonly headers: KalshiAuthHeaders;
  readonly tsMs: number;
}

/**
 * Signatures prepared ahead of time. Since Kalshi does not sign the body, the headers of the
 * next `POST /trade-api/v2/portfolio/events/orders` can be computed while idle, taking ~0.5 ms
 * of RSA off the hot path. Each prepared set is used once and only while younger than
 * `maxAgeMs` (the venue's allowed clock skew is undocumented, so keep it small).
 */
export class Presigner {
  private readonly ready = new Map<string, Prepared>();

  constructor(
    private readonly signer: KalshiSigner,
    private readonly maxAgeMs: number
  ) {}

  /** Prepares (replaces) one signature for `method path` at wall time `nowMs`. */
  prepare(method: string, path: string, nowMs: number): void {
    const key = `${method} ${path}`;
    this.ready.set(key, { headers: this.signer.headers(method, path, nowMs), tsMs: nowMs });
  }

  /** A prepared signature if one is fresh (consumed), else a freshly computed one. */
  take(
    method: string,
    path: string,
    nowMs: number
  ): { headers: KalshiAuthHeaders; prepared: boolean } {
    const key = `${method} ${path}`;
    const p = this.ready.get(key);
    this.ready.delete(key);
    if (p && nowMs - p.tsMs <= this.maxAgeMs && nowMs >= p.tsMs) {
      return { headers: p.headers, prepared: true };
    }
    return { headers: this.signer.headers(method, path, nowMs), prepared: false };
  }
}
