/**
 * End to end over loopback, against the streaming mock venues (`twinleg mock-venues`,
 * cli/commands/mockVenues.ts): both mocks stream their matching engines' own books over their
 * WebSocket channels, the real book feeds (liveBookFeeds) write a BookStore, the detector
 * (actors/detector) finds a cross-venue dislocation on it and feeds an ExecutionSupervisor whose
 * venues are the real Kalshi and Polymarket adapters pointed at the SAME mocks. The fills take
 * the dislocated levels, the mocks stream the changed books, the feeds apply them, and the
 * detector finds nothing more for the market.
 *
 * How this was checked to fail without the streamed book motion: in a scratch copy of the
 * repository (not in this tree), the `this.changed(...)` calls that the two mock exchanges make
 * after a fill takes levels (Kalshi: adapters/venues/kalshi/mock/exchange.ts, in the fill path;
 * Polymarket: adapters/venues/polymarket/mock/exchange.ts, the `trade` change) were commented
 * out. The test then failed at step 4 ("timed out waiting for the fill moved the books the feeds
 * hold"); with step 4 also cut out, it failed at step 5: the unrelated update (a book message of
 * the other Polymarket token, which carries nothing of the fill) made the detector emit a second
 * request for the market (2 requests, expected 1).
 *
 * The clock is a real NanoClock, as in the other loopback tests of the real adapters (their
 * HTTP timeouts and the signed handshakes run on it). Every wait is on an event (a book
 * message applied, a request, a result) with a generous bound, except the in-flight bit's
 * release, which no event announces (polled); nothing asserts on timing.
 */
import { tap } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bookUpdates,
  detectArbitrage,
  detectorStats,
  type DetectorStats
} from '../actors/detector/index.js';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { liveBookFeeds, type FeedEvent, type LiveBookFeeds } from '../adapters/feeds/index.js';
import { KalshiAdapter, kalshiCredentials } from '../adapters/venues/kalshi/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { startMockVenues, type MockVenues } from '../cli/commands/mockVenues.js';
import {
  bestArb,
  BookStore,
  cents,
  contracts,
  EngineConfigSchema,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord
} from '../core/index.js';
import { Inbox } from './support/feedServers.js';

const [pair] = demoMarkets(1);
const market = pair!;
const ID = market.marketId;
const N = 10; // contracts in the dislocation: one execution consumes it
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });

