import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { PolymarketBookFeed, type FeedEvent } from '../adapters/feeds/index.js';
import { BookStore, cents, contracts } from '../core/index.js';
import { Inbox, PolymarketFeedServer } from './support/feedServers.js';

const lv = (price: string, size: string) => ({ price, size });

describe('Polymarket book feed over loopback', () => {
  let server: PolymarketFeedServer;
  let clock: ManualClock;
  let books: BookStore;
  let events: Inbox<FeedEvent>;
  let feed: PolymarketBookFeed;

  beforeEach(async () => {
    server = await PolymarketFeedServer.start();
    server.books.set('Y0', {
      bids: [lv('0.40', '100')],
      asks: [lv('.42', '50'), lv('0.45', '10')]
    });
    server.books.set('N0', { bids: [lv('0.55', '30')], asks: [lv('0.58', '25.5')] });
    clock = new ManualClock();
    books = new BookStore([0]);
    events = new Inbox();
    feed = new PolymarketBookFeed({
      wsUrl: server.wsUrl,
      restBase: server.restBase,
      markets: [{ marketId: 0, yesTokenId: 'Y0', noTokenId: 'N0' }],
      books,
      clock,
      backoff: { random: () => 0 },
      onEvent: (e) => events.push(e)
    });
  });

  afterEach(async () => {
    feed.stop();
    await server.close();
  });

  const book = () => books.venue(0, 'polymarket')!;
  const dumped = async (from = 0) => {
    let n = 0;
    for (let i = from; n < 2;) {
      await events.next((e) => e.kind === 'snapshot', i);
      n = events.items.slice(from).filter((e) => e.kind === 'snapshot').length;
      i = events.items.length;
    }
  };
  /** Sends a frame, then a sentinel the test waits for (frames are handled in order). */
  const sendAndSync = async (frame: unknown) => {
    const mark = events.mark();
    server.send(frame);
    server.send({ event_type: 'sentinel' });
    await events.next((e) => e.kind === 'invalid' && e.detail === 'unknown event', mark);
  };

  it('subscribes both token ids with the initial dump and applies each book as published', async () => {
    feed.start();
    const sub = await server.subscriptions.next(() => true);
    expect(sub).toMatchObject({ assets_ids: ['Y0', 'N0'], initial_dump: true });
    await dumped();
    expect(book().stale).toBe(false);
    expect(book().yes.asks.toArray()).toEqual([
      [cents(42), contracts(50)],
      [cents(45), contracts(10)]
    ]);
    expect(book().no.asks.toArray()).toEqual([[cents(58), contracts(25.5)]]);
    expect(book().yes.venueTsMs).toBe(server.tsMs);
  });

  it('price_change sets new totals: BUY → bids, SELL → asks (never BID/ASK)', async () => {
    feed.start();
    await dumped();
    await sendAndSync(
      server.priceChange([
        { asset_id: 'Y0', price: '0.42', size: '20', side: 'SELL' },
        { asset_id: 'Y0', price: '0.41', size: '7', side: 'BUY' },
        { asset_id: 'N0', price: '0.58', size: '0', side: 'SELL' }
      ])
    );
    expect(book().yes.asks.toArray()).toEqual([
      [cents(42), contracts(20)],
      [cents(45), contracts(10)]
    ]);
    expect(book().yes.bids.toArray()).toEqual([
      [cents(40), contracts(100)],
      [cents(41), contracts(7)]
    ]);
    expect(book().no.asks.toArray()).toEqual([]);
    expect(book().stale).toBe(false);
    // the public bots' side strings are not sides: the token's book goes to a resync
    const mark = events.mark();
    server.send(server.priceChange([{ asset_id: 'Y0', price: '0.42', size: '1', side: 'ASK' }]));
    await events.next((e) => e.kind === 'resync', mark);
    expect(book().yes.staleReason).toBe('resyncing');
  });

  it('a bad update resyncs from REST /book; the book stays stale until a WS event agrees', async () => {
    feed.start();
    await dumped();
    server.restBooks.set('Y0', { bids: [lv('0.39', '12')], asks: [lv('0.43', '8')] });
    const mark = events.mark();
    // a price at $1.20 is outside (0, $1): the write returns false
    server.send(server.priceChange([{ asset_id: 'Y0', price: '1.20', size: '5', side: 'SELL' }]));
    const r = await events.next((e) => e.kind === 'resync', mark);
    expect(r).toMatchObject({ reason: 'bad_write', marketIds: [0] });
    expect(await server.restRequests.next(() => true)).toBe('Y0');
    await events.next((e) => e.kind === 'rest_book', mark);
    expect(book().yes.asks.toArray()).toEqual([[cents(43), contracts(8)]]);
    expect(book().yes.staleReason).toBe('resyncing');
    expect(book().no.stale).toBe(false);
    // a change whose best bid/ask disagree with the local top keeps it stale
    await sendAndSync(
      server.priceChange([
        {
          asset_id: 'Y0',
          price: '0.43',
          size: '9',
          side: 'SELL',
          best_bid: '0.40',
          best_ask: '0.43'
        }
      ])
    );
    expect(book().yes.stale).toBe(true);
    // one that agrees marks it fresh
    await sendAndSync(
      server.priceChange([
        {
          asset_id: 'Y0',
          price: '0.43',
          size: '6',
          side: 'SELL',
          best_bid: '0.39',
          best_ask: '0.43'
        }
      ])
    );
    expect(book().yes.stale).toBe(false);
    expect(book().yes.asks.toArray()).toEqual([[cents(43), contracts(6)]]);
  });

  it('an invalid event (the pre-2025-09 price_change) resyncs the token it names', async () => {
    feed.start();
    await dumped();
    const mark = events.mark();
    server.send({
      event_type: 'price_change',
      asset_id: 'N0',
      changes: [{ price: '0.5', side: 'BUY', size: '1' }]
    });
    const r = await events.next((e) => e.kind === 'resync', mark);
    expect(r).toMatchObject({ reason: 'invalid_message', marketIds: [0] });
    await events.next((e) => e.kind === 'rest_book', mark);
    // a WS book supersedes the REST one and marks the token fresh
    await sendAndSync(server.bookEvent('N0'));
    expect(book().no.stale).toBe(false);
  });

  it('tick_size_change is recorded; batched frames and bad JSON are handled', async () => {
    feed.start();
    await dumped();
    server.send('{oops');
    await sendAndSync([
      {
        event_type: 'tick_size_change',
        asset_id: 'Y0',
        market: '0xcond',
        old_tick_size: '0.01',
        new_tick_size: '0.001',
        timestamp: '1'
      },
      { event_type: 'last_trade_price', asset_id: 'Y0', price: '0.42', size: '1', side: 'BUY' }
    ]);
    expect(feed.tickSize('Y0')).toBe(1_000);
    expect(book().stale).toBe(false);
  });

  it('sends PING heartbeats; a disconnect marks both outcomes stale and the reconnect restores them', async () => {
    feed.start();
    await dumped();
    await clock.advance(10_000);
    await sendAndSync({ event_type: 'best_bid_ask' }); // a round trip: the PING has arrived
    expect(server.pings).toBe(1);
    const mark = events.mark();
    server.drop();
    await events.next((e) => e.kind === 'down', mark);
    expect(book().yes.staleReason).toBe('disconnected');
    expect(book().no.staleReason).toBe('disconnected');
    await clock.advance(250);
    await dumped(mark);
    expect(book().stale).toBe(false);
  });

  it('a link with no PONG for 30 s is dropped and the books go stale', async () => {
    server.silent = true;
    feed.start();
    await dumped();
    const mark = events.mark();
    await clock.advance(30_000);
    const down = await events.next((e) => e.kind === 'down', mark);
    expect(down).toMatchObject({ reason: 'dead' });
    expect(book().stale).toBe(true);
  });
});
