/**
 * A graceful stop never abandons exposure: an execution still running when the stop times out
 * is reported `shutdown_interrupted` but stays unfinished in the ledger, and the next start
 * resumes it — its unanswered order is looked up and the execution ends hedged.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { Ledger } from '../adapters/ledger/index.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { cents, contracts, marketRegistry, type ExecutionResult } from '../core/index.js';
import { testMarket } from './support/engine.js';

describe('stop() at its timeout', () => {
  it('leaves the interrupted execution unfinished in the ledger; the next start resumes it', async () => {
    const clock = new ManualClock();
    const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
    const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
    const venues = { kalshi, polymarket };
    const markets = marketRegistry([testMarket(1)]);
    const ledger = Ledger.open(':memory:', { clock });
    polymarket.setBook(1, 'yes', { asks: [{ price: cents(45), qty: contracts(10) }], bids: [] });
    kalshi.setBook(1, 'no', { asks: [{ price: cents(50), qty: contracts(10) }], bids: [] });
    // the Kalshi order reaches the venue and fills there, but its answer never comes back
    kalshi.script({ behaviour: { kind: 'hang', fill: 'book' } });
    const opts = { markets, venues, clock, journal: ledger, idPrefix: 's-' };
    const first = new ExecutionSupervisor({ ...opts, config: { legTimeoutMs: 60_000 } });
    const p = first.submit({
      marketId: 1,
      arbType: 'PolyYesKalshiNo',
      yesPrice: cents(45),
      noPrice: cents(50),
      yesSize: contracts(10),
      noSize: contracts(10),
      detectedNs: clock.nowNs()
    });
    await clock.advance(10);
    const stopping = first.stop({ timeoutMs: 1_000 });
    await clock.advance(1_000);
    const report = await stopping;
    expect((await p).error).toBe('shutdown_interrupted');
    expect(report.interrupted.map((i) => i.executionId)).toEqual(['s-1']);

    // the ledger still holds it unfinished, with the Kalshi order open
    const recovery = ledger.recover(markets);
    expect(recovery.unfinished).toBe(1);
    expect(recovery.resume.map((r) => r.executionId)).toEqual(['s-1']);

    const second = new ExecutionSupervisor({ ...opts, idPrefix: 't-' });
    const done = new Promise<ExecutionResult>((resolve) =>
      second.results$.subscribe((r) => resolve(r))
    );
    expect(second.resume(recovery.resume)).toEqual(['s-1']);
    await clock.runUntilIdle();
    const r = await done;
    expect(r.executionId).toBe('s-1');
    expect(r.error).toBeNull(); // the lookup found the Kalshi fill: hedged
    expect(r.matchedContracts).toBe(contracts(10));
    expect(ledger.recover(markets).unfinished).toBe(0);
  });
});
