/**
 * Ledger round trips: every journal call comes back through the queries; positions and P&L
 * are folded from fills (auto-close sells and fees included); the file is created, migrated,
 * reopened, refused when newer or not a database, and reports its health.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger, MIGRATIONS, SCHEMA_VERSION } from '../adapters/ledger/index.js';
import {
  asMicros,
  cents,
  contracts,
  NO_FILL,
  payout,
  subMicros,
  sumMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FillRecord,
  type OrderOutcome,
  type Micros,
  type OrderRequest
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const market = testMarket(1);
const clock = new ManualClock();
const dirs: string[] = [];
const open: Ledger[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ledger-'));
  dirs.push(d);
  return d;
};
const ledger = (file = ':memory:'): Ledger => {
  const l = Ledger.open(file, { clock });
  open.push(l);
  return l;
};

const req = {
  marketId: 1,
  arbType: 'PolyYesKalshiNo' as const,
  yesPrice: cents(45),
  noPrice: cents(50),
  yesSize: contracts(10),
  noSize: contracts(10),
  detectedNs: 7
};
const order = (
  cid: string,
  venue: 'kalshi' | 'polymarket',
  side: 'yes' | 'no',
  action: 'buy' | 'sell',
  qty: number,
  price: number
): OrderRequest => ({
  venue,
  market,
  side,
  action,
  qty: contracts(qty),
  limitPrice: cents(price),
  clientOrderId: cid,
  executionId: 'x-1',
  reduceOnly: action === 'sell'
});
const filled = (
  cid: string,
  qty: number,
  notional: Micros,
  fee: Micros,
  orderId?: string
): OrderOutcome => ({
  status: qty > 0 ? 'filled' : 'none',
  clientOrderId: cid,
  filledQty: contracts(qty),
  notional,
  fee,
  ...(orderId ? { orderId } : {})
});
const fillOf = (o: OrderRequest, out: OrderOutcome): FillRecord => ({
  pairId: market.pairId,
  marketId: 1,
  description: market.description,
  platform: o.venue,
  side: o.side,
  action: o.action,
  contracts: out.filledQty,
  avgPrice: out.filledQty
    ? asMicros(Math.round((out.notional * 1e6) / out.filledQty))
    : ZERO_MICROS,
  notional: out.notional,
  fee: out.fee,
  orderId: out.orderId,
  clientOrderId: o.clientOrderId,
  executionId: 'x-1',
  timestampNs: 1,
  wallTimeMs: 2
});

/** A mismatch: YES 10 @45 on Polymarket, NO 6 @50 on Kalshi, 4 YES sold @40 by auto-close. */
function mismatch(l: Ledger) {
  l.executionStarted('x-1', req, 1_000);
  const y = order('x-1-y', 'polymarket', 'yes', 'buy', 10, 45);
  const n = order('x-1-n', 'kalshi', 'no', 'buy', 10, 50);
  const c = order('x-1-c1', 'polymarket', 'yes', 'sell', 4, 40);
  const yo = filled('x-1-y', 10, cents(450), ZERO_MICROS, '0xabc');
  const no = { ...filled('x-1-n', 6, cents(300), cents(11)), status: 'partial' as const };
  const co = filled('x-1-c1', 4, cents(160), cents(2));
  for (const [o, out] of [
    [y, yo],
    [n, no],
    [c, co]
  ] as const) {
    l.orderIntent(o, o.action === 'buy' ? 'entry' : 'close', 1_001);
    l.orderOutcome(o, out, 1_002);
    l.fill(fillOf(o, out));
  }
  const result: ExecutionResult = {
    executionId: 'x-1',
    marketId: 1,
    success: false,
    error: 'partial_fill',
    matchedContracts: contracts(6),
    // 6 matched pairs pay $6 and the close sold 4 for $1.60, less costs, basis and fees
    realizedProfit: subMicros(
      sumMicros(payout(contracts(6)), cents(160)),
      sumMicros(cents(270), cents(300), cents(11), cents(180), cents(2))
    ),
    unhedgedContracts: ZERO_QTY,
    latencyNs: 5,
    closedContracts: contracts(4)
  };
  l.executionFinished(result, 1_010);
  return result;
}

