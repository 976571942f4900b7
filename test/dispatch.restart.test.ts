/**
 * End to end: a crash after one leg filled while the other leg's order had its intent written
 * but never reached its venue (it was waiting for its rate-limit token). After the restart the
 * ledger proves it never sent (Kalshi: no dispatch record) or the adapter proves it never
 * matched (Polymarket: signed, no record and no trades past the settlement window), the
 * execution counts it 0 instead of ending `order_unresolved`, closes the filled leg's excess,
 * and the venues end flat. Real adapters against the loopback mocks, the SQLite ledger on disk,
 * engine time on ManualClocks (a frozen clock keeps the token bucket empty in the first life).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { Ledger } from '../adapters/ledger/index.js';
import { KalshiAdapter, kalshiCredentials } from '../adapters/venues/kalshi/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { recallDispatched } from '../cli/runtime/venues.js';
import {
  cents,
  contracts,
  marketRegistry,
  SILENT_LOGGER,
  type ArbType,
  type Clock,
  type ExecutionResult
} from '../core/index.js';
import { CRASH_ENV, CRASH_MARKETS, ticker, token } from './support/crashScenario.js';
import { startCrashVenues, until } from './support/crashVenues.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const markets = marketRegistry(CRASH_MARKETS);
/** Engine wall-time origin: now (the Kalshi mock refuses signatures more than 5 min off). */
const W0 = Date.now();

type Env = Record<(typeof CRASH_ENV)[keyof typeof CRASH_ENV], string>;

/** One process's adapters, with the ledger's dispatch hooks (as `twinleg run --live --db`). */
function adapters(
  env: Env,
  clock: Clock,
  ledger: Ledger,
  o: { kalshiWritesPerSec?: number; polyOrdersPerSec?: number; wallShiftMs?: number } = {}
) {
  ledger.trackDispatch('kalshi');
  ledger.trackDispatch('polymarket');
  // orders the test sends outside any execution (to empty a bucket) are not journaled
  const outside = (cid: string): boolean => cid.startsWith('drain-');
  const kalshi = new KalshiAdapter({
    credentials: kalshiCredentials(env[CRASH_ENV.kalshiKeyId], env[CRASH_ENV.kalshiPem]),
    clock,
    baseUrl: env[CRASH_ENV.kalshiUrl],
    clockSyncMs: 0,
    rateLimit: { writePerSec: o.kalshiWritesPerSec ?? 10 },
    onOrderDispatched: (cid, wallMs) => {
      if (!outside(cid)) ledger.recordDispatch(cid, wallMs);
    }
  });
  const rate = o.polyOrdersPerSec ?? 50;
  const polymarket = new PolymarketAdapter({
    baseUrl: env[CRASH_ENV.polyUrl],
    credentials: new PolymarketCredentials({
      privateKey: env[CRASH_ENV.polyKey],
      apiKey: env[CRASH_ENV.polyApiKey],
      secret: env[CRASH_ENV.polySecret],
      passphrase: env[CRASH_ENV.polyPassphrase],
      signatureType: 0
    }),
    clock,
    clockSyncMs: 0,
    orderRate: { ratePerSec: rate, capacity: rate },
    wallMs: () => Date.now() + (o.wallShiftMs ?? 0),
    onOrderSigned: (cid, id, wallMs) => {
      if (!outside(cid)) ledger.recordSigned(cid, id, wallMs);
    }
  });
  cleanups.push(
    () => kalshi.close(),
    () => polymarket.close()
  );
  return { kalshi, polymarket };
}

