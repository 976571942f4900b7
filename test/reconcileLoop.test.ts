/**
 * The reconciliation loop (actors/account/reconciler.ts) on a manual clock with scripted
 * venue reads: passes at start and every interval, a market moving during the read skipped,
 * a failed venue read never lifting a hold, an acknowledged offset staying released until it
 * changes.
 */
import { describe, expect, it } from 'vitest';
import { Reconciler } from '../actors/account/index.js';
import { ManualClock } from '../actors/manualClock.js';
import {
  contracts,
  NO_HOLDINGS,
  SILENT_LOGGER,
  type Qty,
  type VenueHoldings
} from '../core/index.js';

function loop(intervalMs = 1_000) {
  const clock = new ManualClock();
  const ledger = new Map<number, VenueHoldings>();
  const venue = { kalshi: new Map<number, Qty>(), fail: false };
  const acks = new Map<number, VenueHoldings>();
  const resolved = new Set<number>();
  let busy = false;
  let changes = 0;
  let duringRead = (): void => undefined;
  const r = new Reconciler({
    clock,
    log: SILENT_LOGGER,
    marketIds: [1, 2],
    ledger: (id) => ledger.get(id) ?? null,
    inFlight: () => busy,
    reads: {
      kalshi: () => {
        duringRead();
        return venue.fail
          ? Promise.reject(new Error('HTTP 503'))
          : Promise.resolve(new Map(venue.kalshi));
      },
      polymarket: () => Promise.resolve(new Map())
    },
    acks: () => acks,
    resolved: (id) => resolved.has(id),
    intervalMs,
    onChange: () => (changes += 1)
  });
  return {
    clock,
    ledger,
    venue,
    acks,
    resolved,
    r,
    setBusy: (b: boolean) => (busy = b),
    onRead: (f: () => void) => (duringRead = f),
    changes: () => changes
  };
}

describe('Reconciler', () => {
  it('passes at start and every interval; holds a difference and lifts it when it disappears', async () => {
    const t = loop();
    t.venue.kalshi.set(1, contracts(3));
    await t.r.start();
    expect(t.r.passCount()).toBe(1);
    expect(t.r.holds()).toEqual([
      {
        kind: 'reconciliation',
        marketId: 1,
        detail: 'ledger and venue positions differ: kalshi net: ledger 0 vs venue +3 (+3)'
      }
    ]);
    expect(t.r.differences()).toEqual({ kalshi: 1, polymarket: 0 });
    t.ledger.set(1, { ...NO_HOLDINGS, kalshiNet: contracts(3) }); // the ledger learns the fill
    await t.clock.advance(1_000);
    expect(t.r.passCount()).toBe(2);
    expect(t.r.holds()).toEqual([]);
    expect(t.changes()).toBe(2);
    t.r.close();
    await t.clock.advance(5_000);
    expect(t.r.passCount()).toBe(2);
  });

  it('a pass asked for while one runs joins it (one read, one result)', async () => {
    const t = loop(0);
    let reads = 0;
    t.onRead(() => (reads += 1));
    const [a, b] = await Promise.all([t.r.pass(), t.r.pass()]);
    expect(a).toBe(b);
    expect(reads).toBe(1);
    expect(t.r.passCount()).toBe(1);
  });

  it('a market resolved and awaiting redemption is not compared, and its hold is lifted', async () => {
    const t = loop(0);
    t.venue.kalshi.set(1, contracts(3));
    await t.r.pass();
    expect(t.r.holds()).toHaveLength(1);
    t.resolved.add(1);
    await t.r.pass();
    expect(t.r.holds()).toEqual([]);
    expect(t.r.lastResult().find((m) => m.marketId === 1)?.skipped).toBe('resolved');
  });

  it('a market that moves or is in flight during the read is skipped', async () => {
    const t = loop(0);
    t.venue.kalshi.set(1, contracts(3));
    t.onRead(() => t.ledger.set(1, { ...NO_HOLDINGS, kalshiNet: contracts(1) }));
    const res = await t.r.pass();
    expect(res.find((m) => m.marketId === 1)?.skipped).toBe('in_flight');
    expect(t.r.holds()).toEqual([]);
    t.onRead(() => undefined);
    t.setBusy(true);
    await t.r.pass();
    expect(t.r.holds()).toEqual([]);
  });

  it('a failed venue read is unknown: no hold from it, and none lifted on partial evidence', async () => {
    const t = loop(0);
    t.venue.kalshi.set(1, contracts(3));
    await t.r.pass();
    expect(t.r.holds()).toHaveLength(1);
    t.venue.fail = true;
    t.venue.kalshi.clear();
    await t.r.pass();
    expect(t.r.holds()).toHaveLength(1); // Kalshi unknown: the hold stays
    t.venue.fail = false;
    await t.r.pass();
    expect(t.r.holds()).toEqual([]);
  });

  it('an acknowledged offset releases the market while it stays the same, and holds again when it changes', async () => {
    const t = loop(0);
    t.venue.kalshi.set(1, contracts(3));
    await t.r.pass();
    expect(t.r.holds()).toHaveLength(1);
    t.acks.set(1, { ...NO_HOLDINGS, kalshiNet: contracts(3) });
    await t.r.pass();
    expect(t.r.holds()).toEqual([]);
    // both sides record a later trade: the offset is unchanged, still released
    t.ledger.set(1, { ...NO_HOLDINGS, kalshiNet: contracts(-10) });
    t.venue.kalshi.set(1, contracts(-7));
    await t.r.pass();
    expect(t.r.holds()).toEqual([]);
    // a new difference on top: held again
    t.venue.kalshi.set(1, contracts(-5));
    await t.r.pass();
    expect(t.r.holds()[0]?.detail).toBe(
      'ledger and venue positions differ: kalshi net: ledger -10 vs venue -5 (+5)'
    );
  });
});
