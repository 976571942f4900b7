/**
 * Which scripted mock faults are still queued. The mocks' fault queues are FIFO and have no
 * "clear": each request of a class takes the next rule of its class. So the campaign counts,
 * from the mocks' request logs, the requests of each class since its last look and knows how
 * many of its rules remain; before the clean run it drains them with harmless requests of its
 * own (a signed Kalshi request with an empty body, an unsigned Polymarket one), which create no
 * order at either venue.
 */
import { constants, sign, type KeyObject } from 'node:crypto';
import type { CampaignVenues } from './venues.js';

/** A class of requests sharing one fault queue position. */
export type FaultClass = 'kalshi:create' | 'kalshi:lookup' | 'poly:order' | 'poly:lookup';

/** The Kalshi V2 create path (pathname suffix) and the order list path. */
export const KALSHI_CREATE = '/portfolio/events/orders';
export const KALSHI_LIST = '/portfolio/orders';

/** Requests of `c` the mocks have seen so far (those that reach the fault queue). */
export function requestsOf(v: CampaignVenues, c: FaultClass): number {
  if (c === 'kalshi:create' || c === 'kalshi:lookup') {
    const [method, path] = c === 'kalshi:create' ? ['POST', KALSHI_CREATE] : ['GET', KALSHI_LIST];
    return v.kalshi
      .requests()
      .filter((r) => r.authOk && r.method === method && r.path.endsWith(path)).length;
  }
  const order = c === 'poly:order';
  return v.polymarket
    .requests()
    .filter((r) =>
      order
        ? r.method === 'POST' && r.path === '/order'
        : r.method === 'GET' && r.path.startsWith('/data/')
    ).length;
}

/** Counts the rules the campaign queued and the requests that took them. */
export class FaultTracker {
  private readonly left = new Map<FaultClass, { rules: number; seen: number }>();

  constructor(private readonly venues: CampaignVenues) {}

  /** Rules of `c` not taken yet. */
  remaining(c: FaultClass): number {
    const e = this.left.get(c);
    if (!e) return 0;
    const seen = requestsOf(this.venues, c);
    e.rules = Math.max(0, e.rules - (seen - e.seen));
    e.seen = seen;
    return e.rules;
  }

  /** Records `n` rules just queued for `c`. */
  queued(c: FaultClass, n: number): void {
    const rules = this.remaining(c);
    this.left.set(c, { rules: rules + n, seen: requestsOf(this.venues, c) });
  }

  /** Takes every rule still queued with harmless requests; returns how many were drained. */
  async drain(): Promise<Record<FaultClass, number>> {
    const out = { 'kalshi:create': 0, 'kalshi:lookup': 0, 'poly:order': 0, 'poly:lookup': 0 };
    for (const c of Object.keys(out) as FaultClass[]) {
      const n = this.remaining(c);
      for (let i = 0; i < n; i++) await harmless(this.venues, c);
      out[c] = n;
      this.remaining(c);
    }
    return out;
  }
}

/** Kalshi's signature headers over `ts + METHOD + pathname` (RSA-PSS SHA-256, salt 32). */
export function kalshiHeaders(
  key: KeyObject,
  keyId: string,
  method: string,
  pathname: string
): Record<string, string> {
  const ts = String(Date.now());
  const sig = sign('sha256', Buffer.from(ts + method + pathname), {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32
  });
  return {
    'KALSHI-ACCESS-KEY': keyId,
    'KALSHI-ACCESS-TIMESTAMP': ts,
    'KALSHI-ACCESS-SIGNATURE': sig.toString('base64')
  };
}

/** One request that takes a rule of `c` and places nothing (answers and errors ignored). */
async function harmless(v: CampaignVenues, c: FaultClass): Promise<void> {
  const signal = AbortSignal.timeout(15_000);
  const go = async (url: string, init: RequestInit): Promise<void> => {
    try {
      const res = await fetch(url, { ...init, signal });
      await res.arrayBuffer();
    } catch {
      // a dropped or slow answer still took the rule
    }
  };
  if (c === 'kalshi:create' || c === 'kalshi:lookup') {
    const url = new URL(v.kalshi.url);
    const create = c === 'kalshi:create';
    const pathname = `${url.pathname}${create ? KALSHI_CREATE : KALSHI_LIST}`;
    const method = create ? 'POST' : 'GET';
    const { kalshiKey, kalshiKeyId } = v.credentials;
    await go(`${url.origin}${pathname}${create ? '' : '?ticker=CAMPAIGN-DRAIN'}`, {
      method,
      headers: {
        ...kalshiHeaders(kalshiKey, kalshiKeyId, method, pathname),
        'content-type': 'application/json'
      },
      ...(create ? { body: '{}' } : {})
    });
    return;
  }
  const order = c === 'poly:order';
  await go(`${v.polymarket.url}${order ? '/order' : '/data/order/campaign-drain'}`, {
    method: order ? 'POST' : 'GET',
    ...(order ? { body: 'drain' } : {})
  });
}
