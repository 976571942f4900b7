/**
 * Polymarket REST `/book` hashes (PROTOCOLS.md §2.3): the recipe against a preimage written out
 * by hand and hashed with node:crypto (not with the module under test), and the feed's REST
 * resync path: a matching hash is applied, a wrong one is not (counted, retried after the
 * backoff, the later correct answer applied), an answer without a hash is applied as before.
 */
import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  checkPolyBookHash,
  polyBookHash,
  polyBookHashPreimage,
  PolymarketBookFeed,
  type FeedEvent
} from '../adapters/feeds/index.js';
import { startPolymarketMock } from '../adapters/venues/polymarket/mock/index.js';
import { registerFeedMetrics } from '../adapters/metrics/feedMetrics.js';
import { BookStore, cents, contracts } from '../core/index.js';
import { Inbox, PolymarketFeedServer } from './support/feedServers.js';

const lv = (price: string, size: string) => ({ price, size });
const sha1Hex = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/** The preimage of {@link RAW}, written out by hand: keys in the recipe's order, `hash` empty. */
const PREIMAGE =
  '{"market":"0xcond","asset_id":"Y0","timestamp":"1767225600000","hash":"",' +
  '"bids":[{"price":"0.39","size":"12"},{"price":"0.38","size":"100.5"}],' +
  '"asks":[{"price":"0.43","size":"8"}],' +
  '"min_order_size":"5","tick_size":"0.01","neg_risk":false,"last_trade_price":"0.5"}';

/** A REST answer as it may arrive: its own key order, extra keys (top level and in a level). */
const RAW = {
  asks: [{ size: '8', price: '0.43' }],
  neg_risk: false,
  hash: 'to be replaced',
  asset_id: 'Y0',
  bids: [lv('0.39', '12'), { price: '0.38', size: '100.5', extra: 1 }],
  tick_size: '0.01',
  last_trade_price: '0.5',
  market: '0xcond',
  timestamp: '1767225600000',
  min_order_size: '5',
  unrelated: 'ignored'
};

describe('Polymarket REST book hash recipe', () => {
  it('rebuilds the hand-written preimage and its SHA-1', () => {
    expect(polyBookHashPreimage(RAW)).toBe(PREIMAGE);
    const want = sha1Hex(PREIMAGE);
    expect(want).toMatch(/^[0-9a-f]{40}$/);
    expect(polyBookHash(RAW)).toBe(want);
    expect(checkPolyBookHash({ ...RAW, hash: want })).toBe('match');
    expect(checkPolyBookHash({ ...RAW, hash: want.toUpperCase() })).toBe('match');
    expect(checkPolyBookHash({ ...RAW, hash: sha1Hex(PREIMAGE + ' ') })).toBe('mismatch');
    // a changed value changes the hash: the book is not what the hash summarises
    expect(checkPolyBookHash({ ...RAW, hash: want, asks: [lv('0.43', '9')] })).toBe('mismatch');
  });

  it('writes values back as received: strings stay strings, booleans bare, non-ASCII escaped', () => {
    const raw = { ...RAW, market: 'caf\u00e9', neg_risk: true };
    const pre =
      '{"market":"caf\\u00e9","asset_id":"Y0","timestamp":"1767225600000","hash":"",' +
      '"bids":[{"price":"0.39","size":"12"},{"price":"0.38","size":"100.5"}],' +
      '"asks":[{"price":"0.43","size":"8"}],' +
      '"min_order_size":"5","tick_size":"0.01","neg_risk":true,"last_trade_price":"0.5"}';
    expect(polyBookHashPreimage(raw)).toBe(pre);
    expect(polyBookHash(raw)).toBe(sha1Hex(pre));
  });

  it('cannot check an answer without a hash, with an empty one, or missing a field', () => {
    const { hash: _h, ...noHash } = RAW;
    expect(checkPolyBookHash(noHash)).toBe('unchecked');
    expect(checkPolyBookHash({ ...RAW, hash: '' })).toBe('unchecked');
    const { last_trade_price: _l, ...noLast } = RAW;
    expect(polyBookHashPreimage(noLast)).toBeNull();
    expect(checkPolyBookHash({ ...noLast, hash: sha1Hex(PREIMAGE) })).toBe('unchecked');
    // a value that cannot be written back exactly (a number: `5` and `5.0` parse alike; a
    // level size not a string)
    expect(checkPolyBookHash({ ...RAW, hash: 'x', min_order_size: 5.5 })).toBe('unchecked');
    const fivePointO = PREIMAGE.replace('"min_order_size":"5"', '"min_order_size":5.0');
    const signed = fivePointO.replace('"hash":""', `"hash":"${sha1Hex(fivePointO)}"`);
    expect(checkPolyBookHash(JSON.parse(signed))).toBe('unchecked'); // not a false mismatch
    expect(checkPolyBookHash({ ...RAW, hash: 'x', asks: [{ price: '0.43', size: 8 }] })).toBe(
      'unchecked'
    );
    expect(checkPolyBookHash(null)).toBe('unchecked');
  });
});

/** One feed on a loopback server, its REST `/book` hash as `restHash` says; closed after each test. */
const running: { feed: PolymarketBookFeed; server: PolymarketFeedServer }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.feed.stop();
    await r.server.close();
  }
});

