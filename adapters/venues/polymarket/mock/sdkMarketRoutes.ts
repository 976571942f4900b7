import { createHash } from 'node:crypto';
import { formatMicro, formatQty } from '../../../../core/index.js';
import { polyBookHash } from '../../../feeds/polymarketHash.js';
import type { MockExchange } from './exchange.js';
import type { MockLevel } from './types.js';

/** A public JSON answer (status and body). */
export interface PublicAnswer {
  readonly status: number;
  readonly json: unknown;
}

/** The deterministic condition id the mock gives a token (`0x` + sha256 of its id). */
export const conditionIdOf = (tokenId: string): string =>
  `0x${createHash('sha256').update(tokenId).digest('hex')}`;

/** The tokens of a token's market: both of its pair, else itself. */
export function tokensOf(ex: MockExchange, tokenId: string): string[] {
  const p = ex.life?.pairOf(ex.conditionOf(tokenId));
  return p ? [p.yesTokenId, p.noTokenId] : [tokenId];
}

const level = (l: MockLevel): { price: string; size: string } => ({
  price: formatMicro(l.price),
  size: formatQty(l.qty)
});

/**
 * The public market-data routes the official SDK reads before a market order
 * (`createMarketOrder`): `GET /markets-by-token/{token}` (`{condition_id}`),
 * `GET /clob-markets/{conditionId}` (compact info: `mts` tick, `nr` neg risk, `fd` fee rate and
 * exponent, `t[]` tokens) and `GET /book?token_id=` (asks best-last and bids best-last, as the
 * CLOB orders them and the SDK's `calculateBuyMarketPrice` reads them). Null when not a route
 * of this file. Condition ids are learned from `/markets-by-token`.
 */
export function sdkMarketRoute(
  ex: MockExchange,
  conditions: Map<string, string>,
  method: string,
  path: string,
  q: URLSearchParams
): PublicAnswer | null {
  if (method !== 'GET') return null;
  if (path.startsWith('/markets-by-token/')) {
    const token = decodeURIComponent(path.slice('/markets-by-token/'.length));
    if (!/^\d+$/.test(token)) return { status: 400, json: { error: 'invalid token id' } };
    const cid = ex.conditionOf(token); // a pair's two tokens share one market
    const primary = ex.life?.pairOf(cid)?.yesTokenId ?? token;
    conditions.set(cid, primary);
    return { status: 200, json: { condition_id: cid, primary_token_id: primary } };
  }
  if (path.startsWith('/clob-markets/')) {
    const token = conditions.get(decodeURIComponent(path.slice('/clob-markets/'.length)));
    if (token === undefined) return { status: 404, json: { error: 'market not found' } };
    const L = ex.listing(token);
    const json = {
      mts: Number(L.tickSize),
      nr: L.kind === 'neg-risk',
      fd: { r: 0, e: 0 },
      t: tokensOf(ex, token).map((t) => ({ t, o: ex.life?.outcomeOf(t) ?? 'Yes' }))
    };
    return { status: 200, json };
  }
  if (path === '/book') {
    const token = q.get('token_id') ?? '';
    const L = ex.listing(token);
    const book = ex.books.get(token) ?? { asks: [], bids: [] };
    const json = {
      market: ex.conditionOf(token),
      asset_id: token,
      timestamp: String(Date.now()),
      hash: '',
      bids: [...book.bids].reverse().map(level),
      asks: [...book.asks].reverse().map(level),
      min_order_size: String(L.minOrderSize),
      tick_size: L.tickSize,
      neg_risk: L.kind === 'neg-risk',
      last_trade_price: '0.5'
    };
    // signed like the venue's (the recipe the feed checks), so resyncs from the mock verify
    return { status: 200, json: { ...json, hash: polyBookHash(json) ?? '' } };
  }
  return null;
}
