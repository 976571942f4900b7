/**
 * Property tests: whatever the sequence of opportunities, fills (partial, price-improved),
 * auto-close sells, results and clock moves, no position exceeds its limits — contracts or
 * dollars, per market or in total — when every execution sizes to the verdict's capacity (as
 * the execution machine does). And a disabled breaker never blocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  MAX_LIMIT,
  type BreakerConfigInput
} from '../actors/circuitBreaker/index.js';
import {
  absQty,
  asMicros,
  asQty,
  CENT,
  CONTRACT,
  floorToContracts,
  maxMicros,
  minQty,
  mulDiv,
  notional,
  subMicros,
  subQty,
  addQty,
  USD,
  ZERO_MICROS,
  ZERO_QTY,
  type Clock,
  type ErrorCode,
  type ExecutionResult,
  type FillRecord,
  type Micros,
  type Qty,
  type Side
} from '../core/index.js';
import { testMarket } from './support/engine.js';

/** A synchronous clock: the property runs thousands of steps without awaiting. */
function fakeClock(): Clock & { ms: number } {
  return {
    ms: 0,
    nowNs() {
      return this.ms * 1_000_000;
    },
    wallMs() {
      return Date.UTC(2026, 0, 1) + this.ms;
    },
    setTimeout: () => 0,
    clearTimeout: () => undefined
  };
}

const market = fc.integer({ min: 0, max: 3 });
const side = fc.constantFrom<Side>('yes', 'no');
const permille = fc.integer({ min: 0, max: 1_000 });
const price = fc.integer({ min: 1, max: 999 }).map((p) => asMicros(p * 1_000)); // 0.1¢ ticks
const command = fc.oneof(
  fc.record({
    t: fc.constant('start' as const),
    m: market,
    yes: price,
    no: price,
    size: fc.integer({ min: 0, max: 300 * CONTRACT }).map(asQty)
  }),
  fc.record({
    t: fc.constant('fill' as const),
    m: market,
    side,
    frac: permille,
    improve: permille
  }),
  fc.record({ t: fc.constant('close' as const), m: market, side, frac: permille, price }),
  fc.record({
    t: fc.constant('finish' as const),
    m: market,
    pnl: fc.integer({ min: -5 * USD, max: 5 * USD }).map(asMicros)
  }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400_000 }) })
);
const limits = fc.record({
  maxPositionPerMarket: fc.integer({ min: 0, max: 80 * CONTRACT }),
  maxTotalPosition: fc.integer({ min: 0, max: 200 * CONTRACT }),
  maxPositionPerMarketUsd: fc.integer({ min: 0, max: 60 * USD }),
  maxTotalPositionUsd: fc.integer({ min: 0, max: 150 * USD }),
  maxConsecutiveErrors: fc.integer({ min: 1, max: 6 }),
  blacklistThreshold: fc.integer({ min: 1, max: 4 }),
  maxDailyLoss: fc.integer({ min: 0, max: 20 * USD })
});

interface Exec {
  id: string;
  q: Qty;
  price: Record<Side, Micros>;
  filled: Record<Side, Qty>;
  closed: Record<Side, Qty>;
  legDone: Record<Side, boolean>;
}

type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