/**
 * Starts a feed, waits for both dumped books, then breaks Y0 (a price at $1.20, outside
 * (0, $1): the write returns false) so that it asks REST `/book`, answered with
 * {@link REST_Y0} and a hash as `restHash` says.
 */
async function resyncedFeed(restHash: PolymarketFeedServer['restHash']) {
  const server = await PolymarketFeedServer.start();
  server.books.set('Y0', { bids: [lv('0.40', '100')], asks: [lv('0.42', '50')] });
  server.books.set('N0', { bids: [lv('0.55', '30')], asks: [lv('0.58', '25')] });
  server.restBooks.set('Y0', REST_Y0);
  server.restHash = restHash;
  const clock = new ManualClock();
  const books = new BookStore([0]);
  const events = new Inbox<FeedEvent>();
  const registry = new Registry();
  const feed = new PolymarketBookFeed({
    markets: [{ marketId: 0, yesTokenId: 'Y0', noTokenId: 'N0' }],
    wsUrl: server.wsUrl,
    restBase: server.restBase,
    metrics: registerFeedMetrics(registry, () => books),
    onEvent: (e) => events.push(e),
    backoff: { random: () => 0 },
    books,
    clock
  });
  running.push({ feed, server });
  feed.start();
  while (events.items.filter((e) => e.kind === 'snapshot').length < 2) {
    await events.next((e) => e.kind === 'snapshot', events.items.length);
  }
  const mark = events.mark();
  server.send(server.priceChange([{ asset_id: 'Y0', price: '1.20', size: '5', side: 'SELL' }]));
  await events.next((e) => e.kind === 'resync', mark);
  const mismatches = async () =>
    /twinleg_feed_hash_mismatches_total\{venue="polymarket",source="rest"\} (\d+)/.exec(
      await registry.metrics()
    )?.[1] ?? '0';
  return { server, clock, events, mark, mismatches, yes: () => books.venue(0, 'polymarket')!.yes };
}

const REST_Y0 = { bids: [lv('0.39', '12')], asks: [lv('0.43', '8')] };
const REST_ASKS = [[cents(43), contracts(8)]];

describe('Polymarket REST resync with hashes', () => {
  it('applies a REST book whose hash matches the recipe', async () => {
    const f = await resyncedFeed('valid');
    await f.events.next((e) => e.kind === 'rest_book', f.mark);
    expect(f.yes().asks.toArray()).toEqual(REST_ASKS);
    expect(f.yes().staleReason).toBe('resyncing'); // until a WS event agrees (§2.5)
    expect(f.events.items.some((e) => e.kind === 'hash_mismatch')).toBe(false);
    expect(await f.mismatches()).toBe('0');
  });

  it('does not apply a REST book with a wrong hash, counts it, and applies a later correct one', async () => {
    const f = await resyncedFeed('wrong');
    const m = await f.events.next((e) => e.kind === 'hash_mismatch', f.mark);
    expect(m).toEqual({ kind: 'hash_mismatch', source: 'rest', marketId: 0, tokenId: 'Y0' });
    expect(f.yes().asks.toArray()).not.toEqual(REST_ASKS);
    expect(f.yes().stale).toBe(true); // still as the doubt left it: never used
    expect(f.events.items.slice(f.mark).some((e) => e.kind === 'rest_book')).toBe(false);
    expect(await f.mismatches()).toBe('1');
    expect(f.server.restRequests.items).toEqual(['Y0']);
    // the retry waits for the backoff (250 ms with no jitter), then asks again
    f.server.restHash = 'valid';
    await f.clock.advance(250);
    await f.events.next((e) => e.kind === 'rest_book', f.mark);
    expect(f.server.restRequests.items).toEqual(['Y0', 'Y0']);
    expect(f.yes().asks.toArray()).toEqual(REST_ASKS);
    expect(f.yes().staleReason).toBe('resyncing');
    expect(await f.mismatches()).toBe('1');
  });

  it('applies a REST book without a hash as before (stale until a WS event agrees)', async () => {
    const f = await resyncedFeed('absent');
    await f.events.next((e) => e.kind === 'rest_book', f.mark);
    expect(f.yes().asks.toArray()).toEqual(REST_ASKS);
    expect(f.yes().staleReason).toBe('resyncing');
    expect(await f.mismatches()).toBe('0');
  });
});

describe('the mock venue signs its REST books like the venue', () => {
  it("a /book answer of `twinleg mock-venues`' Polymarket checks as a match", async () => {
    const raw = { apiKey: 'k', secret: Buffer.alloc(32).toString('base64'), passphrase: 'p' };
    const pm = await startPolymarketMock({ ...raw, address: `0x${'11'.repeat(20)}` });
    try {
      pm.setBook('123', {
        asks: [{ price: cents(53), qty: contracts(100) }],
        bids: [{ price: cents(51), qty: contracts(40) }]
      });
      const body = (await (await fetch(`${pm.url}/book?token_id=123`)).json()) as {
        hash: string;
      };
      expect(body.hash).toMatch(/^[0-9a-f]{40}$/);
      expect(checkPolyBookHash(body)).toBe('match');
    } finally {
      await pm.close();
    }
  });
});
