import { take, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  ARB_TYPES,
  CONTRACT,
  legVenues,
  marketRegistry,
  type FastExecutionRequest
} from '../core/index.js';
import { createDemoFeed, type DemoScenario } from '../adapters/feeds/demoFeed.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';

function world(seed: number, ratePerSec?: number) {
  const clock = new ManualClock();
  const venues = {
    kalshi: new SimulatedVenue({ venue: 'kalshi', clock }),
    polymarket: new SimulatedVenue({ venue: 'polymarket', clock })
  };
  const seen: { scenario: DemoScenario; req: FastExecutionRequest; books: string }[] = [];
  const feed = createDemoFeed({
    clock,
    seed,
    venues,
    markets: demoMarkets(),
    ...(ratePerSec === undefined ? {} : { ratePerSec }),
    onScenario: (scenario, req) => {
      const v = legVenues(req.arbType);
      const yes = venues[v.yes].book(req.marketId, 'yes');
      const no = venues[v.no].book(req.marketId, 'no');
      seen.push({ scenario, req, books: JSON.stringify({ yes, no }) });
    }
  });
  return { clock, venues, feed, seen };
}

async function firstN(seed: number, n: number) {
  const w = world(seed);
  const p = firstValueFrom(w.feed.pipe(take(n), toArray()));
  await w.clock.advance(60_000);
  return { ...w, reqs: await p };
}

describe('demo markets', () => {
  it('six named pairs (ids 0..5), one Polymarket market with fees', () => {
    const ms = demoMarkets(6);
    expect(
      marketRegistry(ms)
        .all()
        .map((m) => m.marketId)
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ms.filter((m) => m.fees.polymarket.rateMicros > 0)).toHaveLength(1);
    expect(ms.every((m) => m.fees.kalshi.rateMicros === 70_000)).toBe(true);
  });

  it('24 distinct pairs by default (named ones first), registrable without collisions', () => {
    const ms = demoMarkets();
    expect(ms.map((m) => m.marketId)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(() => marketRegistry(ms)).not.toThrow();
    expect(new Set(ms.map((m) => m.polyYesTokenId)).size).toBe(24);
    expect(ms[0]?.pairId).toBe('fed-2026-03-cut');
  });
});

describe('demo feed', () => {
  it('same seed gives the same 200 requests and books; another seed differs', async () => {
    const a = await firstN(42, 200);
    const b = await firstN(42, 200);
    const c = await firstN(43, 200);
    expect(a.reqs).toHaveLength(200);
    expect(b.reqs).toEqual(a.reqs);
    expect(b.seen.map((s) => s.books)).toEqual(a.seen.map((s) => s.books));
    expect(c.reqs).not.toEqual(a.reqs);
  });

  it('emits duplicates, below-threshold, thin, partial and all four arb types', async () => {
    const { reqs, seen } = await firstN(1, 400);
    const dupes = reqs.filter((r, i) => i > 0 && JSON.stringify(r) === JSON.stringify(reqs[i - 1]));
    expect(dupes.length).toBeGreaterThan(0);
    expect(dupes.every((r) => r.marketId === 0)).toBe(true);
    expect(reqs.some((r) => r.yesPrice + r.noPrice >= 995_000)).toBe(true);
    expect(reqs.some((r) => Math.min(r.yesSize, r.noSize) < CONTRACT)).toBe(true);
    expect(new Set(reqs.map((r) => r.arbType))).toEqual(new Set(ARB_TYPES));
    const kinds = new Set(seen.map((s) => s.scenario));
    expect(kinds).toEqual(new Set(['clean', 'spam', 'belowThreshold', 'thin', 'partial']));
    for (const { scenario, req } of seen) {
      if (scenario === 'clean' || scenario === 'spam' || scenario === 'partial') {
        expect(req.yesPrice + req.noPrice).toBeLessThan(970_000);
        expect(req.yesSize).toBeGreaterThanOrEqual(5 * CONTRACT);
        expect(req.noSize).toBeLessThanOrEqual(200 * CONTRACT);
      }
    }
  });

  it('sets the venues books to match the quote (a partial leg is shallower)', async () => {
    const { seen } = await firstN(5, 300);
    let partials = 0;
    for (const { scenario, req, books } of seen) {
      const b = JSON.parse(books) as Record<
        'yes' | 'no',
        { asks: { price: number; qty: number }[] }
      >;
      expect(b.yes.asks[0]?.price).toBe(req.yesPrice);
      expect(b.no.asks[0]?.price).toBe(req.noPrice);
      const depth = { yes: b.yes.asks[0]?.qty ?? 0, no: b.no.asks[0]?.qty ?? 0 };
      if (scenario === 'partial') {
        partials += 1;
        expect(Math.min(depth.yes, depth.no)).toBeLessThan(Math.min(req.yesSize, req.noSize));
      } else {
        expect(depth).toEqual({ yes: req.yesSize, no: req.noSize });
      }
    }
    expect(partials).toBeGreaterThan(0);
  });

  it('paces ticks on the clock, stamps detectedNs, and clears its timer on unsubscribe', async () => {
    const { clock, feed, seen } = world(3, 20);
    const got: FastExecutionRequest[] = [];
    const sub = feed.subscribe((r) => got.push(r));
    await clock.advance(49);
    expect(got).toEqual([]);
    await clock.advance(951);
    expect(seen).toHaveLength(20);
    expect(seen[0]?.req.detectedNs).toBe(50_000_000);
    expect(clock.pendingTimers()).toBe(1);
    sub.unsubscribe();
    expect(clock.pendingTimers()).toBe(0);
  });
});