/** Plays commands the way the engine would; calls `check` after every step. */
function play(
  cfg: BreakerConfigInput,
  cmds: readonly Command[],
  check: (cb: CircuitBreaker) => void
): void {
  const clock = fakeClock();
  const cb = new CircuitBreaker({ clock, config: cfg });
  const live = new Map<number, Exec>();
  let n = 0;
  const result = (m: number, over: Partial<ExecutionResult>): ExecutionResult => ({
    executionId: `x${++n}`,
    marketId: m,
    success: false,
    error: 'execution_failed',
    matchedContracts: ZERO_QTY,
    realizedProfit: ZERO_MICROS,
    unhedgedContracts: ZERO_QTY,
    closedContracts: ZERO_QTY,
    latencyNs: 0,
    ...over
  });
  const fill = (
    m: number,
    x: Exec,
    s: Side,
    action: 'buy' | 'sell',
    qty: Qty,
    px: Micros
  ): FillRecord => ({
    pairId: `pair-${m}`,
    marketId: m,
    description: '',
    platform: 'kalshi',
    side: s,
    action,
    contracts: qty,
    avgPrice: px,
    notional: notional(qty, px),
    fee: notional(qty, CENT, 'ceil'),
    orderId: undefined,
    clientOrderId: `${x.id}-${s}`,
    executionId: x.id,
    timestampNs: clock.nowNs(),
    wallTimeMs: clock.wallMs()
  });
  for (const c of cmds) {
    const x = c.t === 'advance' ? undefined : live.get(c.m);
    if (c.t === 'advance') clock.ms += c.ms;
    else if (c.t === 'start') {
      if (x) {
        cb.onResult(result(c.m, { error: 'already_in_flight' }));
      } else {
        const req = {
          marketId: c.m,
          arbType: 'KalshiOnly' as const,
          yesPrice: c.yes,
          noPrice: c.no,
          yesSize: c.size,
          noSize: c.size,
          detectedNs: 0
        };
        const v = cb.assess(req, testMarket(c.m));
        const q = minQty(floorToContracts(c.size), floorToContracts(v.capacity));
        const code: ErrorCode | null = v.blocked ?? (q < CONTRACT ? 'circuit_breaker' : null);
        if (code) cb.onResult(result(c.m, { error: code }));
        else {
          const id = `x${++n}`;
          const zero = { yes: ZERO_QTY, no: ZERO_QTY };
          live.set(c.m, {
            id,
            q,
            price: { yes: c.yes, no: c.no },
            filled: { ...zero },
            closed: { ...zero },
            legDone: { yes: false, no: false }
          });
        }
      }
    } else if (c.t === 'fill' && x && !x.legDone[c.side]) {
      x.legDone[c.side] = true;
      const qty = mulDiv(x.q, c.frac, 1_000);
      const px = maxMicros(
        asMicros(1),
        subMicros(x.price[c.side], mulDiv(x.price[c.side], c.improve, 2_000))
      );
      x.filled[c.side] = qty;
      if (qty > 0) cb.onFill(fill(c.m, x, c.side, 'buy', qty, px));
    } else if (c.t === 'close' && x) {
      const qty = mulDiv(subQty(x.filled[c.side], x.closed[c.side]), c.frac, 1_000);
      x.closed[c.side] = addQty(x.closed[c.side], qty);
      if (qty > 0) cb.onFill(fill(c.m, x, c.side, 'sell', qty, c.price));
    } else if (c.t === 'finish' && x) {
      live.delete(c.m);
      const { yes, no } = x.filled;
      const error = yes !== no ? 'partial_fill' : yes > 0 ? null : 'execution_failed';
      const open = absQty(subQty(subQty(yes, x.closed.yes), subQty(no, x.closed.no)));
      cb.onResult({
        ...result(c.m, {
          error,
          success: error === null,
          realizedProfit: c.pnl,
          unhedgedContracts: open
        }),
        executionId: x.id
      });
    }
    check(cb);
  }
}

describe('circuit breaker properties', () => {
  it('no sequence lets a position exceed its limits (contracts and dollars, per market and total)', () => {
    fc.assert(
      fc.property(limits, fc.array(command, { maxLength: 120 }), (cfg, cmds) => {
        play(cfg, cmds, (cb) => {
          const s = cb.status();
          for (const p of s.positions) {
            expect(p.contracts).toBeLessThanOrEqual(cfg.maxPositionPerMarket);
            expect(p.costBasis).toBeLessThanOrEqual(cfg.maxPositionPerMarketUsd);
          }
          expect(s.totals.contracts).toBeLessThanOrEqual(cfg.maxTotalPosition);
          expect(s.totals.costBasis).toBeLessThanOrEqual(cfg.maxTotalPositionUsd);
        });
      }),
      { numRuns: 400 }
    );
  });

  it('a disabled breaker never blocks or caps, whatever happens', () => {
    fc.assert(
      fc.property(limits, fc.array(command, { maxLength: 80 }), (cfg, cmds) => {
        const clock = fakeClock();
        play({ ...cfg, enabled: false }, cmds, (cb) => {
          for (let m = 0; m < 4; m++) {
            const req = {
              marketId: 9,
              arbType: 'KalshiOnly' as const,
              yesPrice: asMicros(500_000),
              noPrice: asMicros(400_000),
              yesSize: CONTRACT,
              noSize: CONTRACT,
              detectedNs: clock.nowNs()
            };
            expect(cb.assess(req, testMarket(9))).toEqual({
              blocked: null,
              capacity: Number.MAX_SAFE_INTEGER
            });
          }
        });
      }),
      { numRuns: 150 }
    );
  });

  it('no overflow at the largest limits: capacity is exact past 2^53 intermediate products', () => {
    const cb = new CircuitBreaker({
      clock: fakeClock(),
      config: {
        maxPositionPerMarket: MAX_LIMIT,
        maxTotalPosition: MAX_LIMIT,
        maxPositionPerMarketUsd: MAX_LIMIT,
        maxTotalPositionUsd: MAX_LIMIT
      }
    });
    const req = {
      marketId: 1,
      arbType: 'KalshiOnly' as const,
      yesPrice: asMicros(750_001),
      noPrice: asMicros(750_000),
      yesSize: asQty(MAX_LIMIT),
      noSize: asQty(MAX_LIMIT),
      detectedNs: 0
    };
    const want = Number((BigInt(MAX_LIMIT) * 1_000_000n) / 1_500_001n);
    expect(cb.assess(req, testMarket(1))).toEqual({ blocked: null, capacity: want });
    expect(Number.isSafeInteger(want)).toBe(true);
  });
});
