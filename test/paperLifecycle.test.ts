/**
 * Paper mode lives a day too: the simulated venues' recurring market lifecycle. A market cycles
 * open → closed → resolved → open (new close time) on the venue clock; at resolution each venue
 * pays what it holds (both venues the same seeded outcome) and clears it; an order on a market
 * that is not open is refused `market_closed`; the demo feed only emits on open markets. Without
 * a lifecycle nothing changes (markets never close).
 */
import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  cents,
  contracts,
  negQty,
  USD,
  ZERO_MICROS,
  type MarketPair,
  type OrderRequest,
  type Side,
  type Venue
} from '../core/index.js';
import { createDemoFeed } from '../adapters/feeds/demoFeed.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import {
  MarketSchedule,
  SimulatedVenue,
  type MarketLifecycleOptions
} from '../adapters/venues/simulated/index.js';

const LIFE: MarketLifecycleOptions = {
  lifetimeMs: 120_000,
  closedMs: 5_000,
  resolvedMs: 10_000,
  seed: 7
};
const markets = demoMarkets(6);
const M1 = markets[1]!;

function world(lifecycle: MarketLifecycleOptions | null = LIFE) {
  const clock = new ManualClock();
  const opt = lifecycle ? { lifecycle } : {};
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1, ...opt });
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2, ...opt });
  return { clock, kalshi, polymarket };
}

let n = 0;
const buy = (venue: Venue, market: MarketPair, side: Side, qty: number): OrderRequest => ({
  venue,
  market,
  side,
  action: 'buy',
  qty: contracts(qty),
  limitPrice: cents(50),
  clientOrderId: `c${++n}`,
  executionId: `e${n}`,
  reduceOnly: false
});

/** Places an order and lets the venue's 0 ms timers run (time does not move). */
async function place(clock: ManualClock, v: SimulatedVenue, o: OrderRequest) {
  const p = v.placeOrder(o, new AbortController().signal);
  await clock.advance(0);
  return p;
}

function stock(v: SimulatedVenue, id: number): void {
  for (const side of ['yes', 'no'] as const)
    v.setBook(id, side, { asks: [{ price: cents(45), qty: contracts(100) }], bids: [] });
}

describe('market schedule', () => {
  it('cycles open → closed → resolved → open, staggered per market, seeded', () => {
    const s = new MarketSchedule(LIFE);
    const a = s.at(1, 0);
    expect(a.phase).toBe('open');
    expect(s.at(1, a.closeAtMs - 1).phase).toBe('open');
    expect(s.at(1, a.closeAtMs)).toMatchObject({ phase: 'closed', cycle: a.cycle });
    expect(s.at(1, a.resolveAtMs)).toMatchObject({ phase: 'resolved', cycle: a.cycle });
    const next = s.at(1, a.resolveAtMs + 10_000);
    expect(next).toMatchObject({ phase: 'open', cycle: a.cycle + 1 });
    expect(next.closeAtMs).toBe(a.closeAtMs + 135_000);
    // staggered: the six markets' first closes all differ
    const closes = new Set(markets.map((m) => s.at(m.marketId, 0).closeAtMs));
    expect(closes.size).toBe(6);
    // seeded: the same options give the same outcomes, both outcomes occur over cycles
    const outcomes = Array.from({ length: 40 }, (_, c) => s.yesPayout(1, c));
    expect(outcomes).toEqual(
      Array.from({ length: 40 }, (_, c) => new MarketSchedule(LIFE).yesPayout(1, c))
    );
    expect(new Set(outcomes)).toEqual(new Set([USD, ZERO_MICROS]));
  });
});

