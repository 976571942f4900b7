/**
 * The issue-13 faults of a scenario, drawn from their own seeded stream (`fork(13)` of the
 * seed) so that a scenario with every switch off is exactly the scenario of before:
 * - crash at the n-th order intent: journaled, never dispatched (Kalshi: while it waits in the
 *   write token bucket; Polymarket: never signed, or signed but never posted);
 * - crash at the n-th fill committed to the ledger, before any derived state (breaker,
 *   position book, breaker snapshot) learns it;
 * - a graceful stop whose timeout expires while an execution reconciles or closes, then a
 *   restart;
 * - a second process opening the same ledger while the first runs;
 * - opposite-direction executions with leg mismatches on one market (thin books on one leg).
 */
import { Random } from '../adapters/random.js';
import type { BookInput } from '../adapters/venues/simulated/index.js';
import { cents, contracts, type ArbType, type MarketPair } from '../core/index.js';
import type { OppSpec } from './scenario.js';
import type { Switches } from './switches.js';

/** When and how the issue-13 faults strike (null: not in this scenario). */
export interface Plan13 {
  /** Crash right after the n-th order intent is journaled (before it is sent). */
  readonly crashAtIntent: { readonly nth: number; readonly polySigned: boolean } | null;
  /** Crash right after the n-th fill is committed to the ledger. */
  readonly crashAtFillCommit: number | null;
  /** Stop with this timeout as soon as an execution is in `during`, then restart. */
  readonly stopTimeout: {
    readonly during: 'reconcile' | 'autoClose';
    readonly timeoutMs: number;
  } | null;
  /** Simulated time at which a second process tries to open the ledger. */
  readonly secondWriterAtMs: number | null;
  /** Extra opportunities: opposite directions with mismatched legs on one market. */
  readonly opposite: readonly OppSpec[];
}

const thin = (price: number, depth: number): BookInput => ({
  asks: [{ price: cents(price), qty: contracts(depth) }],
  bids: [
    { price: cents(Math.max(1, price - 2)), qty: contracts(20) },
    { price: cents(Math.max(1, price - 6)), qty: contracts(30) }
  ]
});

function oppositePairs(rng: Random, market: MarketPair, endMs: number): OppSpec[] {
  const out: OppSpec[] = [];
  const dirs: readonly ArbType[] = ['KalshiYesPolyNo', 'PolyYesKalshiNo'];
  let t = rng.int(200, 2_000);
  for (let i = rng.int(2, 4); i > 0; i--) {
    for (const arbType of rng.chance(0.5) ? dirs : [...dirs].reverse()) {
      const yesC = rng.int(30, 60);
      const noC = 100 - yesC - rng.int(3, 8);
      const size = rng.int(3, 12);
      // one leg's book is thin: that leg fills short and the other leg's excess must close
      const short = rng.int(0, size - 1);
      const yesThin = rng.chance(0.5);
      out.push({
        atMs: t,
        marketId: market.marketId,
        arbType,
        yesPrice: cents(yesC),
        noPrice: cents(noC),
        yesSize: contracts(size),
        noSize: contracts(size),
        books: {
          yes: thin(yesC, yesThin ? short : size + 10),
          no: thin(noC, yesThin ? size + 10 : short)
        }
      });
      t += rng.int(300, 6_000);
    }
    t = Math.min(t, endMs + 10_000);
  }
  return out;
}

/** Draws the issue-13 faults of `seed` for the switches that are on. */
export function drawPlan13(
  seed: number,
  sw: Switches,
  markets: readonly MarketPair[],
  endMs: number
): Plan13 {
  const rng = new Random(seed).fork(13);
  const on = (s: boolean) => rng.chance(0.35) && s;
  const intent = on(sw.crashAtIntent);
  const fill = on(sw.crashAtFillCommit);
  const stop = on(sw.stopTimeout);
  const second = on(sw.secondWriter);
  const opposite = on(sw.oppositeMismatch);
  return {
    crashAtIntent: intent ? { nth: rng.int(1, 12), polySigned: rng.chance(0.5) } : null,
    crashAtFillCommit: fill ? rng.int(1, 10) : null,
    stopTimeout: stop
      ? {
          during: rng.chance(0.5) ? 'reconcile' : 'autoClose',
          timeoutMs: rng.int(0, 1_500)
        }
      : null,
    secondWriterAtMs: second ? rng.int(0, Math.max(1, endMs)) : null,
    opposite: opposite && markets[0] ? oppositePairs(rng, rng.pick(markets), endMs) : []
  };
}
