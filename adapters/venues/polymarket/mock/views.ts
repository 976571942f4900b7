import { randomBytes } from 'node:crypto';
import {
  CONTRACT,
  formatMicro,
  formatQty,
  mulDiv,
  type Micros,
  type Qty
} from '../../../../core/index.js';
import { conditionIdOf } from './sdkMarketRoutes.js';
import type { MockLevel, MockOrder } from './types.js';

const hex32 = (): string => `0x${randomBytes(32).toString('hex')}`;

/** `GET /data/order/{id}` record of an order (status upper case, sizes human decimals). */
export function openOrderJson(
  o: MockOrder,
  owner: string,
  maker: string,
  market: string = conditionIdOf(o.tokenId),
  outcome: 'Yes' | 'No' = 'Yes'
): object {
  return {
    id: o.orderId,
    status: o.status,
    owner,
    maker_address: maker,
    market,
    asset_id: o.tokenId,
    side: o.side,
    original_size: formatQty(o.shares),
    size_matched: formatQty(o.sizeMatched),
    price: formatMicro(mulDiv(o.cash, CONTRACT, o.shares, 'half-up')),
    outcome,
    expiration: '0',
    order_type: o.orderType,
    associate_trades: o.tradeIds,
    created_at: Math.floor(o.createdAtMs / 1000)
  };
}

/** The 200 answer to `POST /order` once matched (amounts as human decimals). */
export function matchedJson(o: MockOrder): object {
  const buy = o.side === 'BUY';
  const shares = formatQty(o.sizeMatched);
  const cash = formatMicro(o.notional);
  return {
    errorMsg: '',
    orderID: o.orderId,
    takingAmount: buy ? shares : cash,
    makingAmount: buy ? cash : shares,
    status: 'matched',
    transactionsHashes: [`0x${'cd'.repeat(32)}`],
    tradeIDs: o.tradeIds,
    success: true
  };
}

/** The 200 answer to a `delayed` order (amounts empty; the match happens later). */
export function delayedJson(o: MockOrder): object {
  return {
    errorMsg: '',
    orderID: o.orderId,
    takingAmount: '',
    makingAmount: '',
    status: 'delayed',
    transactionsHashes: [],
    success: true
  };
}

/** A `GET /data/trades` record of the taker trade of `o`, one maker order per level taken. */
export function tradeJson(
  id: string,
  o: MockOrder,
  qty: Qty,
  notional: Micros,
  taken: readonly MockLevel[],
  owner: string,
  market: string = conditionIdOf(o.tokenId)
): object {
  const now = Math.floor(Date.now() / 1000);
  return {
    id,
    taker_order_id: o.orderId,
    market,
    asset_id: o.tokenId,
    side: o.side,
    size: formatQty(qty),
    fee_rate_bps: '0',
    price: formatMicro(mulDiv(notional, CONTRACT, qty, 'half-up')),
    status: 'MATCHED',
    match_time: String(now),
    last_update: String(now),
    outcome: 'Yes',
    bucket_index: 0,
    owner: owner,
    maker_address: hex32().slice(0, 42),
    maker_orders: taken.map((l) => ({
      order_id: hex32(),
      owner: 'maker',
      maker_address: hex32().slice(0, 42),
      matched_amount: formatQty(l.qty),
      price: formatMicro(l.price),
      fee_rate_bps: '0',
      asset_id: o.tokenId,
      outcome: 'Yes',
      side: o.side === 'BUY' ? 'SELL' : 'BUY'
    })),
    transaction_hash: hex32(),
    trader_side: 'TAKER'
  };
}
