/**
 * `twinleg mock-venues` streams: the real book feeds (liveBookFeeds) against the mocks'
 * WebSocket channels over loopback receive snapshots then deltas that track the seeded book
 * motion tick by tick, and a fill at either mock moves the book the feed sees.
 */
import { constants, createPrivateKey, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ManualClock } from '../actors/manualClock.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { liveBookFeeds, type FeedEvent, type LiveBookFeeds } from '../adapters/feeds/index.js';
import { noLadder, type MotionLadder } from '../adapters/venues/common/bookMotion.js';
import type { WireOrder } from '../adapters/venues/polymarket/orderBuilder.js';
import { startMockVenues, type MockVenues } from '../cli/commands/mockVenues.js';
import { BookStore, cents, contracts, type OutcomeBook } from '../core/index.js';
import { Inbox } from './support/feedServers.js';

const pairs = demoMarkets(3);
const ids = pairs.map((p) => p.marketId);

/** An outcome book as the motion's ladder (bids best first, asks best first). */
const view = (b: OutcomeBook): MotionLadder => ({
  bids: b.bids
    .toArray()
    .reverse()
    .map(([price, qty]) => ({ price, qty })),
  asks: b.asks.toArray().map(([price, qty]) => ({ price, qty }))
});

/** Ladders compared level by level (price and size). */
const same = (a: MotionLadder, b: MotionLadder | undefined): boolean => {
  const norm = (l: MotionLadder) =>
    JSON.stringify([l.bids.map((x) => [x.price, x.qty]), l.asks.map((x) => [x.price, x.qty])]);
  return b !== undefined && norm(a) === norm(b);
};

let mocks: MockVenues | undefined;
let feeds: LiveBookFeeds | undefined;
afterEach(async () => {
  feeds?.stop();
  await mocks?.close();
  feeds = mocks = undefined;
});

async function setup(opts: { dislocation?: number } = {}) {
  let tick = (): void => {};
  mocks = await startMockVenues(
    {
      kalshiPort: 0,
      polymarketPort: 0,
      lifecycleSeed: 1,
      motionSeed: 42,
      dislocationProbability: opts.dislocation ?? 0
    },
    pairs,
    (_ms, fn) => {
      tick = fn;
      return () => {};
    }
  );
  const books = new BookStore(ids);
  const events = new Inbox<FeedEvent>();
  const clock = new ManualClock(Date.now()); // the handshake's timestamp must be fresh
  feeds = liveBookFeeds({
    pairs,
    books,
    clock,
    env: {
      env: {
        KALSHI_API_KEY_ID: mocks.keyId,
        KALSHI_PRIVATE_KEY_PEM: mocks.pem,
        KALSHI_WS_BASE_URL: mocks.kalshi.wsBase
      }
    },
    polymarketWsUrl: mocks.polymarket.wsUrl,
    polymarketRestBase: mocks.polymarket.url,
    onEvent: (e) => events.push(e)
  });
  feeds.start();
  const m = mocks;
  /** True when every book the feeds hold equals the mocks' books now. */
  const inSync = (): boolean =>
    pairs.every((p) => {
      const k = books.venue(p.marketId, 'kalshi');
      const y = books.venue(p.marketId, 'polymarket');
      if (!k || !y || k.stale || y.stale) return false;
      const kb = m.kalshi.book(p.kalshiTicker);
      const pyes = m.polymarket.exchange.books.get(p.polyYesTokenId);
      const pno = m.polymarket.exchange.books.get(p.polyNoTokenId);
      return (
        same(view(k.yes), kb) &&
        same(view(k.no), noLadder(kb)) &&
        same(view(y.yes), pyes) &&
        same(view(y.no), pno)
      );
    });
  // deltas raise no feed event: poll the books (every 2 ms of real time) until they agree
  const synced = async (): Promise<void> => {
    while (!inSync()) await new Promise((r) => setTimeout(r, 2));
  };
  await synced();
  return { books, events, synced, m, clock, tick: () => tick() };
}