describe('ledger round trips', () => {
  it('stores every journal call and reads it back: executions, fills, positions, summary', () => {
    const l = ledger();
    const result = mismatch(l);
    expect(l.executions()).toEqual([
      {
        executionId: 'x-1',
        marketId: 1,
        arbType: 'PolyYesKalshiNo',
        startedWallMs: 1_000,
        finishedWallMs: 1_010,
        error: 'partial_fill',
        success: false,
        matched: contracts(6),
        realizedProfit: result.realizedProfit,
        unhedged: 0
      }
    ]);
    const fills = l.fills();
    expect(fills.map((f) => [f.clientOrderId, f.action, f.contracts, f.reported])).toEqual([
      ['x-1-y', 'buy', contracts(10), true],
      ['x-1-n', 'buy', contracts(6), true],
      ['x-1-c1', 'sell', contracts(4), true]
    ]);
    expect(fills[0]?.venueOrderId).toBe('0xabc');
    const [p] = l.positions();
    // the pair held is locked in (paid at resolution); the close's result is realized, after fees
    expect((p?.realizedPnl ?? 0) + (p?.lockedInPnl ?? 0)).toBe(result.realizedProfit);
    expect(p?.lockedInPnl).toBe(contracts(6) - cents(270) - cents(300));
    expect(p).toMatchObject({
      marketId: 1,
      pairId: 'pair-1',
      description: 'Test market 1',
      held: {
        'kalshi:yes': 0,
        'kalshi:no': contracts(6),
        'polymarket:yes': contracts(6),
        'polymarket:no': 0
      },
      exposure: 0,
      costBasis: cents(270) + cents(300),
      unhedgedCost: 0,
      fees: cents(13)
    });
    expect(l.summary()).toEqual({
      executions: 1,
      unfinished: 0,
      fills: 3,
      realizedPnl: p?.realizedPnl,
      lockedInPnl: p?.lockedInPnl,
      awaitingRedemption: 0,
      fees: cents(13),
      openExposure: 0,
      resultsByCode: { partial_fill: 1 }
    });
  });

  it('a terminal fill is stored with its outcome (before fills$); fill() then marks it reported, never doubles it', () => {
    const l = ledger();
    l.executionStarted('x-1', req, 1);
    const y = order('x-1-y', 'polymarket', 'yes', 'buy', 10, 45);
    l.orderIntent(y, 'entry', 2);
    const out = filled('x-1-y', 10, cents(450), ZERO_MICROS);
    l.orderOutcome(y, out, 3);
    expect(l.fills().map((f) => [f.clientOrderId, f.contracts, f.reported])).toEqual([
      ['x-1-y', contracts(10), false]
    ]);
    l.fill(fillOf(y, out));
    l.fill(fillOf(y, out));
    expect(l.fills().map((f) => [f.clientOrderId, f.reported])).toEqual([['x-1-y', true]]);
    expect(l.positions()[0]?.exposure).toBe(contracts(10));
    expect(l.summary()).toMatchObject({
      unfinished: 1,
      openExposure: contracts(10),
      resultsByCode: {}
    });
  });

  it('a terminal outcome is final; a venue id recorded before posting is kept; intents are idempotent', () => {
    const l = ledger();
    l.executionStarted('x-1', req, 1);
    const y = order('x-1-y', 'polymarket', 'yes', 'buy', 10, 45);
    l.orderIntent(y, 'entry', 2);
    l.orderIntent({ ...y, limitPrice: cents(99) }, 'entry', 3); // a retry keeps the first intent
    l.recordVenueOrderId('x-1-y', '0xfeed');
    l.orderOutcome(y, { status: 'pending', clientOrderId: 'x-1-y', ...NO_FILL }, 4);
    l.orderOutcome(y, filled('x-1-y', 0, ZERO_MICROS, ZERO_MICROS), 5);
    l.orderOutcome(y, { status: 'unknown', clientOrderId: 'x-1-y', ...NO_FILL }, 6);
    const r = l.recover({ get: (id) => (id === 1 ? market : undefined), all: () => [market] });
    expect(r.resume[0]?.state.legs.yes).toEqual({
      order: y,
      outcome: {
        status: 'none',
        clientOrderId: 'x-1-y',
        orderId: '0xfeed',
        ...NO_FILL
      },
      orderId: '0xfeed'
    });
    expect(r.pendingOrders).toBe(0);
  });

  it('creates and migrates an empty file, reopens it with its data, and reports health', () => {
    const file = join(tmp(), 'ledger.db');
    const a = Ledger.open(file, { clock });
    mismatch(a);
    expect(a.health()).toEqual({
      ok: true,
      schemaVersion: SCHEMA_VERSION,
      journalMode: 'wal',
      integrity: 'ok',
      file
    });
    a.close();
    a.close(); // idempotent
    const b = ledger(file);
    expect(b.summary().fills).toBe(3);
    expect(b.health().schemaVersion).toBe(SCHEMA_VERSION);
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version }))
    );
    raw.close();
    const ro = Ledger.open(file, { clock, readonly: true });
    open.push(ro);
    expect(ro.positions()).toEqual(b.positions());
    expect(() => ro.saveBreakerState({})).toThrow(/read-only/);
    const full = Ledger.open(join(tmp(), 'full.db'), { clock, durability: 'full' });
    open.push(full);
    expect(full.health().ok).toBe(true);
  });

  it('refuses a newer schema, a file that is not a database, and a locked database — naming the file', () => {
    const dir = tmp();
    const newer = join(dir, 'newer.db');
    Ledger.open(newer, { clock }).close();
    const raw = new Database(newer);
    raw.prepare('INSERT INTO schema_version VALUES (99, ?, 0)').run('from the future');
    raw.close();
    expect(() => Ledger.open(newer, { clock })).toThrow(
      `ledger ${newer}: schema version 99 is newer than this twinleg knows (${SCHEMA_VERSION})`
    );
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just some bytes '.repeat(200));
    expect(() => Ledger.open(junk, { clock })).toThrow(
      new RegExp(`ledger ${junk}: cannot open: .*not a database`)
    );
    const locked = join(dir, 'locked.db');
    Ledger.open(locked, { clock }).close();
    const holder = new Database(locked);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    expect(() => Ledger.open(locked, { clock, busyTimeoutMs: 20 })).toThrow(
      new RegExp(`ledger ${locked}: cannot open: .*locked.*another twinleg`)
    );
    holder.exec('ROLLBACK');
    holder.close();
    expect(() => Ledger.open(join(dir, 'no', 'such', 'dir.db'), { clock })).toThrow(/cannot open/);
  });

  it('saves and loads the breaker state as JSON', () => {
    const l = ledger();
    expect(l.recover({ get: () => undefined, all: () => [] }).breakerState).toBeNull();
    l.saveBreakerState({ a: 1 });
    l.saveBreakerState({ a: 2, list: [1, 2] });
    const r = l.recover({ get: () => undefined, all: () => [] });
    expect(r.breakerState).toEqual({ a: 2, list: [1, 2] });
    expect(r.banner).toContain('breaker state loaded');
    expect(r.banner).toContain('nothing to recover');
  });
});
