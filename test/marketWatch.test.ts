/**
 * The market watch on a manual clock: holds before the close guard and after, reports each
 * venue's resolution once, keeps the last known state when a read fails, and holds a market
 * whose state was never read.
 */
import { describe, expect, it } from 'vitest';
import { MarketWatch } from '../actors/lifecycle/marketWatch.js';
import { ManualClock } from '../actors/manualClock.js';
import {
  USD,
  type Logger,
  type MarketPair,
  type Venue,
  type VenueMarketState
} from '../core/index.js';
import { testMarket } from './support/engine.js';

function setup(closeInMs: number) {
  const clock = new ManualClock();
  const m = testMarket(1);
  const close = clock.wallMs() + closeInMs;
  const phase: Record<Venue, VenueMarketState> = {
    kalshi: { venue: 'kalshi', phase: 'open', closeWallMs: close, yesPayout: null },
    polymarket: { venue: 'polymarket', phase: 'open', closeWallMs: close, yesPayout: null }
  };
  let failing = false;
  const read = (_: MarketPair, v: Venue) =>
    failing ? Promise.reject(new Error('HTTP 503')) : Promise.resolve(phase[v]);
  const warns: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_o, msg) => void warns.push(msg),
    error: () => undefined
  };
  const resolved: string[] = [];
  const watch = new MarketWatch({
    markets: [m],
    read,
    clock,
    log,
    pollMs: 60_000,
    guardMs: 300_000,
    onResolved: (mk, s) => resolved.push(`${mk.marketId}:${s.venue}:${s.yesPayout}`)
  });
  return { clock, watch, phase, resolved, warns, fail: (f: boolean) => (failing = f) };
}

describe('market watch', () => {
  it('holds a market never read, then trades it while open and far from its close', async () => {
    const t = setup(3_600_000);
    expect(t.watch.holds()).toEqual([
      { kind: 'market_closing', marketId: 1, detail: 'market state not known yet' }
    ]);
    await t.watch.start();
    expect(t.watch.holds()).toEqual([]);
    t.watch.stop();
  });

  it('holds from five minutes before the close', async () => {
    const t = setup(10 * 60_000);
    await t.watch.start();
    expect(t.watch.holds()).toEqual([]);
    await t.clock.advance(5 * 60_000);
    expect(t.watch.holds()).toEqual([
      { kind: 'market_closing', marketId: 1, detail: 'closes on kalshi in 5 min' }
    ]);
    t.watch.stop();
  });

  it('reports each venue resolution once, on the poll that sees it', async () => {
    const t = setup(3_600_000);
    await t.watch.start();
    t.phase.polymarket = { ...t.phase.polymarket, phase: 'resolved', yesPayout: USD };
    expect(t.resolved).toEqual([]);
    await t.clock.advance(60_000);
    await t.clock.advance(60_000);
    expect(t.resolved).toEqual([`1:polymarket:${USD}`]);
    expect(t.watch.holds()[0]?.detail).toBe('resolved on polymarket');
    t.watch.stop();
  });

  it('keeps the last state when a read fails, and says so', async () => {
    const t = setup(3_600_000);
    await t.watch.start();
    t.fail(true);
    await t.clock.advance(60_000);
    expect(t.watch.stateOf(1, 'kalshi')?.phase).toBe('open');
    expect(t.warns).toContain('[LIFE] market state read failed');
    t.watch.stop();
  });
});