describe('mock-venues streams its books', () => {
  it('feeds get snapshots of realistic ladders, then deltas that follow every motion step', async () => {
    const { books, events, synced, m, tick } = await setup();
    const snapshots = events.items.filter((e) => e.kind === 'snapshot').length;
    const k0 = books.venue(ids[0]!, 'kalshi')!;
    expect(k0.yes.asks.length).toBe(5);
    expect(k0.yes.bids.length).toBe(5);
    const [bestAsk] = k0.yes.asks.toArray()[0]!;
    const bestBid = k0.yes.bids.toArray().at(-1)![0];
    expect(bestAsk - bestBid).toBe(cents(2));
    const mid0 = m.motion!.current().map((l) => l.mid.kalshi);
    for (let i = 0; i < 20; i++) {
      tick();
      await synced();
    }
    expect(m.motion!.ticks).toBe(20);
    expect(m.motion!.current().map((l) => l.mid.kalshi)).not.toEqual(mid0);
    // deltas only: no new snapshot, no gap, no resync
    expect(events.items.filter((e) => e.kind === 'snapshot').length).toBe(snapshots);
    expect(events.items.some((e) => e.kind === 'gap' || e.kind === 'resync')).toBe(false);
    expect(m.kalshi.stream.stats.frames).toBeGreaterThan(3 * 20);
    expect(m.polymarket.stream.stats.events).toBeGreaterThan(6 * 20);
  });

  it('a Kalshi fill takes the levels it matched, and the feed sees the book move', async () => {
    const { books, synced, m } = await setup();
    const p = pairs[0]!;
    const [top] = m.kalshi.book(p.kalshiTicker).asks;
    const r = m.kalshi.exchange.create(
      {
        ticker: p.kalshiTicker,
        side: 'bid',
        count: top!.qty,
        price: top!.price,
        timeInForce: 'immediate_or_cancel',
        clientOrderId: undefined,
        reduceOnly: false,
        postOnly: false
      },
      Date.now()
    );
    expect('filled' in r && r.filled).toBe(top!.qty);
    await synced();
    const k = books.venue(p.marketId, 'kalshi')!;
    expect(k.yes.asks.sizeAtPrice(top!.price)).toBe(0);
    expect(k.no.bids.sizeAtPrice(cents(100) - top!.price)).toBe(0);
    expect(k.yes.asks.toArray()[0]![0]).toBe(top!.price + cents(1));
  });

  it('what a fill took stays taken at later ticks until the venue mid moves', async () => {
    const { books, synced, m, tick } = await setup();
    const tops = pairs.map((p, i) => {
      const top = m.kalshi.book(p.kalshiTicker).asks[0]!;
      m.kalshi.exchange.create(
        {
          ticker: p.kalshiTicker,
          side: 'bid',
          count: top.qty,
          price: top.price,
          timeInForce: 'immediate_or_cancel',
          clientOrderId: undefined,
          reduceOnly: false,
          postOnly: false
        },
        Date.now()
      );
      return { p, i, top, mid: m.motion!.current()[i]!.mid.kalshi, repriced: false };
    });
    let heldTicks = 0;
    for (let n = 0; n < 20; n++) {
      tick();
      await synced();
      for (const t of tops) {
        const l = m.motion!.current()[t.i]!;
        const seen = books.venue(t.p.marketId, 'kalshi')!.yes.asks;
        t.repriced ||= l.mid.kalshi !== t.mid;
        if (t.repriced) {
          // repriced: the motion's ladder again, in full
          expect(seen.toArray()).toEqual(l.kalshi.asks.map((x) => [x.price, x.qty]));
          continue;
        }
        heldTicks++;
        const drawn = l.kalshi.asks.find((x) => x.price === t.top.price)!.qty;
        expect(seen.sizeAtPrice(t.top.price)).toBe(Math.max(0, drawn - t.top.qty));
      }
    }
    expect(heldTicks).toBeGreaterThan(0);
    expect(tops.some((t) => t.repriced)).toBe(true);
  });

  it('a Polymarket fill goes out as a fresh book of the token, partly taking the top', async () => {
    const { books, synced, m } = await setup();
    const p = pairs[1]!;
    const ex = m.polymarket.exchange;
    const top = ex.books.get(p.polyNoTokenId)!.asks[0]!;
    const shares = contracts(3);
    const wire = {
      tokenId: p.polyNoTokenId,
      side: 'BUY',
      makerAmount: String((top.price * shares) / 1_000_000),
      takerAmount: String(shares)
    } as unknown as WireOrder;
    ex.execute(ex.accept(wire, 'o-1', 'FAK'));
    expect(ex.fills).toHaveLength(1);
    await synced();
    const no = books.venue(p.marketId, 'polymarket')!.no;
    expect(no.asks.sizeAtPrice(top.price)).toBe(top.qty - shares);
  });

  it('a dropped connection leaves the books stale; the reconnect brings them back in step', async () => {
    const { books, events, synced, m, clock, tick } = await setup();
    const mark = events.mark();
    m.kalshi.stream.dropAll();
    m.polymarket.stream.dropAll();
    const allStale = () =>
      ids.every((id) => books.venue(id, 'kalshi')!.stale && books.venue(id, 'polymarket')!.stale);
    while (!allStale()) await new Promise((r) => setTimeout(r, 2));
    tick(); // the books move while the feeds are away
    await clock.advance(60_000); // past every reconnect backoff
    await synced();
    expect(events.items.slice(mark).filter((e) => e.kind === 'open').length).toBe(2);
  });

  it('the Kalshi channel refuses an unsigned handshake', async () => {
    const { m } = await setup();
    const url = `${m.kalshi.wsBase}/trade-api/ws/v2`;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, {
        headers: {
          'KALSHI-ACCESS-KEY': m.keyId,
          'KALSHI-ACCESS-TIMESTAMP': String(Date.now()),
          'KALSHI-ACCESS-SIGNATURE': 'AAAA'
        }
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
    expect(m.kalshi.stream.stats.rejected).toBe(1);
  });

  it('without use_yes_price the Kalshi NO ladder is priced on the leg; seq runs on per sid', async () => {
    const { m } = await setup();
    const p = pairs[2]!;
    const ts = String(Date.now());
    const sig = sign('sha256', Buffer.from(`${ts}GET/trade-api/ws/v2`), {
      key: createPrivateKey(m.pem),
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST
    }).toString('base64');
    const ws = new WebSocket(`${m.kalshi.wsBase}/trade-api/ws/v2`, {
      headers: {
        'KALSHI-ACCESS-KEY': m.keyId,
        'KALSHI-ACCESS-TIMESTAMP': ts,
        'KALSHI-ACCESS-SIGNATURE': sig
      }
    });
    const frames = new Inbox<Record<string, unknown>>();
    ws.on('message', (d) =>
      frames.push(JSON.parse((d as Buffer).toString('utf8')) as Record<string, unknown>)
    );
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({
        id: 1,
        cmd: 'subscribe',
        params: { channels: ['orderbook_delta'], market_ticker: p.kalshiTicker }
      })
    );
    const snap = (await frames.next((f) => f.type === 'orderbook_snapshot')) as {
      sid: number;
      seq: number;
      msg: { no_dollars_fp: [string, string][]; yes_dollars_fp: [string, string][] };
    };
    const book = m.kalshi.book(p.kalshiTicker);
    const ask = book.asks[0]!;
    expect(snap.seq).toBe(1);
    // NO bids on the NO leg: 1 − YES ask, ascending (best last), 4 dp and 2 dp
    expect(snap.msg.no_dollars_fp.at(-1)).toEqual([
      fixed4(cents(100) - ask.price),
      `${ask.qty / 1_000_000}.00`
    ]);
    expect(snap.msg.yes_dollars_fp.at(-1)![0]).toBe(fixed4(book.bids[0]!.price));
    const mark = frames.mark();
    m.kalshi.exchange.create(
      {
        ticker: p.kalshiTicker,
        side: 'bid',
        count: contracts(1),
        price: ask.price,
        timeInForce: 'immediate_or_cancel',
        clientOrderId: undefined,
        reduceOnly: false,
        postOnly: false
      },
      Date.now()
    );
    const delta = (await frames.next((f) => f.type === 'orderbook_delta', mark)) as {
      sid: number;
      seq: number;
      msg: Record<string, unknown>;
    };
    expect(delta.sid).toBe(snap.sid);
    expect(delta.seq).toBe(2);
    expect(delta.msg).toMatchObject({
      market_ticker: p.kalshiTicker,
      side: 'no',
      price_dollars: fixed4(cents(100) - ask.price),
      delta_fp: '-1.00'
    });
    const mark2 = frames.mark();
    ws.send(
      JSON.stringify({
        id: 2,
        cmd: 'update_subscription',
        params: { sids: [snap.sid], action: 'get_snapshot', market_tickers: [p.kalshiTicker] }
      })
    );
    const ok = await frames.next((f) => f.type === 'ok', mark2);
    expect(ok).toMatchObject({ id: 2, sid: snap.sid, seq: 3 });
    const again = await frames.next((f) => f.type === 'orderbook_snapshot', mark2);
    expect(again).toMatchObject({ sid: snap.sid, seq: 4 });
    ws.send(JSON.stringify({ id: 3, cmd: 'update_subscription', params: { sids: [99] } }));
    const err = await frames.next((f) => f.type === 'error', mark2);
    expect(err).toMatchObject({ id: 3, msg: { code: 7 } });
    ws.close();
  });
});

/** Dollars with 4 decimals, as Kalshi writes prices. */
const fixed4 = (micros: number): string => `0.${String(micros / 100).padStart(4, '0')}`;
