/**
 * The supervisor refuses configurations that can never work, stops once however often it is
 * asked, reports every order an interrupted execution sent with its real state, names its
 * executions uniquely, and turns a journal that fails mid-close into a result, not a crash.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { ManualClock } from '../actors/manualClock.js';
import { asMicros, asQty } from '../core/index.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  NULL_JOURNAL,
  TwinlegError,
  contracts,
  type Journal,
  type SupervisorOptions
} from '../index.js';
import { testEngine, testMarket } from './support/engine.js';

const clock = new ManualClock();
const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
const base: SupervisorOptions = { markets: [testMarket(1)], venues: { kalshi, polymarket }, clock };

const refusal = (opts: Partial<SupervisorOptions>): string => {
  try {
    new ExecutionSupervisor({ ...base, ...opts });
    return 'accepted';
  } catch (e) {
    expect(e).toBeInstanceOf(TwinlegError);
    expect((e as TwinlegError).code).toBe('invalid_config');
    return (e as Error).message;
  }
};

describe('the constructor refuses what can never work', () => {
  it.each<[string, Partial<SupervisorOptions>, RegExp]>([
    ['a market id ≥ capacity', { markets: [testMarket(512)] }, /0\.\.511/],
    ['a fractional market id', { markets: [testMarket(1.5)] }, /integer/],
    ['a negative market id', { markets: [testMarket(-1)] }, /integer/],
    [
      'a duplicate id',
      { markets: [testMarket(1), { ...testMarket(1), pairId: 'x' }] },
      /duplicate/
    ],
    [
      'adapters in swapped slots',
      { venues: { kalshi: polymarket, polymarket: kalshi } },
      /venues\.kalshi holds the polymarket adapter/
    ],
    ['a timer past 2³¹−1 ms', { config: { legTimeoutMs: 2 ** 31 } }, /legTimeoutMs/],
    [
      'a delayed release past 2³¹−1 ms',
      { config: { delayedReleaseMs: 2 ** 31 } },
      /delayedReleaseMs/
    ]
  ])('%s', (_, opts, why) => {
    expect(refusal(opts)).toMatch(why);
  });

  it('accepts the edge values', () => {
    expect(refusal({ markets: [testMarket(511)], config: { legTimeoutMs: 2 ** 31 - 1 } })).toBe(
      'accepted'
    );
  });
});

describe('execution ids', () => {
  it('two supervisors made in the same millisecond never share a client order id prefix', async () => {
    const c = new ManualClock();
    const opts = { ...base, clock: c };
    const ids = await Promise.all(
      [0, 1].map(async () => {
        const s = new ExecutionSupervisor(opts);
        return (
          await s.submit({
            marketId: 5,
            arbType: 'KalshiOnly',
            yesPrice: asMicros(1),
            noPrice: asMicros(1),
            yesSize: asQty(0),
            noSize: asQty(0),
            detectedNs: 0
          })
        ).executionId;
      })
    );
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('stop()', () => {
  it('is idempotent: a second call returns the same report at once', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    e.kalshi.script({ behaviour: { kind: 'hang', fill: 'none' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.flush();
    const first = e.supervisor.stop({ timeoutMs: 1_000 });
    const second = e.supervisor.stop({ timeoutMs: 60_000 });
    expect(second).toBe(first);
    await e.clock.advance(1_000);
    const report = await first;
    expect((await p).error).toBe('shutdown_interrupted');
    expect(report.interrupted).toHaveLength(1);
    // every order it sent, with its real state: the Kalshi leg was sent and never answered
    const orders = report.interrupted[0]?.orders ?? [];
    expect(orders.map((o) => [o.venue, o.side, o.state, o.clientOrderId])).toEqual([
      ['polymarket', 'yes', 'filled', 't-1-y'],
      ['kalshi', 'no', 'awaiting_answer', 't-1-n']
    ]);
    expect(orders[0]?.orderId).toBeTypeOf('string');
    expect(report.interrupted[0]?.result.legs?.no.status).toBe('awaiting_answer');
  });
});

describe('a journal that fails while a close order is answered', () => {
  it('the close order is unknown and looked up; the execution ends with a result', async () => {
    let failOnce = true;
    const journal: Journal = {
      ...NULL_JOURNAL,
      orderOutcome: (ref) => {
        if (ref.action === 'sell' && failOnce) {
          failOnce = false;
          throw new Error('disk full');
        }
      }
    };
    const e = testEngine({ journal });
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 4]], [[45, 100]]); // NO fills 4: close 6 YES on Polymarket
    e.book('polymarket', 1, 'yes', [[45, 10]], [[40, 100]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle();
    const r = await p;
    expect(r.error).toBe('partial_fill');
    expect(r.unhedgedContracts).toBe(0);
    expect(r.closedContracts).toBe(contracts(6));
    expect(e.polymarket.position(1, 'yes')).toBe(contracts(4));
    expect(failOnce).toBe(false);
  });
});
