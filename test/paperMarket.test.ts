/**
 * Paper mode runs the live path: simulated markets that move, written into the simulated
 * venues and a book store, the detector over the store, the engine executing what it finds
 * against the same books; a fill takes liquidity that the next motion step does not give back.
 */
import { tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { bookUpdates, detectArbitrage } from '../actors/detector/index.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { createPaperMarkets } from '../adapters/feeds/paperMarkets.js';
import {
  createMarketMotion,
  noLadder,
  type MarketMotionOptions
} from '../adapters/venues/common/bookMotion.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  BookStore,
  legVenues,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type MarketPair
} from '../core/index.js';

type Motion = Omit<MarketMotionOptions, 'seed' | 'markets'>;

function world(markets: MarketPair[], motion: Motion, tickMs: number) {
  const clock = new ManualClock();
  const venues = {
    kalshi: new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 }),
    polymarket: new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 })
  };
  const books = new BookStore(markets.map((m) => m.marketId));
  const paper = createPaperMarkets({ clock, seed: 9, venues, markets, books, tickMs, motion });
  const supervisor = new ExecutionSupervisor({ markets, venues, clock });
  const requests: FastExecutionRequest[] = [];
  const mismatches: string[] = [];
  const results: ExecutionResult[] = [];
  const fills: FillRecord[] = [];
  supervisor.results$.subscribe((r) => results.push(r));
  supervisor.fills$.subscribe((f) => fills.push(f));
  const stream = bookUpdates(books).pipe(
    detectArbitrage({ markets, books, clock, isInFlight: (m) => supervisor.isInFlight(m) }),
    tap((r) => {
      requests.push(r);
      // the books the detector read are the books the venues will fill against
      const where = legVenues(r.arbType);
      for (const side of ['yes', 'no'] as const) {
        const venue = venues[where[side]].book(r.marketId, side).asks;
        const store = books.venue(r.marketId, where[side])!.outcome(side).asks.toArray();
        const v = venue.map((l) => [l.price, l.qty]);
        if (JSON.stringify(v) !== JSON.stringify(store)) mismatches.push(`${r.marketId}/${side}`);
      }
    })
  );
  supervisor.connect(stream);
  return { clock, venues, books, paper, supervisor, requests, mismatches, results, fills };
}

describe('paper markets + detector + engine', () => {
  it('executes what the detector finds on moving simulated books, at the books’ prices', async () => {
    const w = world(demoMarkets(6), { dislocation: { probability: 0.05 } }, 500);
    w.paper.start();
    await w.clock.advance(60_000);
    w.paper.stop();
    await w.clock.advance(5_000);
    expect(w.paper.ticks).toBe(120);
    expect(w.requests.length).toBeGreaterThan(3);
    expect(w.mismatches).toEqual([]);
    const ok = w.results.filter((r) => r.success);
    expect(ok.length).toBeGreaterThan(0);
    expect(w.results).toHaveLength(w.requests.length);
    // every buy filled within its request's limit and no better than the books' best ask
    for (const f of w.fills.filter((x) => x.action === 'buy')) {
      const reqs = w.requests.filter((r) => r.marketId === f.marketId);
      const limit = Math.max(...reqs.map((r) => (f.side === 'yes' ? r.yesPrice : r.noPrice)));
      expect(f.avgPrice).toBeLessThanOrEqual(limit);
    }
  });

  it('a fill takes liquidity: the venue book shrinks and the next step does not give it back', async () => {
    const markets = demoMarkets(1);
    const motion: Motion = {
      stepProbability: 0,
      dislocation: { probability: 1, ticks: 50, cents: 6 }
    };
    const w = world(markets, motion, 1e9);
    const twin = createMarketMotion({ ...motion, seed: 9, markets: [0] });
    w.paper.start();
    await w.clock.advance(0);
    expect(w.requests).toHaveLength(0); // the starting books hold no arbitrage
    w.paper.tick(); // the dislocation starts
    twin.tick();
    await w.clock.advance(1_000);
    expect(w.requests).toHaveLength(1);
    expect(w.results[0]?.success).toBe(true);
    const req = w.requests[0]!;
    const where = legVenues(req.arbType);
    const raw1 = twin.current()[0]!;
    // what each leg's venue book lost is exactly what the fills bought
    const taken = new Map<string, number>();
    for (const side of ['yes', 'no'] as const) {
      const v = where[side];
      const ladder = side === 'yes' ? raw1[v] : noLadder(raw1[v]);
      const now = w.venues[v].book(0, side).asks;
      let gone = 0;
      for (const l of ladder.asks) {
        const left = now.find((x) => x.price === l.price)?.qty ?? 0;
        taken.set(`${side}:${l.price}`, l.qty - left);
        gone += l.qty - left;
      }
      const bought = w.fills
        .filter((f) => f.side === side && f.action === 'buy')
        .reduce((s, f) => s + f.contracts, 0);
      expect(bought).toBeGreaterThan(0);
      expect(gone).toBe(bought);
    }
    // nothing re-executes on the same books
    await w.clock.advance(10_000);
    expect(w.requests).toHaveLength(1);
    // the next step (same mids) writes the motion's ladder minus what was taken
    w.paper.tick();
    twin.tick();
    await w.clock.advance(1_000);
    const raw2 = twin.current()[0]!;
    for (const side of ['yes', 'no'] as const) {
      const v = where[side];
      const ladder = side === 'yes' ? raw2[v] : noLadder(raw2[v]);
      const store = w.books.venue(0, v)!.outcome(side).asks;
      for (const l of ladder.asks) {
        const want = Math.max(0, l.qty - (taken.get(`${side}:${l.price}`) ?? 0));
        expect(store.sizeAtPrice(l.price)).toBe(want);
      }
    }
  });
});