/** Generous upper bound of every wait (never asserted as a timing). */
const WAIT_MS = 8_000;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Resolves once `pred` holds, checked now and after every applied book message. */
function whenBooks(books: BookStore, pred: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pred()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, WAIT_MS);
    const off = books.onChange(() => {
      if (!pred()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Resolves with the first item (at index ≥ `from`) matching `pred`, or rejects after WAIT_MS. */
function within<T>(inbox: Inbox<T>, pred: (t: T) => boolean, what: string, from = 0): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([inbox.next(pred, from), timeout]).finally(() => clearTimeout(timer));
}

/** Polls `pred` on the event loop (for state no event announces), or rejects after WAIT_MS. */
async function until(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** After every queued microtask (the detector drains in one) and pending I/O callback. */
const settled = () => new Promise<void>((r) => setImmediate(r));

async function rig() {
  // Flat books, no motion timer: nothing moves unless the test or a fill moves it.
  const m: MockVenues = await startMockVenues(
    { kalshiPort: 0, polymarketPort: 0, lifecycleSeed: 1, books: 'flat', tickMs: 0 },
    [market]
  );
  cleanup.push(() => m.close());
  // No dislocation yet (every pairing costs over $1): Kalshi YES 35¢/60¢ (NO asks at 65¢),
  // Polymarket YES 45¢/55¢, NO 40¢/50¢ with only N at 50¢ and 60¢ behind it.
  m.kalshi.setBook(market.kalshiTicker, { bids: [lv(35, 100)], asks: [lv(60, 100)] });
  m.polymarket.setBook(market.polyYesTokenId, { bids: [lv(45, 100)], asks: [lv(55, 100)] });
  m.polymarket.setBook(market.polyNoTokenId, {
    bids: [lv(40, 100)],
    asks: [lv(50, N), lv(60, 100)]
  });

  const clock = new NanoClock(); // one shared clock: feeds, detector, engine, adapters
  const books = new BookStore([ID]);
  const events = new Inbox<FeedEvent>();
  const feeds: LiveBookFeeds = liveBookFeeds({
    pairs: [market],
    books,
    clock,
    kalshiCredentials: kalshiCredentials(m.keyId, m.pem),
    kalshiWsBase: m.kalshi.wsBase,
    polymarketWsUrl: m.polymarket.wsUrl,
    polymarketRestBase: m.polymarket.url,
    onEvent: (e) => events.push(e)
  });
  cleanup.push(() => feeds.stop());

  const kalshi = new KalshiAdapter({
    credentials: kalshiCredentials(m.keyId, m.pem),
    clock,
    baseUrl: m.kalshi.url
  });
  cleanup.push(() => kalshi.close());
  const polymarket = new PolymarketAdapter({
    baseUrl: m.polymarket.url,
    gammaBaseUrl: m.polymarket.url,
    credentials: new PolymarketCredentials({
      privateKey: m.pk,
      apiKey: m.poly.apiKey,
      secret: m.poly.secret,
      passphrase: m.poly.passphrase,
      signatureType: 0
    }),
    clock
  });
  cleanup.push(() => polymarket.close());
  await polymarket.warmUp([market]);

  const supervisor = new ExecutionSupervisor({
    markets: [market],
    venues: { kalshi, polymarket },
    clock,
    idPrefix: 'books-e2e-',
    // the market's bit is free right after a success, so the detector looks at it again
    config: { delayedReleaseMs: 0 }
  });
  cleanup.push(() => supervisor.stop({ timeoutMs: 5_000 }));
  const fills: FillRecord[] = [];
  const results = new Inbox<ExecutionResult>();
  supervisor.fills$.subscribe((f) => fills.push(f));
  supervisor.results$.subscribe((r) => results.push(r));

  // The detector as `run --live` wires it: book updates in, requests into the engine, skipping
  // a market the engine holds; every request is also recorded on its way in.
  const stats: DetectorStats = detectorStats();
  const requests = new Inbox<FastExecutionRequest>();
  const detected = bookUpdates(books).pipe(
    detectArbitrage({
      markets: [market],
      books,
      clock,
      isInFlight: (id) => supervisor.isInFlight(id),
      stats
    }),
    tap((q) => requests.push(q))
  );
  const sub = supervisor.connect(detected);
  cleanup.push(() => sub.unsubscribe());
  feeds.start(); // after the detector is connected: it sees every book message
  return { m, books, events, supervisor, fills, results, stats, requests };
}

describe('mock venues stream → detector → engine on the same mocks → the book moves', () => {
  it('a dislocation is detected, executed on both venues, and disappears from the streamed books', async () => {
    const r = await rig();
    const { m, books, stats, requests } = r;
    const k = () => books.venue(ID, 'kalshi')!;
    const p = () => books.venue(ID, 'polymarket')!;

    // 1. The feeds hold the mocks' books (snapshots over both WebSocket channels); no request.
    await whenBooks(
      books,
      () =>
        !k().stale &&
        !p().stale &&
        k().yes.asks.sizeAtPrice(cents(60)) === contracts(100) &&
        p().no.asks.sizeAtPrice(cents(50)) === contracts(N) &&
        p().yes.asks.sizeAtPrice(cents(55)) === contracts(100),
      'the snapshots of both feeds'
    );
    await settled();
    expect(stats.evaluations).toBeGreaterThan(0);
    expect(requests.items).toHaveLength(0);

    // 2. Kalshi's YES ask drops to 40¢ for N contracts: streamed as a delta, the feed applies
    // it, and the detector emits KalshiYes 40¢ + Polymarket NO 50¢ for exactly N.
    m.kalshi.setBook(market.kalshiTicker, {
      bids: [lv(35, 100)],
      asks: [lv(40, N), lv(60, 100)]
    });
    const req = await within(requests, (q) => q.marketId === ID, 'the detector’s request');
    expect(req).toMatchObject({
      marketId: ID,
      arbType: 'KalshiYesPolyNo',
      yesPrice: cents(40),
      noPrice: cents(50),
      yesSize: contracts(N),
      noSize: contracts(N)
    });
    expect(k().yes.asks.sizeAtPrice(cents(40))).toBe(contracts(N));

    // 3. The engine executes it (from the detector's stream) on the same mocks: success, a
    // fill on each venue, each leg at the dislocated price.
    const result = await within(r.results, (x) => x.marketId === ID, 'the execution’s result');
    expect(result).toMatchObject({
      success: true,
      error: null,
      matchedContracts: contracts(N),
      unhedgedContracts: 0
    });
    expect(
      r.fills.map((f) => [f.platform, f.side, f.action, f.contracts, f.avgPrice]).sort()
    ).toEqual(
      [
        ['kalshi', 'yes', 'buy', contracts(N), cents(40)],
        ['polymarket', 'no', 'buy', contracts(N), cents(50)]
      ].sort()
    );
    expect(m.kalshi.fills()).toHaveLength(1);
    expect(m.polymarket.fills()).toHaveLength(1);

    // 4. The fill moved the books the feeds hold: the mocks streamed their changed books
    // (Kalshi: a delta taking the 40¢ level; Polymarket: a fresh NO book without 50¢).
    await whenBooks(
      books,
      () => k().yes.asks.sizeAtPrice(cents(40)) === 0 && p().no.asks.sizeAtPrice(cents(50)) === 0,
      'the fill moved the books the feeds hold'
    );
    expect(k().stale || p().stale).toBe(false);
    expect(k().yes.asks.toArray()[0]).toEqual([cents(60), contracts(100)]);
    expect(k().no.bids.sizeAtPrice(cents(60))).toBe(0); // Kalshi's NO side, the same level
    expect(p().no.asks.toArray()[0]).toEqual([cents(60), contracts(100)]);
    // streamed on the open connections: no gap, no resync, no disconnect
    expect(r.events.items.some((e) => ['gap', 'resync', 'down'].includes(e.kind))).toBe(false);

    // 5. The opportunity is gone: once the engine lets go of the market, one more (unrelated)
    // book update of it makes the detector evaluate the current books, and it emits nothing.
    await until(() => !r.supervisor.isInFlight(ID), 'the market’s in-flight bit to clear');
    const evaluations = stats.evaluations;
    // Polymarket's YES bid moves 45¢ → 46¢: a book message of the other token only, which
    // carries nothing of what the fill took.
    m.polymarket.setBook(market.polyYesTokenId, { bids: [lv(46, 100)], asks: [lv(55, 100)] });
    await whenBooks(
      books,
      () => p().yes.bids.sizeAtPrice(cents(46)) === contracts(100),
      'the unrelated update'
    );
    await settled();
    expect(stats.evaluations).toBeGreaterThan(evaluations);
    expect(requests.items).toHaveLength(1);
    expect(stats.requests).toBe(1);
    const limits = EngineConfigSchema.parse({});
    expect(bestArb(market, books.get(ID)!, limits)).toBeNull();
    expect(r.results.items).toHaveLength(1);
  }, 20_000);
});
