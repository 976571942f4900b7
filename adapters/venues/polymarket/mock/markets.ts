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
 * ids are the ones `/markets-by-token` handed out (`conditions`: condition id → token). A
 * pair's market lists both tokens (outcomes Yes/No) and, with a lifecycle, `closed`,
 * `accepting_orders`, `end_date_iso` and the resolved outcome's `winner`. Null when not a route
 * of this file.
 */
export function marketRoute(
  ex: MockExchange,
  conditions: ReadonlyMap<string, string>,
  method: string,
  path: string
): MarketAnswer | null {
  if (method !== 'GET' || !path.startsWith('/markets/')) return null;
  const cid = decodeURIComponent(path.slice('/markets/'.length));
  const pair = ex.life?.pairOf(cid);
  const token = pair?.yesTokenId ?? conditions.get(cid);
  if (token === undefined) return { status: 404, json: { error: 'market not found' } };
  const L = ex.listing(token);
  const st = pair && ex.life ? ex.life.status(pair) : null;
  const tokens = pair
    ? [
        { token_id: pair.yesTokenId, outcome: 'Yes', price: 0.5, winner: st?.winner === 'yes' },
        { token_id: pair.noTokenId, outcome: 'No', price: 0.5, winner: st?.winner === 'no' }
      ]
    : [{ token_id: token, outcome: 'Yes', price: 0.5, winner: false }];
  return {
    status: 200,
    json: {
      enable_order_book: true,
      active: true,
      closed: st?.closed ?? false,
      archived: false,
      accepting_orders: st?.acceptingOrders ?? true,
      ...(st?.endMs == null ? {} : { end_date_iso: new Date(st.endMs).toISOString() }),
      condition_id: cid,
      minimum_order_size: L.minOrderSize,
      minimum_tick_size: Number(L.tickSize),
      neg_risk: L.kind === 'neg-risk',
      version: L.kind === 'v3' ? 'v2' : 'v1',
      tokens
    }
  };
}

/**
 * Gamma's market list `GET /markets?clob_token_ids=…` / `?position_ids=…` (public; the mock
 * serves it on the CLOB's port), in Gamma's shape: an array of markets with `conditionId` (the
 * one `/markets-by-token` hands out), `version` (`"v2"` for a token listed `v3`, else `"v1"`),
 * `negRisk`, `clobTokenIds` (JSON text; the token of a v1 market) and `positionIds` (an array;
 * the token of a v2 market). A filter matches only the id field the market's version trades
 * with. Null when not a route of this file.
 */
export function gammaRoute(
  ex: MockExchange,
  method: string,
  path: string,
  q: URLSearchParams
): MarketAnswer | null {
  if (method !== 'GET' || path !== '/markets') return null;
  const ids = (name: string) =>
    q
      .getAll(name)
      .flatMap((v) => v.split(','))
      .filter((t) => /^\d+$/.test(t));
  const byToken = ids('clob_token_ids').filter((t) => ex.listing(t).kind !== 'v3');
  const byPosition = ids('position_ids').filter((t) => ex.listing(t).kind === 'v3');
  const json = [...new Set([...byToken, ...byPosition])].map((t, i) => {
    const L = ex.listing(t);
    const v2 = L.kind === 'v3';
    return {
      id: String(i + 1),
      conditionId: ex.conditionOf(t),
      question: `mock market of ${t}`,
      outcomes: JSON.stringify(['Yes', 'No']),
      active: true,
      closed: false,
      acceptingOrders: true,
      enableOrderBook: true,
      orderPriceMinTickSize: Number(L.tickSize),
      orderMinSize: L.minOrderSize,
      negRisk: L.kind === 'neg-risk',
      version: v2 ? 'v2' : 'v1',
      clobTokenIds: JSON.stringify(v2 ? [] : [t]),
      positionIds: v2 ? [t] : []
    };
  });
  return { status: 200, json };
}
