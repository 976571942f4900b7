/**
 * Kalshi: when "not found" is final. The adapter reports each dispatch (after the write token,
 * before the request; a failing record means not sent), and an order recalled after a restart
 * is `unknown` while absent from the orders list inside the consistency window since its
 * dispatch, `none` after it, and its real fill when listed. Real adapter, loopback mock, the
 * wall clock injected (ManualClock), no wall-clock timing asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { contracts } from '../core/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { KalshiAdapter, kalshiCredentials } from '../adapters/venues/kalshi/index.js';
import { cents } from '../core/index.js';

const keys = testKeyPair();
const market = kalshiMarket('KXFINAL-26', 1);
const signal = new AbortController().signal;
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(
  clock: ManualClock,
  onOrderDispatched?: (cid: string, wallMs: number) => void
): Promise<KalshiRig> {
  const r = await startKalshiRig({
    clock,
    keys,
    mock: { now: () => clock.wallMs() },
    adapter: onOrderDispatched ? { onOrderDispatched } : {}
  });
  cleanups.push(() => r.close());
  return r;
}

/** A second adapter on the same mock: the process after a restart. */
function restarted(r: KalshiRig, clock: ManualClock, windowMs?: number): KalshiAdapter {
  const a = new KalshiAdapter({
    clock,
    baseUrl: r.mock.url,
    credentials: kalshiCredentials(r.keyId, r.privatePem),
    ...(windowMs === undefined ? {} : { consistencyWindowMs: windowMs })
  });
  cleanups.push(() => a.close());
  return a;
}

describe('Kalshi dispatch records', () => {
  it('reports each dispatch with its wall time, right before the request is written', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const seen: { cid: string; wallMs: number; postsBefore: number }[] = [];
    const r = await rig(clock, (cid, wallMs) =>
      seen.push({ cid, wallMs, postsBefore: r.mock.orders().length })
    );
    r.mock.setBook(market.kalshiTicker, { asks: [lv(45, 10)], bids: [] });
    const out = await r.adapter.placeOrder(
      kalshiOrder(market, 'yes', 'buy', 10, 45, 'd-1'),
      signal
    );
    expect(out).toMatchObject({ status: 'filled', filledQty: contracts(10) });
    expect(seen).toEqual([{ cid: 'd-1', wallMs: clock.wallMs(), postsBefore: 0 }]);
  });

  it('a dispatch that cannot be recorded is not sent: rejected, nothing at the venue', async () => {
    const clock = new ManualClock();
    const r = await rig(clock, () => {
      throw new Error('disk full');
    });
    r.mock.setBook(market.kalshiTicker, { asks: [lv(45, 10)], bids: [] });
    const out = await r.adapter.placeOrder(
      kalshiOrder(market, 'yes', 'buy', 10, 45, 'd-2'),
      signal
    );
    expect(out).toMatchObject({ status: 'rejected', filledQty: 0 });
    expect(out.reason).toMatch(/dispatch not recorded: disk full/);
    expect(r.mock.orders()).toEqual([]);
    expect(r.mock.requests().filter((q) => q.method === 'POST')).toEqual([]);
  });
});

describe('Kalshi: an order recalled after a restart', () => {
  it('absent from the orders list: unknown inside the consistency window, none after it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const r = await rig(clock);
    const b = restarted(r, clock);
    const o = kalshiOrder(market, 'no', 'buy', 10, 50, 'lost-1');
    // before the fix: no send record in this process, so "not found" stayed unknown forever
    b.recall('lost-1', market.kalshiTicker, clock.wallMs() - 3_000);
    const early = await b.lookupOrder(o, signal);
    expect(early).toMatchObject({ status: 'unknown', filledQty: 0 });
    expect(early.reason).toMatch(/consistency window/);
    await clock.advance(6_999);
    expect((await b.lookupOrder(o, signal)).status).toBe('unknown');
    await clock.advance(1);
    const late = await b.lookupOrder(o, signal);
    expect(late).toMatchObject({ status: 'none', filledQty: 0, notional: 0, fee: 0 });
    expect(late.reason).toMatch(/never placed/);
    // it read the list of that ticker from shortly before the dispatch
    const list = r.mock.requests().filter((q) => q.path.endsWith('/portfolio/orders'));
    const minTs = Math.floor((clock.wallMs() - 10_000) / 1000) - 60;
    expect(list.at(-1)?.query).toContain(`ticker=${market.kalshiTicker}`);
    expect(list.at(-1)?.query).toContain(`min_ts=${minTs}`);
  });

  it('listed at the venue: its real fill, inside the window too', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const r = await rig(clock);
    r.mock.setBook(market.kalshiTicker, { asks: [lv(45, 4)], bids: [] });
    const o = kalshiOrder(market, 'yes', 'buy', 10, 45, 'sent-1');
    const before = await r.adapter.placeOrder(o, signal); // the first process; its answer is lost
    expect(before).toMatchObject({ status: 'partial', filledQty: contracts(4) });
    const b = restarted(r, clock, 60_000);
    b.recall('sent-1', market.kalshiTicker, clock.wallMs());
    const found = await b.lookupOrder(o, signal);
    expect(found).toMatchObject({
      status: 'partial',
      filledQty: contracts(4),
      notional: before.notional,
      fee: before.fee
    });
  });

  it('a failing read stays unknown, past the window too', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const r = await rig(clock);
    const b = restarted(r, clock);
    b.recall('lost-2', market.kalshiTicker, clock.wallMs() - 60_000);
    r.mock.script({ fault: { type: 'error', status: 503 }, match: { method: 'GET' } });
    const o = kalshiOrder(market, 'no', 'buy', 10, 50, 'lost-2');
    expect((await b.lookupOrder(o, signal)).status).toBe('unknown');
    expect((await b.lookupOrder(o, signal)).status).toBe('none');
  });
});
