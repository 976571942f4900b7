import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { liveBookFeeds, type FeedEvent, type LiveBookFeeds } from '../adapters/feeds/index.js';
import { BookStore, type MarketPair } from '../core/index.js';
import { Inbox, KalshiFeedServer, PolymarketFeedServer } from './support/feedServers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const pair = (i: number) =>
  ({
    marketId: i,
    pairId: `p${i}`,
    description: '',
    kalshiTicker: `KX-${i}`,
    polyYesTokenId: `Y${i}`,
    polyNoTokenId: `N${i}`
  }) as unknown as MarketPair;

describe('liveBookFeeds', () => {
  let feeds: LiveBookFeeds | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    feeds?.stop();
    for (const c of closers.splice(0)) await c();
  });

  it('builds one Kalshi feed and sharded Polymarket feeds that bring every book live', async () => {
    const k = await KalshiFeedServer.start(publicKey);
    const p = await PolymarketFeedServer.start();
    closers.push(
      () => k.close(),
      () => p.close()
    );
    const pairs = [0, 1, 2].map(pair);
    for (const m of pairs) {
      k.books.set(m.kalshiTicker, { yes: [['0.4000', '1.00']] });
      p.books.set(m.polyYesTokenId, { bids: [], asks: [{ price: '0.5', size: '3' }] });
      p.books.set(m.polyNoTokenId, { bids: [], asks: [{ price: '0.5', size: '3' }] });
    }
    const books = new BookStore([0, 1, 2]);
    const events = new Inbox<FeedEvent>();
    feeds = liveBookFeeds({
      pairs,
      books,
      clock: new ManualClock(),
      env: {
        env: {
          KALSHI_API_KEY_ID: 'key-9',
          KALSHI_PRIVATE_KEY_PEM: pem,
          KALSHI_WS_BASE_URL: k.wsBase
        }
      },
      polymarketWsUrl: p.wsUrl,
      polymarketRestBase: p.restBase,
      polymarketShard: 2,
      onEvent: (e) => events.push(e)
    });
    expect(feeds.polymarket).toHaveLength(2);
    feeds.start();
    // 3 Kalshi snapshots + 6 Polymarket token books
    for (let n = 1; n <= 9; n++) {
      await events.next(() => events.items.filter((e) => e.kind === 'snapshot').length >= n);
    }
    for (const id of [0, 1, 2]) {
      expect(books.venue(id, 'kalshi')!.stale).toBe(false);
      expect(books.venue(id, 'polymarket')!.stale).toBe(false);
    }
    expect(k.handshakes).toEqual([{ key: 'key-9', verified: true }]);
    expect((await p.subscriptions.next(() => true)).assets_ids).toHaveLength(4);
  });
});
