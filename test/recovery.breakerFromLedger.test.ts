/**
 * The breaker's positions come from the ledger (issue 13 item 2). A SIGKILL between the
 * ledger's fill commit and the breaker-state save used to leave the breaker believing a market
 * flat that held unhedged contracts; at start the breaker now replays the ledger's fills and
 * results, checks the saved snapshot against them (a warning names the market and both values)
 * and the ledger wins. Halts and blacklists still come from the snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { openLedgerSession } from '../cli/runtime/ledgerWiring.js';
import {
  cents,
  contracts,
  marketRegistry,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Logger,
  type Venue
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const config = { maxPositionPerMarket: contracts(10), blacklistThreshold: 1 };
const markets = marketRegistry([testMarket(1), testMarket(7), testMarket(9)]);

const req = (marketId: number): FastExecutionRequest => ({
  marketId,
  arbType: 'KalshiYesPolyNo',
  yesPrice: cents(40),
  noPrice: cents(50),
  yesSize: contracts(10),
  noSize: contracts(10),
  detectedNs: 0
});
const fill = (
  executionId: string,
  marketId: number,
  venue: Venue,
  side: 'yes' | 'no',
  action: 'buy' | 'sell',
  qty: number,
  priceC: number,
  wallMs: number
): FillRecord => ({
  pairId: `pair-${marketId}`,
  marketId,
  description: '',
  platform: venue,
  side,
  action,
  contracts: contracts(qty),
  avgPrice: cents(priceC),
  notional: cents(priceC * qty),
  fee: ZERO_MICROS,
  orderId: undefined,
  clientOrderId: `${executionId}-${venue}-${side}-${action}`,
  executionId,
  timestampNs: 0,
  wallTimeMs: wallMs
});
const result = (
  executionId: string,
  marketId: number,
  over: Partial<ExecutionResult> = {}
): ExecutionResult => ({
  executionId,
  marketId,
  success: true,
  error: null,
  matchedContracts: contracts(10),
  realizedProfit: cents(100),
  unhedgedContracts: ZERO_QTY,
  closedContracts: ZERO_QTY,
  latencyNs: 0,
  ...over
});

function capture(): { log: Logger; warns: string[] } {
  const warns: string[] = [];
  const none = (): void => undefined;
  return { log: { debug: none, info: none, error: none, warn: (_o, m) => warns.push(m) }, warns };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * Run 1 on a ledger file: market 1 hedged and finished (+$1), market 9 blacklisted by a
 * mismatch; the breaker's state is saved; then market 7's YES fill (8) and market 1's second
 * execution's result are committed to the ledger and the process is killed before the save.
 */
async function crashedRun(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'twinleg-cb-ledger-'));
  dirs.push(dir);
  const file = join(dir, 'ledger.db');
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({ clock, config });
  const s = await openLedgerSession(file, {
    clock,
    log: capture().log,
    markets,
    breaker,
    banner: () => undefined
  });
  const j = s.ledger;
  const both = (f: FillRecord): void => {
    j.fill(f);
    breaker.onFill(f);
    s.onChange();
  };
  const done = (r: ExecutionResult): void => {
    j.executionFinished(r, clock.wallMs());
    breaker.onResult(r);
    s.onChange();
  };
  j.executionStarted('e-1', req(1), T0);
  both(fill('e-1', 1, 'kalshi', 'yes', 'buy', 10, 40, T0));
  both(fill('e-1', 1, 'polymarket', 'no', 'buy', 10, 50, T0));
  done(result('e-1', 1));
  j.executionStarted('e-9', req(9), T0);
  done(result('e-9', 9, { success: false, error: 'partial_fill', realizedProfit: ZERO_MICROS }));
  await clock.advance(1_000);
  // the SIGKILL window: committed to the ledger, never reached the saved breaker state
  j.executionStarted('e-7', req(7), clock.wallMs());
  j.fill(fill('e-7', 7, 'kalshi', 'yes', 'buy', 8, 40, clock.wallMs()));
  j.executionStarted('e-1b', req(1), clock.wallMs());
  j.fill(fill('e-1b', 1, 'kalshi', 'yes', 'sell', 2, 45, clock.wallMs()));
  j.executionFinished(
    result('e-1b', 1, { realizedProfit: cents(10), matchedContracts: ZERO_QTY }),
    clock.wallMs()
  );
  j.close(); // killed: no final save
  return file;
}

async function restart(file: string, atMs: number) {
  const clock = new ManualClock(atMs);
  const { log, warns } = capture();
  const breaker = new CircuitBreaker({ clock, config, logger: log });
  const s = await openLedgerSession(file, {
    clock,
    log,
    markets,
    breaker,
    banner: () => undefined
  });
  return { breaker, warns, s };
}

