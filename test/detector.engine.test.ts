/**
 * The detector feeding the engine (`supervisor.connect`): simulated venues whose books a
 * stand-in feed copies into the local books (Kalshi as bids only, Polymarket per token); the
 * detector finds the arb, the engine buys it against the same venues at the detector's limit
 * prices, the fill moves the venues' books, and once the feed reports that, the opportunity is
 * gone.
 */
import { describe, expect, it } from 'vitest';
import { bookUpdates, detectArbitrage, detectorStats } from '../actors/detector/index.js';
import {
  applyKalshiSnapshot,
  applyPolymarketBook,
  BookStore,
  cents,
  complementPrice,
  contracts,
  type BookLevel
} from '../core/index.js';
import { testEngine, testMarket } from './support/engine.js';

describe('detector → engine', () => {
  it('finds the arb, the engine fills it, and the moved book shows none', async () => {
    const market = testMarket(1);
    const t = testEngine({ markets: [market] });
    t.book('polymarket', 1, 'yes', [
      [40, 10],
      [42, 20]
    ]);
    t.book('polymarket', 1, 'no', [[70, 100]]);
    t.book('kalshi', 1, 'no', [
      [55, 15],
      [56, 30]
    ]);
    t.book('kalshi', 1, 'yes', [[62, 100]]);
    const books = new BookStore([1]);
    /** The stand-in feed: what each venue publishes, applied to the local books. */
    const publish = (): void => {
      const asks = (side: 'yes' | 'no'): BookLevel[] =>
        t.kalshi.book(1, side).asks.map((l) => ({ price: l.price, size: l.qty }));
      // Kalshi publishes bids: a NO ask at p is a YES bid at 1 − p, and the reverse
      const bidsFrom = (ls: BookLevel[]): BookLevel[] =>
        ls.map((l) => ({ price: complementPrice(l.price), size: l.size }));
      applyKalshiSnapshot(books.get(1)!.kalshi, bidsFrom(asks('no')), bidsFrom(asks('yes')));
      for (const side of ['yes', 'no'] as const) {
        const b = t.polymarket.book(1, side);
        const lv = (ls: typeof b.asks): BookLevel[] =>
          ls.map((l) => ({ price: l.price, size: l.qty }));
        applyPolymarketBook(books.get(1)!.polymarket, side, lv(b.bids), lv(b.asks), 1);
      }
      books.changed(1);
    };
    const stats = detectorStats();
    t.supervisor.connect(
      bookUpdates(books).pipe(
        detectArbitrage({ markets: [market], books, clock: t.clock, stats, scheduler: null })
      )
    );
    publish();
    expect(stats.requests).toBe(1);
    while (t.supervisor.liveCount() > 0) await t.clock.advance(10);
    expect(t.results).toHaveLength(1);
    const r = t.results[0]!;
    expect(r.error).toBeNull();
    // 15 contracts at limits YES 42¢ / NO 55¢ (the detector's walk); YES filled 10 @ 40¢, 5 @ 42¢
    expect(r.matchedContracts).toBe(contracts(15));
    // $15 − (10 × 40¢ + 5 × 42¢ + 15 × 55¢) − 26¢ Kalshi fee = 39¢: the detector's 19¢ at
    // the limit prices was the floor
    expect(r.realizedProfit).toBe(cents(39));
    expect(t.polymarket.book(1, 'yes').asks).toEqual([{ price: cents(42), qty: contracts(15) }]);
    expect(t.kalshi.book(1, 'no').asks).toEqual([{ price: cents(56), qty: contracts(30) }]);
    // the feed reports the moved books: 42¢ + 56¢ leaves 2¢ before a 1.73¢ fee, under 1¢
    publish();
    expect(stats.evaluations).toBe(2);
    expect(stats.requests).toBe(1);
    await t.supervisor.stop();
  });
});
