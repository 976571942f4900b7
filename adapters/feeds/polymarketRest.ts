import { thrownText, TwinlegError, type Clock } from '../../core/index.js';

/** Polymarket's CLOB REST root (PROTOCOLS.md §2.5). */
export const POLYMARKET_CLOB_URL = 'https://clob.polymarket.com';

/** Fetches one token's REST book as untrusted JSON (the feed validates it). */
export type PolyBookFetcher = (tokenId: string) => Promise<unknown>;

/**
 * A {@link PolyBookFetcher} over `fetch`: `GET <restBase>/book?token_id=<id>`, aborted after
 * `timeoutMs` on the injected clock. Rejects with `venue_unreachable` / `venue_protocol`.
 */
export function polyBookFetcher(
  restBase: string,
  clock: Clock,
  timeoutMs = 5_000
): PolyBookFetcher {
  const root = restBase.replace(/\/+$/, '');
  return async (tokenId) => {
    const ac = new AbortController();
    const t = clock.setTimeout(() => ac.abort(), timeoutMs);
    try {
      const url = `${root}/book?token_id=${encodeURIComponent(tokenId)}`;
      let res: Response;
      try {
        res = await fetch(url, { signal: ac.signal });
      } catch (e) {
        throw new TwinlegError('venue_unreachable', `GET /book: ${thrownText(e)}`);
      }
      if (!res.ok) throw new TwinlegError('venue_protocol', `GET /book: HTTP ${res.status}`);
      try {
        return await res.json();
      } catch (e) {
        throw new TwinlegError('venue_protocol', `GET /book: ${thrownText(e)}`);
      }
    } finally {
      clock.clearTimeout(t);
    }
  };
}
