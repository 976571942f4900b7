/**
 * The position book and the breaker fold fills through core's venue model: a Kalshi buy of
 * the side opposite the net nets (its pairs' $1 realized at once), Polymarket keeps tokens.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import { PositionBook } from '../actors/positionBook.js';
import {
  cents,
  contracts,
  dollars,
  notional,
  ZERO_MICROS,
  type ExecutionResult,
  type FillRecord,
  type Side,
  type Venue
} from '../core/index.js';

const fill = (
  executionId: string,
  platform: Venue,
  side: Side,
  action: 'buy' | 'sell',
  n: number,
  priceCents: number
): FillRecord => ({
  ...{ pairId: 'p1', marketId: 1, description: '', platform, side, action },
  ...{ contracts: contracts(n), avgPrice: cents(priceCents), fee: ZERO_MICROS },
  notional: notional(contracts(n), cents(priceCents)),
  ...{ orderId: undefined, clientOrderId: `${executionId}-${platform}-${side}-${action}` },
  ...{ executionId, timestampNs: 0, wallTimeMs: 0 }
});

const result = (executionId: string, realizedProfit: number): ExecutionResult =>
  ({
    ...{ executionId, marketId: 1, success: true, error: null },
    ...{ matchedContracts: contracts(10), realizedProfit: cents(realizedProfit) },
    ...{ unhedgedContracts: 0, closedContracts: 0, latencyNs: 0 }
  }) as unknown as ExecutionResult;

const ARB1 = [
  fill('a', 'kalshi', 'yes', 'buy', 10, 45),
  fill('a', 'polymarket', 'no', 'buy', 10, 45)
];
const ARB2 = [
  fill('b', 'kalshi', 'no', 'buy', 10, 46),
  fill('b', 'polymarket', 'yes', 'buy', 10, 45)
];

describe('PositionBook', () => {
  it('holds Kalshi net and Polymarket tokens; a netted pair returns $1 of cash', () => {
    const book = new PositionBook();
    for (const f of [...ARB1, ...ARB2]) book.onFill(f);
    const [p] = book.summary().positions;
    expect(p?.venues).toEqual({ kalshiNet: 0, polyYes: contracts(10), polyNo: contracts(10) });
    expect(p?.held).toEqual({
      'kalshi:yes': 0,
      'kalshi:no': 0,
      'polymarket:yes': contracts(10),
      'polymarket:no': contracts(10)
    });
    expect(p?.exposure).toBe(0);
    // paid 4.50 + 4.50 + 4.60 + 4.50, got $10 back from the 10 netted Kalshi pairs
    expect(p?.netCash).toBe(dollars(18.1 - 10));
  });
});

describe('CircuitBreaker', () => {
  it('a netting Kalshi buy realizes its pairs into the day at once; the result settles the rest', () => {
    const cb = new CircuitBreaker({ clock: new ManualClock(1_700_000_000_000) });
    for (const f of ARB1) cb.onFill(f);
    cb.onResult(result('a', 100));
    expect(cb.status().dailyPnl).toBe(cents(100));
    cb.onFill(ARB2[0]!);
    // $10 − 4.60 (NO) − 4.50 (the YES it netted)
    expect(cb.status().dailyPnl).toBe(cents(100 + 90));
    expect(cb.holdings(1)).toEqual({ kalshiNet: 0, polyYes: 0, polyNo: contracts(10) });
    cb.onFill(ARB2[1]!);
    cb.onResult(result('b', 90));
    // the day is what the two executions realized, nothing counted twice
    expect(cb.status().dailyPnl).toBe(cents(190));
    expect(cb.status().positions).toEqual([
      expect.objectContaining({
        marketId: 1,
        yes: contracts(10),
        no: contracts(10),
        contracts: contracts(10)
      })
    ]);
  });
});
