/**
 * Dispatch records in the ledger: an order whose adapter records dispatch, with an intent but
 * no dispatch record (Kalshi: never handed to the socket; Polymarket: never signed), provably
 * never reached the venue and is recovered as `none`; one with a dispatch record is still looked
 * up and is handed back (`Recovery.dispatched`) for its adapter's `recall`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger, MIGRATIONS, SCHEMA_VERSION } from '../adapters/ledger/index.js';
import {
  cents,
  contracts,
  marketRegistry,
  NO_FILL,
  type OrderRequest,
  type Side,
  type Venue
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const clock = new ManualClock();
const markets = marketRegistry([testMarket(1)]);
const market = markets.get(1)!;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const order = (
  cid: string,
  venue: Venue,
  side: Side,
  action: 'buy' | 'sell' = 'buy',
  qty = 10
): OrderRequest => ({
  venue,
  market,
  side,
  action,
  qty: contracts(qty),
  limitPrice: cents(action === 'buy' ? 45 : 44),
  clientOrderId: cid,
  executionId: 'x-1',
  reduceOnly: action === 'sell'
});

/** x-1: YES bought on Polymarket (signed, filled, recorded); NO on Kalshi with an intent only. */
function started(tracked: boolean): { ledger: Ledger; yes: OrderRequest; no: OrderRequest } {
  const ledger = Ledger.open(':memory:', { clock });
  if (tracked) {
    ledger.trackDispatch('kalshi');
    ledger.trackDispatch('polymarket');
  }
  ledger.executionStarted(
    'x-1',
    {
      marketId: 1,
      arbType: 'PolyYesKalshiNo',
      yesPrice: cents(45),
      noPrice: cents(50),
      yesSize: contracts(10),
      noSize: contracts(10),
      detectedNs: 0
    },
    1_000
  );
  const yes = order('x-1-y', 'polymarket', 'yes');
  const no = order('x-1-n', 'kalshi', 'no');
  ledger.orderIntent(yes, 'entry', 1_000);
  ledger.orderIntent(no, 'entry', 1_000);
  if (tracked) ledger.recordSigned('x-1-y', '0xabc', 1_001);
  ledger.orderOutcome(
    yes,
    {
      status: 'filled',
      clientOrderId: 'x-1-y',
      orderId: '0xabc',
      filledQty: contracts(10),
      notional: cents(450),
      fee: cents(0)
    },
    1_002
  );
  return { ledger, yes, no };
}

describe('dispatch records and recovery', () => {
  it('a tracked Kalshi intent without a dispatch record is recovered as none (0 filled)', () => {
    const { ledger } = started(true);
    const r = ledger.recover(markets);
    const legs = r.resume[0]!.state.legs;
    expect(legs.yes.outcome?.status).toBe('filled');
    expect(legs.no.outcome).toEqual({
      status: 'none',
      clientOrderId: 'x-1-n',
      ...NO_FILL,
      reason: 'never sent: no dispatch record'
    });
    expect(r.neverSent).toBe(1);
    expect(r.dispatched).toEqual([]);
    expect(r.banner).toContain('1 order(s) to reconcile with the venues (1 never sent: 0 filled)');
  });

  it('with a dispatch record it stays unknown (looked up) and is handed back for recall', () => {
    const { ledger } = started(true);
    ledger.recordDispatch('x-1-n', 1_500);
    ledger.recordDispatch('x-1-n', 1_700); // a retry: the latest dispatch counts
    const r = ledger.recover(markets);
    expect(r.resume[0]!.state.legs.no.outcome).toBeNull();
    expect(r.neverSent).toBe(0);
    expect(r.dispatched).toEqual([
      {
        clientOrderId: 'x-1-n',
        executionId: 'x-1',
        venue: 'kalshi',
        marketId: 1,
        venueOrderId: null,
        dispatchedWallMs: 1_700
      }
    ]);
  });

  it('Polymarket: never signed is none; signed is looked up by its id', () => {
    const { ledger } = started(true);
    ledger.orderIntent(order('x-1-c1', 'polymarket', 'yes', 'sell'), 'close', 2_000);
    let r = ledger.recover(markets);
    // the unsigned close has nothing to look up: the walk goes on with a new attempt
    expect(r.resume[0]!.state.close).toMatchObject({ attempts: 1, pending: null });
    expect(r.neverSent).toBe(2);
    ledger.recordSigned('x-1-c1', '0xc1', 2_001);
    r = ledger.recover(markets);
    expect(r.resume[0]!.state.close).toMatchObject({
      attempts: 1,
      pending: { clientOrderId: 'x-1-c1' },
      pendingOrderId: '0xc1'
    });
    expect(r.dispatched).toContainEqual({
      clientOrderId: 'x-1-c1',
      executionId: 'x-1',
      venue: 'polymarket',
      marketId: 1,
      venueOrderId: '0xc1',
      dispatchedWallMs: 2_001
    });
  });

  it('an untracked venue (no dispatch hook wired) is looked up as before', () => {
    const { ledger } = started(false);
    const r = ledger.recover(markets);
    expect(r.resume[0]!.state.legs.no.outcome).toBeNull();
    expect(r.neverSent).toBe(0);
  });

  it('a dispatch or signature that cannot be stored throws (the adapter then does not send)', () => {
    const { ledger } = started(true);
    expect(() => ledger.recordDispatch('nobody', 1)).toThrow(/without intent/);
    expect(() => ledger.recordSigned('nobody', '0x1', 1)).toThrow(/without intent/);
    ledger.close();
    expect(() => ledger.recordDispatch('x-1-n', 1)).toThrow();
  });

  it('a version-1 ledger migrates; its orders stay untracked and are looked up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinleg-dispatch-'));
    dirs.push(dir);
    const file = join(dir, 'v1.db');
    const raw = new Database(file);
    raw.exec(
      'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_wall_ms INTEGER NOT NULL)'
    );
    raw.exec(MIGRATIONS[0]!.sql);
    raw.prepare('INSERT INTO schema_version VALUES (1, ?, 0)').run('v1');
    raw.exec(`INSERT INTO executions (execution_id, market_id, arb_type, yes_price, no_price,
      yes_size, no_size, detected_ns, started_wall_ms) VALUES ('x-1', 1, 'PolyYesKalshiNo',
      450000, 500000, 10000000, 10000000, 0, 1000)`);
    raw.exec(`INSERT INTO orders (client_order_id, execution_id, role, venue, market_id, side,
      action, qty, limit_price, reduce_only, intent_wall_ms) VALUES ('x-1-n', 'x-1', 'entry',
      'kalshi', 1, 'no', 'buy', 10000000, 500000, 0, 1000)`);
    raw.close();
    const ledger = Ledger.open(file, { clock });
    try {
      expect(ledger.health().schemaVersion).toBe(SCHEMA_VERSION);
      ledger.trackDispatch('kalshi'); // new intents only: the old row stays untracked
      const r = ledger.recover(markets);
      expect(r.resume[0]!.state.legs.no.order?.clientOrderId).toBe('x-1-n');
      expect(r.resume[0]!.state.legs.no.outcome).toBeNull();
      expect(r.neverSent).toBe(0);
    } finally {
      ledger.close();
    }
  });
});
