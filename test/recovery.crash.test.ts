/**
 * THE crash test: a child process runs the engine (real Kalshi and Polymarket adapters, the
 * Ledger as journal) against mock venues in this process, is SIGKILLed mid-execution and
 * mid-auto-close, and is restarted in recover mode. No fill is lost or doubled, every open
 * exposure is resumed and ends flat or hedged, and no order is re-sent under a new id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger } from '../adapters/ledger/index.js';
import { cents, contracts, marketRegistry } from '../core/index.js';
import { CRASH_MARKETS, ticker, token } from './support/crashScenario.js';
import { startCrashVenues, until } from './support/crashVenues.js';
import { ChildLines, type RecoverSummary } from './support/crashHarness.js';

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe('SIGKILL mid-execution and mid-auto-close, then restart', () => {
  it('loses and doubles no fill, resumes every exposure, re-sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinleg-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'ledger.db');
    const { kalshi, pm, env } = await startCrashVenues();
    cleanups.push(
      () => kalshi.close(),
      () => pm.close()
    );
    const start = (mode: 'run' | 'recover'): ChildLines => {
      const c = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/support/crashChild.ts', mode, db],
        { env, stdio: ['pipe', 'pipe', 'pipe'] }
      );
      children.push(c);
      return new ChildLines(c);
    };
    const slowKalshi = {
      fault: { type: 'slow' as const, delayMs: 600_000 },
      match: { method: 'POST' }
    };
    const quickKalshi = { fault: { type: 'slow' as const, delayMs: 1 }, match: { method: 'POST' } };

    // ---- first life: run until the kill point ----
    const a = start('run');
    await a.waitFor((l) => l.ev === 'step' && l.step === 'm1');
    a.go();
    await a.waitFor((l) => l.ev === 'step' && l.step === 'm2');
    kalshi.script(slowKalshi); // c-2's Kalshi NO leg: placed at the venue, answer never arrives
    a.go();
    await a.waitFor((l) => l.ev === 'step' && l.step === 'm3');
    await a.waitFor((l) => l.ev === 'outcome' && l.cid === 'c-2-y');
    await until(() => kalshi.orders().some((o) => o.clientOrderId === 'c-2-n'));
    kalshi.script(quickKalshi); // c-3 entry YES
    kalshi.script(quickKalshi); // c-3 close c1 (no bid at 45)
    kalshi.script(slowKalshi); // c-3 close c2 at 44: 4 fill at the venue, answer never arrives
    a.go();
    await a.waitFor((l) => l.ev === 'step' && l.step === 'm4');
    await a.waitFor((l) => l.ev === 'intent' && l.cid === 'c-3-c2');
    await until(() => kalshi.orders().some((o) => o.clientOrderId === 'c-3-c2'));
    pm.script({ mode: { kind: 'fill' } }); // c-4 entry YES
    pm.script({ mode: { kind: 'slow', ms: 600_000 } }); // c-4 close c1: matched, answer never arrives
    a.go();
    const signed = await a.waitFor((l) => l.ev === 'venueId' && l.cid === 'c-4-c1');
    await until(() => pm.orders().some((o) => o.side === 'SELL' && o.status === 'MATCHED'));
    a.child.kill('SIGKILL');
    await a.exited();
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(
      a.seen((l) => l.ev === 'finished').map((l) => (l.ev === 'finished' ? l.id : ''))
    ).toEqual(['c-1']);
    expect(signed.ev === 'venueId' && pm.orders().some((o) => o.orderId === signed.orderId)).toBe(
      true
    );

    // ---- what the ledger knows right after the crash ----
    const probe = Ledger.open(db, { clock: new ManualClock(), readonly: true });
    const rec = probe.recover(marketRegistry(CRASH_MARKETS));
    probe.close();
    expect(rec.resume.map((r) => r.executionId)).toEqual(['c-2', 'c-3', 'c-4']);
    expect(rec.resume[0]?.state.legs.no).toMatchObject({
      outcome: null,
      order: { clientOrderId: 'c-2-n' }
    });
    expect(rec.resume[1]?.state.close).toMatchObject({
      attempts: 2,
      price: cents(44),
      closed: 0,
      pending: { clientOrderId: 'c-3-c2' }
    });
    expect(rec.resume[2]?.state.close).toMatchObject({
      attempts: 1,
      pending: { clientOrderId: 'c-4-c1' }
    });
    expect(rec.resume[2]?.state.close?.pendingOrderId).toBe(
      signed.ev === 'venueId' ? signed.orderId : ''
    );
    expect(rec.pendingOrders).toBe(3);
    expect(rec.banner).toMatch(
      /recovered 3 unfinished execution\(s\), 3 resuming \(2 mid auto-close\); 3 order\(s\) to reconcile/
    );

    // ---- second life: recover and finish ----
    const b = start('recover');
    const summary = (await b.waitFor((l) => l.ev === 'summary', 60_000)) as RecoverSummary;
    await b.exited();
    expect(b.child.exitCode).toBe(0);
    const byId = new Map(summary.results.map((r) => [r.executionId, r]));
    expect(byId.get('c-2')).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(byId.get('c-3')).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(10),
      unhedgedContracts: 0
    });
    expect(byId.get('c-4')).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(10),
      unhedgedContracts: 0
    });
    expect(summary.ledger).toMatchObject({
      executions: 4,
      unfinished: 0,
      openExposure: 0,
      fills: 9
    });

    // ---- every venue fill exactly once in the ledger; nothing re-sent ----
    const ledger = Ledger.open(db, { clock: new ManualClock() });
    cleanups.push(() => ledger.close());
    const fills = ledger.fills();
    const cidOfKalshi = new Map(kalshi.orders().map((o) => [o.orderId, o.clientOrderId]));
    const venueK = kalshi
      .fills()
      .map((f) => `${cidOfKalshi.get(f.orderId)}:${f.qty}`)
      .sort();
    const ledgerK = fills
      .filter((f) => f.venue === 'kalshi')
      .map((f) => `${f.clientOrderId}:${f.contracts}`)
      .sort();
    expect(ledgerK).toEqual(venueK);
    expect(venueK).toHaveLength(5);
    const venueP = pm
      .fills()
      .map((f) => `${f.orderId}:${f.qty}`)
      .sort();
    const ledgerP = fills
      .filter((f) => f.venue === 'polymarket')
      .map((f) => `${f.venueOrderId}:${f.contracts}`)
      .sort();
    expect(ledgerP).toEqual(venueP);
    expect(venueP).toHaveLength(4);
    const raw = new Database(db, { readonly: true });
    cleanups.push(() => void raw.close());
    const intents = raw
      .prepare('SELECT client_order_id AS cid, venue, venue_order_id AS vid FROM orders')
      .all() as { cid: string; venue: string; vid: string | null }[];
    const kalshiCids = kalshi.orders().map((o) => o.clientOrderId);
    expect(new Set(kalshiCids).size).toBe(kalshiCids.length);
    for (const cid of kalshiCids) expect(intents.filter((i) => i.cid === cid)).toHaveLength(1);
    for (const o of pm.orders()) expect(intents.filter((i) => i.vid === o.orderId)).toHaveLength(1);
    expect(intents.filter((i) => i.cid.startsWith('c-3-c')).map((i) => i.cid)).toEqual([
      'c-3-c1',
      'c-3-c2',
      'c-3-c3',
      'c-3-c4'
    ]);
    expect(intents.filter((i) => i.cid.startsWith('c-4-c')).map((i) => i.cid)).toEqual(['c-4-c1']);

    // ---- positions: ledger = venues; flat or hedged everywhere ----
    for (const p of ledger.positions()) expect(p.exposure).toBe(0);
    const pos = new Map(ledger.positions().map((p) => [p.marketId, p.held]));
    for (const m of [1, 2, 3, 4]) {
      const h = pos.get(m);
      expect(kalshi.position(ticker(m))).toBe((h?.['kalshi:yes'] ?? 0) - (h?.['kalshi:no'] ?? 0));
      expect(pm.position(token(m, 'yes')).held).toBe(h?.['polymarket:yes'] ?? 0);
      expect(pm.position(token(m, 'no')).held).toBe(h?.['polymarket:no'] ?? 0);
    }
    expect(ledger.recover(marketRegistry(CRASH_MARKETS)).resume).toEqual([]); // a third start resumes nothing
  }, 90_000);
});
