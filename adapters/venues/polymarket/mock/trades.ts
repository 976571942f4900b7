/**
 * `GET /data/trades` as the CLOB answers it (clob-client-v2 `getTrades` / `TradeParams`,
 * venue-protocols.md §2.7): filters `id`, `market` (condition id), `asset_id`, `maker_address`,
 * `before` and `after` (Unix seconds, on `match_time`), newest first, pages of `pageSize` with
 * `next_cursor` (base64 of the next offset; `MA==` is the first page, `LTE=` means no more).
 */
import type { MockExchange } from './exchange.js';

/** A trades page. */
export interface TradesPage {
  readonly data: readonly object[];
  readonly next_cursor: string;
  readonly limit: number;
  readonly count: number;
}

/** The SDK's end-of-list cursor. */
const END = 'LTE=';

const field = (t: object, k: string): unknown => (t as Record<string, unknown>)[k];

/** One page of the account's trades matching the query (see the module comment). */
export function tradesPage(ex: MockExchange, q: URLSearchParams, pageSize: number): TradesPage {
  const eq = (k: string, v: unknown): boolean => {
    const want = q.get(k);
    return want === null || want === '' || String(v).toLowerCase() === want.toLowerCase();
  };
  const after = Number(q.get('after') ?? '');
  const before = Number(q.get('before') ?? '');
  const all = [...ex.trades.values()].reverse().filter((t) => {
    const at = Number(field(t, 'match_time'));
    return (
      eq('id', field(t, 'id')) &&
      eq('market', field(t, 'market')) &&
      eq('asset_id', field(t, 'asset_id')) &&
      eq('maker_address', field(t, 'maker_address')) &&
      (!Number.isFinite(after) || q.get('after') === null || at >= after) &&
      (!Number.isFinite(before) || q.get('before') === null || at <= before)
    );
  });
  const cursor = q.get('next_cursor') ?? 'MA==';
  const start = Number(Buffer.from(cursor, 'base64').toString('utf8')) || 0;
  const data = all.slice(start, start + pageSize);
  const next = start + pageSize;
  return {
    data,
    next_cursor: next < all.length ? Buffer.from(String(next)).toString('base64') : END,
    limit: pageSize,
    count: data.length
  };
}