const opp = (clock: Clock, marketId: number, arbType: ArbType) => ({
  marketId,
  arbType,
  yesPrice: cents(45),
  noPrice: cents(50),
  yesSize: contracts(10),
  noSize: contracts(10),
  detectedNs: clock.nowNs()
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'twinleg-dispatch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const v = await startCrashVenues();
  cleanups.push(
    () => v.kalshi.close(),
    () => v.pm.close()
  );
  return { db: join(dir, 'ledger.db'), ...v, env: v.env as Env };
}

/** The restarted process: recover, recall, resume, pump engine time until the result. */
async function restart(db: string, env: Env, wallShiftMs: number) {
  const clock = new ManualClock(W0 + 60_000);
  const ledger = Ledger.open(db, { clock });
  cleanups.push(() => ledger.close());
  const recovery = ledger.recover(markets);
  const venues = adapters(env, clock, ledger, { wallShiftMs });
  recallDispatched(recovery.dispatched, CRASH_MARKETS, venues, SILENT_LOGGER);
  const supervisor = new ExecutionSupervisor({
    markets,
    venues,
    clock,
    journal: ledger,
    idPrefix: 'r-',
    config: { autoClose: { polySettlementWaitMs: 300 } }
  });
  const results: ExecutionResult[] = [];
  supervisor.results$.subscribe((r) => results.push(r));
  const resumed = supervisor.resume(recovery.resume);
  for (let i = 0; i < 2_000 && results.length < resumed.length; i++) {
    await new Promise((r) => setTimeout(r, 2));
    await clock.advance(100);
  }
  return { recovery, resumed, results, ledger, elapsedMs: clock.nowMs() };
}

describe('restart after a crash between intent and dispatch', () => {
  it('Kalshi NO never dispatched: counted 0, the Polymarket YES excess is closed, flat', async () => {
    const w = await world();
    w.pm.setBook(token(2, 'yes'), { asks: [lv(45, 10)], bids: [lv(44, 20)] });
    // ---- first life: the Kalshi write bucket is empty and the engine clock frozen ----
    const clock = new ManualClock(W0);
    const ledger = Ledger.open(w.db, { clock });
    const a = adapters(w.env, clock, ledger, { kalshiWritesPerSec: 1 });
    const drain = await a.kalshi.placeOrder(
      {
        venue: 'kalshi',
        market: markets.get(4)!,
        side: 'yes',
        action: 'buy',
        qty: contracts(1),
        limitPrice: cents(45),
        clientOrderId: 'drain-1',
        executionId: 'drain',
        reduceOnly: false
      },
      new AbortController().signal
    );
    expect(drain.status).toBe('none'); // it took the one token
    const first = new ExecutionSupervisor({
      markets,
      venues: a,
      clock,
      journal: ledger,
      idPrefix: 'c-'
    });
    void first.submit(opp(clock, 2, 'PolyYesKalshiNo'));
    await until(() => ledger.fills().some((f) => f.clientOrderId === 'c-1-y'));
    expect(w.kalshi.orders().some((o) => o.clientOrderId === 'c-1-n')).toBe(false);
    // ---- the crash: nothing more of the first life runs ----
    ledger.close();

    const r = await restart(w.db, w.env, 0);
    expect(r.recovery.neverSent).toBe(1);
    expect(r.recovery.resume[0]?.state.legs.no.outcome?.reason).toBe(
      'never sent: no dispatch record'
    );
    expect(r.resumed).toEqual(['c-1']);
    const res = r.results[0]!;
    expect(res.error).not.toBe('order_unresolved'); // before the fix: unresolved, 10 YES open
    expect(res).toMatchObject({ closedContracts: contracts(10), unhedgedContracts: 0 });
    expect(w.pm.position(token(2, 'yes')).held).toBe(0);
    expect(w.kalshi.position(ticker(2))).toBe(0);
    expect(w.kalshi.orders().some((o) => o.clientOrderId === 'c-1-n')).toBe(false);
    expect(r.ledger.recover(markets).unfinished).toBe(0);
  });

  it('Polymarket NO signed, never posted: none past the settlement window, Kalshi YES closed, flat', async () => {
    const w = await world();
    w.kalshi.setBook(ticker(1), { asks: [lv(45, 10)], bids: [lv(44, 20)] });
    // ---- first life: the Polymarket order bucket is empty ----
    const clock = new ManualClock(W0);
    const ledger = Ledger.open(w.db, { clock });
    const a = adapters(w.env, clock, ledger, { polyOrdersPerSec: 1 });
    const drain = await a.polymarket.placeOrder(
      {
        venue: 'polymarket',
        market: markets.get(3)!,
        side: 'no',
        action: 'buy',
        qty: contracts(5),
        limitPrice: cents(50),
        clientOrderId: 'drain-1',
        executionId: 'drain',
        reduceOnly: false
      },
      new AbortController().signal
    );
    expect(drain.status).toBe('none'); // posted (no match): it took the one token
    const first = new ExecutionSupervisor({
      markets,
      venues: a,
      clock,
      journal: ledger,
      idPrefix: 'c-'
    });
    void first.submit(opp(clock, 1, 'KalshiYesPolyNo'));
    await until(() => ledger.fills().some((f) => f.clientOrderId === 'c-1-y'));
    await until(() => ledger.recover(markets).dispatched.some((d) => d.clientOrderId === 'c-1-n'));
    ledger.close();
    const posted = w.pm.orders().length;

    // the restarted process's wall clock is past the settlement window since the signature
    const r = await restart(w.db, w.env, 11_000);
    expect(r.recovery.dispatched).toMatchObject([
      { clientOrderId: 'c-1-n', venue: 'polymarket', venueOrderId: expect.any(String) as string }
    ]);
    const res = r.results[0]!;
    expect(res.error).not.toBe('order_unresolved');
    expect(res).toMatchObject({ closedContracts: contracts(10), unhedgedContracts: 0 });
    expect(w.kalshi.position(ticker(1))).toBe(0);
    expect(w.pm.position(token(1, 'no')).held).toBe(0);
    expect(w.pm.orders().length).toBe(posted); // the signed order was never posted, nor re-sent
  });
});