describe('simulated venues with a lifecycle', () => {
  it('a market resolves on both venues with the same outcome, pays the holdings and clears them; the next cycle opens', async () => {
    const { clock, kalshi, polymarket } = world();
    stock(kalshi, 1);
    stock(polymarket, 1);
    expect((await place(clock, kalshi, buy('kalshi', M1, 'yes', 10))).status).toBe('filled');
    expect((await place(clock, polymarket, buy('polymarket', M1, 'no', 10))).status).toBe('filled');
    expect(polymarket.holdings(1).polyNo).toBe(contracts(10));
    const open = kalshi.marketState(1);
    const m2close = kalshi.marketState(2).closeWallMs!;
    expect(open).toMatchObject({ venue: 'kalshi', phase: 'open', yesPayout: null });
    expect(polymarket.marketState(1).closeWallMs).toBe(open.closeWallMs);
    expect(open.closeWallMs).toBeGreaterThan(clock.wallMs());

    // closed: no trading, nothing paid yet, the holdings are still there
    await clock.advance(open.closeWallMs! - clock.wallMs());
    expect(kalshi.marketState(1)).toMatchObject({ phase: 'closed', yesPayout: null });
    expect(kalshi.holdings(1).kalshiNet).toBe(contracts(10));
    expect(kalshi.settlementPaid(1)).toBeNull();

    // resolved: the same outcome on both venues, the holdings paid and cleared
    await clock.advance(5_000);
    const k = kalshi.marketState(1);
    const p = polymarket.marketState(1);
    expect(k.phase).toBe('resolved');
    expect(p).toMatchObject({
      phase: 'resolved',
      yesPayout: k.yesPayout,
      closeWallMs: open.closeWallMs
    });
    expect(kalshi.holdings(1).kalshiNet).toBe(0);
    expect(polymarket.holdings(1).polyNo).toBe(0);
    expect(kalshi.heldMarkets()).toEqual([]);
    const yesWon = k.yesPayout === USD;
    const ks = kalshi.settlements();
    expect(ks).toHaveLength(1);
    expect(ks[0]).toMatchObject({
      marketId: 1,
      closeWallMs: open.closeWallMs,
      yes: contracts(10),
      no: 0,
      revenue: yesWon ? contracts(10) : 0,
      fee: 0
    });
    expect(polymarket.settlements()[0]).toMatchObject({
      no: contracts(10),
      revenue: yesWon ? 0 : contracts(10)
    });
    // Kalshi's own record, for the settler (by close time, or the last cycle resolved)
    const paid = { revenue: yesWon ? contracts(10) : 0, fee: 0 };
    expect(kalshi.settlementPaid(1)).toEqual(paid);
    expect(kalshi.settlementPaid(1, open.closeWallMs!)).toEqual(paid);
    // the next cycle: open again, a later close time, trading again
    await clock.advance(10_000);
    const again = kalshi.marketState(1);
    expect(again.phase).toBe('open');
    expect(again.closeWallMs).toBe(open.closeWallMs! + 135_000);
    expect((await place(clock, kalshi, buy('kalshi', M1, 'no', 3))).status).toBe('filled');
    expect(kalshi.holdings(1).kalshiNet).toBe(negQty(contracts(3)));
    // a market resolved with nothing held paid nothing (a known zero, not a missing record)
    await clock.advance(135_000);
    expect(kalshi.settlementPaid(2, m2close)).toEqual({ revenue: 0, fee: 0 });
  });

  it('refuses an order on a market that is closed or resolved (market_closed), fills it once open again', async () => {
    const { clock, kalshi, polymarket } = world();
    stock(kalshi, 1);
    stock(polymarket, 1);
    const close = kalshi.marketState(1).closeWallMs!;
    await clock.advance(close - clock.wallMs());
    for (const v of [kalshi, polymarket]) {
      const o = await place(clock, v, buy(v.venue, M1, 'yes', 1));
      expect(o).toMatchObject({ status: 'rejected', rejectKind: 'market_closed', filledQty: 0 });
    }
    await clock.advance(6_000); // resolved
    const r = await place(clock, kalshi, buy('kalshi', M1, 'yes', 1));
    expect(r.rejectKind).toBe('market_closed');
    await clock.advance(10_000); // the next cycle
    expect((await place(clock, kalshi, buy('kalshi', M1, 'yes', 1))).status).toBe('filled');
    expect(kalshi.fills()).toHaveLength(1);
  });

  it('without a lifecycle markets never close (as before)', async () => {
    const { clock, kalshi } = world(null);
    stock(kalshi, 1);
    await clock.advance(10_000_000);
    expect(kalshi.marketState(1)).toEqual({
      venue: 'kalshi',
      phase: 'open',
      closeWallMs: null,
      yesPayout: null
    });
    const o = await place(clock, kalshi, buy('kalshi', M1, 'yes', 1));
    expect(o.status).toBe('filled');
    await clock.advance(10_000_000);
    expect(kalshi.holdings(1).kalshiNet).toBe(contracts(1));
    expect(kalshi.settlementPaid(1)).toBeNull();
  });
});

describe('demo feed with a lifecycle', () => {
  it('emits only on markets open on both venues and not within the close guard', async () => {
    const { clock, kalshi, polymarket } = world();
    const guard = 20_000;
    const feed = createDemoFeed({
      clock,
      seed: 3,
      venues: { kalshi, polymarket },
      markets,
      ratePerSec: 20,
      closeGuardMs: guard
    });
    const seen: { marketId: number; ok: boolean }[] = [];
    const sub = feed.subscribe((r) => {
      const s = kalshi.marketState(r.marketId);
      const ok = s.phase === 'open' && s.closeWallMs! - clock.wallMs() > guard;
      seen.push({ marketId: r.marketId, ok });
    });
    await clock.advance(400_000); // about three cycles of every market
    sub.unsubscribe();
    expect(seen.length).toBeGreaterThan(1_000);
    expect(seen.filter((s) => !s.ok)).toEqual([]);
    expect(new Set(seen.map((s) => s.marketId)).size).toBe(6);
  });

  it('with every market open, the draws are those of a run without a lifecycle', async () => {
    const run = async (life: MarketLifecycleOptions | null) => {
      const w = world(life);
      const p = firstValueFrom(
        createDemoFeed({ clock: w.clock, seed: 5, venues: w, markets }).pipe(take(20), toArray())
      );
      await w.clock.advance(2_000);
      return p;
    };
    const long = { lifetimeMs: 10_000_000, seed: 1 };
    expect(await run(long)).toEqual(await run(null));
  });
});
