/**
 * One interpreter: the real circuit breaker gives the same answer to a burst whatever is
 * attached. Total limit 12 contracts; A (unprofitable, reserves 10 while it is assessed) and B
 * (wants 10) arrive in one tick through `connect()`. A's reservation ends with A's rejection,
 * inside the same synchronous step, so B gets its 10.
 */
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { contracts, type FastExecutionRequest } from '../core/index.js';
import { testEngine } from './support/engine.js';

async function burst(inspected: boolean) {
  const e = testEngine({
    risk: (clock, logger) =>
      new CircuitBreaker({ clock, logger, config: { maxTotalPosition: contracts(12) } })
  });
  if (inspected) e.supervisor.attachInspector(() => undefined);
  e.book('polymarket', 1, 'yes', [[50, 10]]);
  e.book('kalshi', 1, 'no', [[50, 10]]);
  e.book('polymarket', 2, 'yes', [[45, 10]]);
  e.book('kalshi', 2, 'no', [[50, 10]]);
  const feed = new Subject<FastExecutionRequest>();
  e.supervisor.connect(feed);
  feed.next(e.opp(1, 'PolyYesKalshiNo', 50, 50)); // A: 0¢ a contract before fees
  feed.next(e.opp(2, 'PolyYesKalshiNo', 45, 50)); // B: profitable, wants 10
  await e.clock.runUntilIdle();
  return e.results.map((r) => ({
    market: r.marketId,
    error: r.error,
    matched: r.matchedContracts,
    legs: r.legs ? [r.legs.yes.requested, r.legs.no.requested] : null
  }));
}

describe('the breaker burst', () => {
  it('B fills 10, with or without an inspector attached', async () => {
    const plain = await burst(false);
    expect(plain).toEqual([
      { market: 1, error: 'profit_below_threshold', matched: 0, legs: [0, 0] },
      { market: 2, error: null, matched: contracts(10), legs: [contracts(10), contracts(10)] }
    ]);
    expect(await burst(true)).toEqual(plain);
  });
});
