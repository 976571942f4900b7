/**
 * Reconciliation: a leg whose outcome is pending or unknown is looked up until it is terminal
 * or a deadline passes — never treated as "0 filled".
 */
import { describe, expect, it } from 'vitest';
import { contracts, type VenueAdapter } from '../core/index.js';
import { testEngine } from './support/engine.js';

const books = (e: ReturnType<typeof testEngine>) => {
  e.book('polymarket', 1, 'yes', [[45, 10]], [[44, 20]]);
  e.book('kalshi', 1, 'no', [[50, 10]], [[49, 20]]);
};

describe('reconcile', () => {
  it('a leg that times out but actually filled is looked up and counted, not closed', async () => {
    const e = testEngine();
    books(e);
    e.kalshi.script({ behaviour: { kind: 'hang', fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(4_999);
    expect(e.supervisor.liveCount()).toBe(1); // still waiting for the Kalshi leg
    await e.clock.advance(1); // leg timeout (5 s) → unknown → lookup by client order id
    await e.clock.advance(1);
    const r = await p;
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10), closedContracts: 0 });
    expect(e.kalshi.orders().filter((o) => o.action === 'sell')).toHaveLength(0);
    expect(e.polymarket.orders().filter((o) => o.action === 'sell')).toHaveLength(0);
    expect(e.fills.filter((f) => f.platform === 'kalshi')).toHaveLength(1);
    expect(e.kalshi.lookups).toBeGreaterThan(0);
    expect(e.logs.some((l) => l.msg.includes('outcome unknown (leg timeout)'))).toBe(true);
  });

  it('Polymarket pending (delayed) resolving to filled is a success, fill emitted once', async () => {
    const e = testEngine();
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 1_500, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1_000);
    expect(e.fills.filter((f) => f.platform === 'polymarket')).toHaveLength(0);
    expect(e.supervisor.liveCount()).toBe(1);
    await e.clock.advance(5_000);
    const r = await p;
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(e.fills.filter((f) => f.platform === 'polymarket')).toHaveLength(1);
    expect(e.kalshi.orders().filter((o) => o.action === 'sell')).toHaveLength(0);
  });

  it('lookup answering null at first (Polymarket GET /data/order) keeps polling', async () => {
    const e = testEngine({ polyLookupNullMs: 1_000 });
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 300, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    expect(r.success).toBe(true);
    // 100, 200, 500 ms lookups answer null; the one after 1 s finds the fill
    expect(e.polymarket.lookups).toBeGreaterThanOrEqual(4);
  });

  it('pending resolving to no fill: the Kalshi leg is the excess and is auto-closed on Kalshi', async () => {
    const e = testEngine();
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 800, fill: 'none' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    expect(r).toMatchObject({
      error: 'partial_fill',
      matchedContracts: 0,
      closedContracts: contracts(10),
      unhedgedContracts: 0
    });
    const sells = e.fills.filter((f) => f.action === 'sell');
    expect(sells.every((f) => f.platform === 'kalshi' && f.side === 'no')).toBe(true);
    expect(e.kalshi.position(1, 'no')).toBe(0);
  });

  it('an order still pending at the alert is reported and looked up on until it is final', async () => {
    const e = testEngine();
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 120_000, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(30_001);
    const late = e.logs.filter(
      (l) => l.level === 'warn' && l.msg.includes('still unknown after 30 s')
    );
    expect(late).toHaveLength(1);
    expect(late[0]?.msg).toContain('looking it up until 300 s');
    expect(e.supervisor.liveCount()).toBe(1); // not given up at 30 s
    await e.clock.advance(100_000);
    const r = await p;
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(r.unhedgedContracts).toBe(0);
  });

  it('no late-order warning when the alert is not shorter than the deadline', async () => {
    const e = testEngine({ config: { reconcile: { alertMs: 30_000, deadlineMs: 30_000 } } });
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 120_000, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(30_001);
    expect((await p).error).toBe('order_unresolved');
    expect(e.logs.filter((l) => l.msg.includes('still unknown after'))).toEqual([]);
  });

  it('an outcome still unknown at the deadline is flagged unresolved — no close, exposure reported', async () => {
    const e = testEngine();
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 400_000, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(299_000);
    expect(e.supervisor.liveCount()).toBe(1);
    await e.clock.advance(1_001);
    const r = await p;
    expect(r.error).toBe('order_unresolved');
    expect(r.unhedgedContracts).toBe(contracts(10));
    expect(r.legs?.yes.status).toBe('unresolved');
    expect(e.kalshi.orders().filter((o) => o.action === 'sell')).toHaveLength(0);
    expect(e.supervisor.isInFlight(1)).toBe(true); // delayed release
    expect(e.logs.some((l) => l.level === 'error' && l.msg.includes('order_unresolved'))).toBe(
      true
    );
  });

  it('an adapter that throws after sending is treated as unknown and reconciled', async () => {
    const e = testEngine({
      wrap: (venue, a): VenueAdapter =>
        venue === 'kalshi'
          ? {
              venue,
              placeOrder: async (o, s) => {
                await a.placeOrder(o, s);
                throw new Error('socket hang up');
              },
              lookupOrder: (ref, s) => a.lookupOrder(ref, s)
            }
          : a
    });
    books(e);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(e.fills).toHaveLength(2);
  });
});

describe('reconcile backoff', () => {
  it('looks up after 100, 200, 500, 1000 ms… (the configured backoff, first value first)', async () => {
    const at: number[] = [];
    const clockRef: { current?: { nowMs(): number } } = {};
    const e = testEngine({
      wrap: (venue, a): VenueAdapter =>
        venue === 'polymarket'
          ? {
              venue,
              placeOrder: (o, s) => a.placeOrder(o, s),
              lookupOrder: (ref, s) => {
                at.push(clockRef.current?.nowMs() ?? -1);
                return a.lookupOrder(ref, s);
              }
            }
          : a
    });
    clockRef.current = e.clock;
    books(e);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 3_000, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle(60_000);
    expect((await p).success).toBe(true);
    // placed at 0 → pending; lookups at 0, then +100, +200, +500, +1000, +2000 …
    expect(at.slice(0, 5)).toEqual([0, 100, 300, 800, 1_800]);
  });
});
