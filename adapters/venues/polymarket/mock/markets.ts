import type { MockExchange } from './exchange.js';

/** A public JSON answer of {@link marketRoute} (status and body). */
export interface MarketAnswer {
  readonly status: number;
  readonly json: unknown;
}

/**
 * The CLOB's full market `GET /markets/{conditionId}` (public), in the venue's shape:
 * `condition_id`, `neg_risk`, `version` (`"v2"` for a Protocol V2 market on ExchangeV3,
 * `"v1"` for CTF markets on the V2 pair), `tokens[].token_id`, tick and minimum size. Condition
 * ids are the ones `/markets-by-token` handed out (`conditions`: condition id → token). Null when
 * not a route of this file.
 */
export function marketRoute(
  ex: MockExchange,
  conditions: ReadonlyMap<string, string>,
  method: string,
  path: string
): MarketAnswer | null {
  if (method !== 'GET' || !path.startsWith('/markets/')) return null;
  const cid = decodeURIComponent(path.slice('/markets/'.length));
  const token = conditions.get(cid);
  if (token === undefined) return { status: 404, json: { error: 'market not found' } };
  const L = ex.listing(token);
  return {
    status: 200,
    json: {
      enable_order_book: true,
      active: true,
      closed: false,
      archived: false,
      accepting_orders: true,
      condition_id: cid,
      minimum_order_size: L.minOrderSize,
      minimum_tick_size: Number(L.tickSize),
      neg_risk: L.kind === 'neg-risk',
      version: L.kind === 'v3' ? 'v2' : 'v1',
      tokens: [{ token_id: token, outcome: 'Yes', price: 0.5, winner: false }]
    }
  };
}
