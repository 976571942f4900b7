import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { KalshiBookFeed, NO_FEED_METRICS, type FeedEvent } from '../adapters/feeds/index.js';
import { kalshiCredentials } from '../adapters/venues/kalshi/credentials.js';
import { BookStore, cents, contracts, SILENT_LOGGER } from '../core/index.js';
import { Inbox, KalshiFeedServer } from './support/feedServers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const creds = kalshiCredentials('key-1', pem);

const asks = (b: BookStore, id: number, side: 'yes' | 'no') =>
  b.venue(id, 'kalshi')!.outcome(side).asks.toArray();
const bids = (b: BookStore, id: number, side: 'yes' | 'no') =>
  b.venue(id, 'kalshi')!.outcome(side).bids.toArray();

describe('Kalshi book feed over loopback', () => {
  let server: KalshiFeedServer;
  let clock: ManualClock;
  let books: BookStore;
  let events: Inbox<FeedEvent>;
  let feed: KalshiBookFeed;
  let changed: number[];

  beforeEach(async () => {
    server = await KalshiFeedServer.start(publicKey);
    server.books.set('KX-A', { yes: [['0.4000', '10.00']], no: [['0.5500', '20.00']] });
    server.books.set('KX-B', { yes: [['0.2000', '5.00']] });
    clock = new ManualClock();
    books = new BookStore([0, 1]);
    changed = [];
    books.onChange((id) => changed.push(id));
    events = new Inbox();
    feed = new KalshiBookFeed({
      wsBase: server.wsBase,
      credentials: creds,
      markets: [
        { marketId: 0, ticker: 'KX-A' },
        { marketId: 1, ticker: 'KX-B' }
      ],
      books,
      clock,
      useYesPrice: false,
      backoff: { random: () => 0 },
      onEvent: (e) => events.push(e)
    });
  });

  afterEach(async () => {
    feed.stop();
    await server.close();
  });

  const snapshots = async (from = 0) => {
    await events.next((e) => e.kind === 'snapshot' && e.marketId === 0, from);
    await events.next((e) => e.kind === 'snapshot' && e.marketId === 1, from);
  };

  it('signs the handshake, subscribes the tickers and applies the snapshots', async () => {
    feed.start();
    const sub = await server.commands.next((c) => c.cmd === 'subscribe');
    expect(sub.params).toEqual({
      channels: ['orderbook_delta'],
      market_tickers: ['KX-A', 'KX-B'],
      use_yes_price: false
    });
    expect(server.handshakes).toEqual([{ key: 'key-1', verified: true }]);
    await snapshots();
    const a = books.venue(0, 'kalshi')!;
    expect(a.stale).toBe(false);
    expect(bids(books, 0, 'yes')).toEqual([[cents(40), contracts(10)]]);
    // a NO bid at 55¢ is a YES ask at 45¢; a YES bid at 40¢ a NO ask at 60¢
    expect(asks(books, 0, 'yes')).toEqual([[cents(45), contracts(20)]]);
    expect(asks(books, 0, 'no')).toEqual([[cents(60), contracts(10)]]);
    // an absent side is an empty ladder
    expect(asks(books, 1, 'yes')).toEqual([]);
    expect(changed).toContain(0);
  });

  it('applies signed deltas in the fixed-point fields', async () => {
    const latencies: number[] = [];
    feed = new KalshiBookFeed({
      wsBase: server.wsBase,
      credentials: creds,
      markets: [
        { marketId: 0, ticker: 'KX-A' },
        { marketId: 1, ticker: 'KX-B' }
      ],
      books,
      clock,
      useYesPrice: false,
      metrics: { ...NO_FEED_METRICS, latencyMs: (_v, ms) => latencies.push(ms) },
      onEvent: (e) => events.push(e)
    });
    feed.start();
    await snapshots();
    const mark = events.mark();
    server.delta('KX-A', 'no', '0.550', '-5.00');
    server.delta('KX-A', 'yes', '0.4100', '3.50', { tsMs: clock.wallMs() - 20 });
    server.delta('KX-A', 'yes', '0.4000', '-10.00');
    // a sentinel frame after the deltas: a snapshot of B
    server.snapshot('KX-B');
    await events.next((e) => e.kind === 'snapshot' && e.marketId === 1, mark);
    expect(asks(books, 0, 'yes')).toEqual([[cents(45), contracts(15)]]);
    expect(bids(books, 0, 'yes')).toEqual([[cents(41), contracts(3.5)]]);
    expect(books.venue(0, 'kalshi')!.yes.venueTsMs).toBe(clock.wallMs() - 20);
    // feed latency: the delta's ts_ms to its receipt on the shared (manual) clock
    expect(latencies).toEqual([20]);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
  });

  it('a sequence gap marks the subscription stale and resubscribes for fresh snapshots', async () => {
    feed.start();
    await snapshots();
    const firstSid = server.sid;
    server.books.set('KX-A', { yes: [['0.3000', '7.00']] });
    const mark = events.mark();
    server.delta('KX-A', 'yes', '0.4000', '1.00', { skip: 1 });
    const gap = await events.next((e) => e.kind === 'gap', mark);
    expect(gap).toMatchObject({ kind: 'gap', sid: firstSid, expected: 3, got: 4 });
    const resync = await events.next((e) => e.kind === 'resync', mark);
    expect(resync).toMatchObject({ reason: 'sequence_gap', marketIds: [0, 1] });
    const unsub = await server.commands.next((c) => c.cmd === 'unsubscribe');
    expect(unsub.params).toEqual({ sids: [firstSid] });
    await snapshots(mark);
    expect(server.sid).not.toBe(firstSid);
    // the gapped delta was not applied; the new snapshot replaced the book
    expect(bids(books, 0, 'yes')).toEqual([[cents(30), contracts(7)]]);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
  });

  it('a delta that takes a level below zero resyncs instead of freezing the book', async () => {
    feed.start();
    await snapshots();
    const mark = events.mark();
    server.delta('KX-A', 'yes', '0.4000', '-11.00');
    const r = await events.next((e) => e.kind === 'resync', mark);
    expect(r).toMatchObject({ reason: 'bad_write' });
    await snapshots(mark);
    expect(bids(books, 0, 'yes')).toEqual([[cents(40), contracts(10)]]);
  });

  it('a disconnect marks every book stale; the reconnect (re-signed) restores them', async () => {
    feed.start();
    await snapshots();
    const mark = events.mark();
    server.drop();
    await events.next((e) => e.kind === 'down', mark);
    expect(books.venue(0, 'kalshi')!.yes.staleReason).toBe('disconnected');
    expect(books.venue(1, 'kalshi')!.stale).toBe(true);
    // a delta cannot arrive now; the books stay stale until the backoff timer fires
    await clock.advance(250); // random 0 → half of the 500 ms ceiling
    await events.next((e) => e.kind === 'open', mark);
    await snapshots(mark);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
    expect(server.handshakes).toHaveLength(2);
    expect(server.handshakes.every((h) => h.verified)).toBe(true);
  });

  it('an invalid book frame resyncs; unknown frames and bad JSON never throw', async () => {
    feed.start();
    await snapshots();
    const mark = events.mark();
    server.send('not json');
    server.send({ type: 'mystery', sid: 1 });
    // the legacy integer delta (removed March 2026) is not silently read
    server.send({
      type: 'orderbook_delta',
      sid: server.sid,
      seq: 4,
      msg: { market_ticker: 'KX-A', price: 40, delta: 1, side: 'yes' }
    });
    const r = await events.next((e) => e.kind === 'resync', mark);
    expect(r).toMatchObject({ reason: 'invalid_message' });
    await snapshots(mark);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
  });

  it('a terminal venue error reconnects with the books stale meanwhile', async () => {
    feed.start();
    await snapshots();
    const mark = events.mark();
    server.send({ type: 'error', id: 99, msg: { code: 25, msg: 'subscription buffer overflow' } });
    await events.next((e) => e.kind === 'down' && e.reason === 'venue_error', mark);
    expect(books.venue(0, 'kalshi')!.stale).toBe(true);
    await clock.advance(250);
    await snapshots(mark);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
  });

  it('a full inbound queue drops the connection: books stale, then resynced, never silently lost', async () => {
    feed = new KalshiBookFeed({
      wsBase: server.wsBase,
      credentials: creds,
      markets: [
        { marketId: 0, ticker: 'KX-A' },
        { marketId: 1, ticker: 'KX-B' }
      ],
      books,
      clock,
      useYesPrice: false,
      backoff: { random: () => 0 },
      tuning: { queueCapacity: 4 },
      onEvent: (e) => events.push(e)
    });
    feed.start();
    await snapshots();
    const mark = events.mark();
    const deltas = Array.from({ length: 10 }, (_, i) => ({
      type: 'orderbook_delta',
      sid: server.sid,
      seq: 3 + i,
      msg: { market_ticker: 'KX-A', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' }
    }));
    server.burst(deltas);
    const down = await events.next((e) => e.kind === 'down', mark);
    expect(down).toMatchObject({ reason: 'queue_full' });
    expect(books.venue(0, 'kalshi')!.yes.staleReason).toBe('disconnected');
    await clock.advance(250);
    await snapshots(mark);
    expect(bids(books, 0, 'yes')).toEqual([[cents(40), contracts(10)]]);
    expect(books.venue(0, 'kalshi')!.stale).toBe(false);
  });

  it('a venue that refuses the subscription is retried with growing backoff, not hammered', async () => {
    const delays: number[] = [];
    const logger = {
      ...SILENT_LOGGER,
      info: (o: object, msg: string) => {
        if (msg.includes('reconnecting')) delays.push((o as { ms: number }).ms);
      }
    };
    server.rejectSubscribe = true;
    feed = new KalshiBookFeed({
      wsBase: server.wsBase,
      credentials: creds,
      markets: [{ marketId: 0, ticker: 'KX-A' }],
      books,
      clock,
      logger,
      backoff: { random: () => 0 },
      onEvent: (e) => events.push(e)
    });
    feed.start();
    let mark = 0;
    for (const wait of [250, 500, 1000]) {
      await events.next((e) => e.kind === 'down' && e.reason === 'venue_error', mark);
      mark = events.mark();
      await clock.advance(wait);
    }
    await events.next((e) => e.kind === 'down', mark);
    expect(delays).toEqual([250, 500, 1000, 2000]);
    expect(books.venue(0, 'kalshi')!.stale).toBe(true);
  });

  it('by default sends use_yes_price: true and reads NO levels on the YES scale', async () => {
    feed = new KalshiBookFeed({
      wsBase: server.wsBase,
      credentials: creds,
      markets: [{ marketId: 0, ticker: 'KX-A' }],
      books,
      clock,
      onEvent: (e) => events.push(e)
    });
    // on the YES scale a NO level at 0.45 is the YES ask itself (a NO bid at 55¢)
    server.books.set('KX-A', { yes: [['0.4000', '10.00']], no: [['0.4500', '20.00']] });
    feed.start();
    const sub = await server.commands.next((c) => c.cmd === 'subscribe');
    expect(sub.params.use_yes_price).toBe(true);
    await events.next((e) => e.kind === 'snapshot');
    expect(asks(books, 0, 'yes')).toEqual([[cents(45), contracts(20)]]);
    expect(bids(books, 0, 'no')).toEqual([[cents(55), contracts(20)]]);
  });
});
