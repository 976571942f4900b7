/**
 * The simulated venues' lifecycle read by the landed MarketWatch, as paper mode will wire it
 * (`MarketStateRead` = the simulated venue's `marketState`): every cycle of every market is
 * reported resolved once per venue, with the same payout on both venues, and the close
 * guard holds a market from `guardMs` before its close until the next cycle opens.
 */
import { describe, expect, it } from 'vitest';
import { MarketWatch } from '../actors/lifecycle/marketWatch.js';
import { ManualClock } from '../actors/manualClock.js';
import {
  SILENT_LOGGER,
  type MarketPair,
  type Venue,
  type VenueMarketState
} from '../core/index.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { MarketSchedule, SimulatedVenue } from '../adapters/venues/simulated/index.js';

const LIFE = { lifetimeMs: 120_000, seed: 11 }; // closed 6 s, resolved 12 s
const markets = demoMarkets(6);

describe('paper lifecycle through the market watch', () => {
  it('each cycle resolves once per venue, the same outcome on both; the guard holds the close', async () => {
    const clock = new ManualClock();
    const sim: Record<Venue, SimulatedVenue> = {
      kalshi: new SimulatedVenue({ venue: 'kalshi', clock, lifecycle: LIFE }),
      polymarket: new SimulatedVenue({ venue: 'polymarket', clock, seed: 2, lifecycle: LIFE })
    };
    const resolved: { m: number; s: VenueMarketState }[] = [];
    const watch = new MarketWatch({
      markets,
      read: (m: MarketPair, v: Venue) => Promise.resolve(sim[v].marketState(m.marketId)),
      clock,
      log: SILENT_LOGGER,
      pollMs: 2_000,
      guardMs: 10_000,
      onResolved: (m, s) => resolved.push({ m: m.marketId, s })
    });
    await watch.start();
    let heldWhileOpen = 0;
    const end = 400_000;
    for (let t = 0; t < end; t += 2_000) {
      await clock.advance(2_000);
      // a market is held exactly when it is closing within the guard, closed or resolved
      for (const m of markets) {
        const s = sim.kalshi.marketState(m.marketId);
        const closing = s.phase !== 'open' || s.closeWallMs! - clock.wallMs() <= 10_000;
        const held = watch.holds().some((h) => h.marketId === m.marketId);
        if (held !== closing) heldWhileOpen += 1;
      }
    }
    watch.stop();
    expect(heldWhileOpen).toBe(0);
    const sched = new MarketSchedule(LIFE);
    for (const m of markets) {
      // cycles resolved by the end (a resolution seen at the poll after it)
      let cycles = 0;
      while (sched.at(m.marketId, sched.closeAtMs(m.marketId, cycles) + 6_000).resolveAtMs <= end)
        cycles += 1;
      for (const v of ['kalshi', 'polymarket'] as const) {
        const mine = resolved.filter((r) => r.m === m.marketId && r.s.venue === v);
        expect(mine.map((r) => r.s.yesPayout)).toEqual(
          Array.from({ length: cycles }, (_, c) => sched.yesPayout(m.marketId, c))
        );
        expect(new Set(mine.map((r) => r.s.closeWallMs)).size).toBe(cycles);
      }
    }
    expect(resolved.length).toBeGreaterThanOrEqual(6 * 2 * 2);
  });
});