describe('breaker positions from the ledger at start-up', () => {
  it('repairs a crash between the fill commit and the snapshot save: the ledger wins and is named', async () => {
    const file = await crashedRun();
    const { breaker, warns, s } = await restart(file, T0 + 60_000);
    const st = breaker.status();
    const pos = (id: number) => st.positions.find((p) => p.marketId === id);
    // market 7 holds 8 unhedged YES (the snapshot said flat); market 1 sold 2 YES
    expect(pos(7)).toMatchObject({ yes: contracts(8), no: ZERO_QTY, costBasis: cents(320) });
    expect(pos(1)).toMatchObject({ yes: contracts(8), no: contracts(10) });
    const ledgerPos = s.ledger.positions();
    for (const p of ledgerPos) {
      const b = pos(p.marketId);
      expect([b?.yes, b?.no]).toEqual([
        p.held['kalshi:yes'] + p.held['polymarket:yes'],
        p.held['kalshi:no'] + p.held['polymarket:no']
      ]);
    }
    expect(warns.some((w) => /market 7: saved position flat .*YES 8/.test(w))).toBe(true);
    expect(warns.some((w) => /market 1: saved position/.test(w))).toBe(true);
    // the day's P&L is the ledger's: e-1 (+1.00) and e-1b (+0.10), not the saved +1.00
    expect(st.dailyPnl).toBe(cents(110));
    expect(warns.some((w) => /daily P&L 1 differs from the ledger's 1.1/.test(w))).toBe(true);
    // what fills do not record still comes from the snapshot
    expect(st.blacklist.map((b) => b.marketId)).toEqual([9]);
    // a new opportunity on market 7 is capped by the real position: 10 − 8 = 2 contracts
    const v = breaker.assess(req(7), testMarket(7));
    expect(v.blocked).toBeNull();
    expect(v.capacity).toBe(contracts(2));
    s.close();
  });

  it("keeps resumed executions' reservations, applied after the restore", async () => {
    const file = await crashedRun();
    const { breaker, s } = await restart(file, T0 + 60_000);
    const resumed = s.recovery.resume.find((r) => r.executionId === 'e-7');
    expect(resumed).toBeDefined();
    breaker.onResume(resumed!.req, testMarket(7), contracts(9));
    // the reservation ceiling sits on the ledger's position: 8 held + 9 reserved
    expect(breaker.status().reservations).toEqual([
      { marketId: 7, contracts: contracts(17), costBasis: cents(320) + cents(90 * 9) }
    ]);
    s.close();
  });

  it("counts only the current trading day's P&L; positions carry over", async () => {
    const file = await crashedRun();
    const next = await restart(file, T0 + 86_400_000);
    expect(next.breaker.status().dailyPnl).toBe(ZERO_MICROS); // a new trading day
    expect(next.breaker.status().positions.map((p) => p.marketId)).toEqual([1, 7]);
    next.s.close();
  });

  it('without a saved state, derives positions and P&L from the ledger alone (no warning)', async () => {
    const file = await crashedRun();
    const { s } = await restart(file, T0 + 60_000);
    s.ledger.saveBreakerState(null);
    s.ledger.close();
    const again = await restart(file, T0 + 61_000);
    expect(again.warns.filter((w) => w.includes('differs'))).toEqual([]);
    expect(again.breaker.status().dailyPnl).toBe(cents(110));
    expect(again.breaker.status().blacklist).toEqual([]);
    again.s.close();
  });

  it('replays like the live breaker: same positions, P&L and close P&L fed of an unfinished execution', async () => {
    const clock = new ManualClock(T0);
    const live = new CircuitBreaker({ clock, config });
    const fills: FillRecord[] = [];
    const results: { r: ExecutionResult; wallMs: number }[] = [];
    const f = (x: FillRecord): void => {
      fills.push(x);
      live.onFill(x);
    };
    const r = (x: ExecutionResult): void => {
      results.push({ r: x, wallMs: clock.wallMs() });
      live.onResult(x);
    };
    f(fill('a', 1, 'kalshi', 'yes', 'buy', 10, 40, T0));
    f(fill('a', 1, 'polymarket', 'no', 'buy', 6, 55, T0));
    f(fill('a', 1, 'kalshi', 'yes', 'sell', 4, 35, T0));
    r(result('a', 1, { success: false, error: 'partial_fill', realizedProfit: cents(-37) }));
    await clock.advance(5_000);
    f(fill('b', 7, 'polymarket', 'yes', 'buy', 3, 61, clock.wallMs()));
    f(fill('b', 7, 'polymarket', 'yes', 'sell', 1, 70, clock.wallMs())); // b never finishes
    r(result('c', 9, { error: 'shutting_down', realizedProfit: ZERO_MICROS })); // never assessed
    const restored = new CircuitBreaker({ clock, config });
    restored.restoreFromLedger(
      {
        fills: fills.map((x) => ({ ...x, venue: x.platform, wallMs: x.wallTimeMs })),
        results: results.map(({ r: x, wallMs }) => ({
          ...x,
          finishedWallMs: wallMs,
          error: x.error
        }))
      },
      null
    );
    const pick = (b: CircuitBreaker) => {
      const st = b.status();
      return { positions: st.positions, dailyPnl: st.dailyPnl };
    };
    expect(pick(restored)).toEqual(pick(live));
    // b's close P&L already counted is not counted twice when its result arrives
    for (const b of [live, restored]) b.onResult(result('b', 7, { realizedProfit: cents(5) }));
    expect(restored.status().dailyPnl).toBe(live.status().dailyPnl);
  });
});
