/**
 * The supervisor: claim-before-spawn, capacity, streams, capping, latency on the shared clock,
 * cross-thread visibility of the bitmask, and graceful shutdown.
 */
import { Worker } from 'node:worker_threads';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { contracts, type FastExecutionRequest } from '../core/index.js';
import { scriptedRisk, testEngine, testMarket } from './support/engine.js';

describe('supervisor', () => {
  it('rejects ids past capacity with invalid_request and claims nothing', async () => {
    const e = testEngine();
    const r = await e.supervisor.submit(e.opp(512, 'PolyYesKalshiNo', 45, 50));
    expect(r.error).toBe('invalid_request');
    expect(r.detail).toContain('capacity');
    expect(e.supervisor.bitmask.claimedCount()).toBe(0);
  });

  it('works at 65,536 markets: the last id is deduplicated like the first', async () => {
    const e = testEngine({ config: { capacity: 65_536 }, markets: [testMarket(65_535)] });
    e.book('polymarket', 65_535, 'yes', [[45, 10]]);
    e.book('kalshi', 65_535, 'no', [[50, 10]]);
    const first = e.supervisor.submit(e.opp(65_535, 'PolyYesKalshiNo', 45, 50));
    expect((await e.supervisor.submit(e.opp(65_535, 'PolyYesKalshiNo', 45, 50))).error).toBe(
      'already_in_flight'
    );
    await e.clock.advance(1);
    expect((await first).success).toBe(true);
  });

  it('a duplicate costs no actor: only one execution is live for a market', () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    void e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    for (let i = 0; i < 100; i++) void e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(e.supervisor.liveCount()).toBe(1);
    expect(e.results.filter((r) => r.error === 'already_in_flight')).toHaveLength(100);
  });

  it('connect(observable): every opportunity yields exactly one result; finished actors are stopped', async () => {
    const e = testEngine();
    const feed = new Subject<FastExecutionRequest>();
    e.supervisor.connect(feed);
    for (const id of [1, 2, 3]) {
      e.book('polymarket', id, 'yes', [[45, 10]]);
      e.book('kalshi', id, 'no', [[50, 10]]);
    }
    for (const id of [1, 2, 3, 1, 2, 99]) feed.next(e.opp(id, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    expect(e.results).toHaveLength(6);
    expect(e.results.filter((r) => r.success)).toHaveLength(3);
    expect(e.supervisor.liveCount()).toBe(0);
  });

  it('caps the size to the risk capacity and logs [EXEC] ⚠️ capped', async () => {
    const e = testEngine({ risk: scriptedRisk({ capacity: contracts(3) }) });
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    const r = await p;
    expect(r.matchedContracts).toBe(contracts(3));
    expect(e.kalshi.orders()[0]?.qty).toBe(contracts(3));
    expect(e.logs.some((l) => l.level === 'warn' && l.msg.startsWith('[EXEC] ⚠️ capped'))).toBe(
      true
    );
  });

  it('capacity below one contract is a circuit_breaker rejection (immediate release)', async () => {
    const e = testEngine({ risk: scriptedRisk({ capacity: contracts(0.5) }) });
    const r = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(r.error).toBe('circuit_breaker');
    expect(e.supervisor.isInFlight(1)).toBe(false);
  });

  it('a capacity that cuts a Polymarket leg under $1 is below_venue_minimum naming the capacity, held for the delayed release', async () => {
    const e = testEngine({ risk: scriptedRisk({ capacity: contracts(2) }) });
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const first = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(first.error).toBe('below_venue_minimum');
    expect(first.detail).toContain('(2 contracts) puts a Polymarket leg under the $1.00 minimum');
    const again = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(again.error).toBe('already_in_flight'); // the stale offer does not re-fire at once
    expect(e.kalshi.orders()).toEqual([]);
  });

  it('latency is measured from detection on the one shared clock', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.kalshi.script({ behaviour: { kind: 'latency', ms: 250 } });
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const req = e.opp(1, 'PolyYesKalshiNo', 45, 50);
    await e.clock.advance(40); // detected 40 ms before it reached us
    const p = e.supervisor.submit(req);
    await e.clock.advance(250);
    expect((await p).latencyNs).toBe(290_000_000);
  });

  it('a worker thread sees the live claims in the same SharedArrayBuffer', async () => {
    const e = testEngine();
    e.book('polymarket', 2, 'yes', [[45, 10]]);
    e.book('kalshi', 2, 'no', [[50, 10]]);
    void e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50));
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const words = new Int32Array(workerData.sab);
      const ids = [];
      for (let id = 0; id < words.length * 32; id++) if (Atomics.load(words, id >>> 5) & (1 << (id & 31))) ids.push(id);
      parentPort.postMessage(ids);`;
    const w = new Worker(code, { eval: true, workerData: { sab: e.supervisor.bitmask.buffer } });
    try {
      const seen = await new Promise<number[]>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      expect(seen).toEqual([2]);
    } finally {
      await w.terminate();
    }
  });

  it('stop() lets running executions finish (auto-close included), then releases every slot', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[52, 5]], [[52, 5]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5));
    await e.clock.advance(1);
    const stopped = e.supervisor.stop({ timeoutMs: 30_000 });
    expect((await e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50))).error).toBe(
      'shutting_down'
    );
    await e.clock.advance(2_100);
    const report = await stopped;
    expect(report.interrupted).toHaveLength(0);
    expect((await p).error).toBe('partial_fill');
    expect(e.supervisor.bitmask.claimedCount()).toBe(0);
    expect(e.clock.pendingTimers()).toBe(0);
  });

  it('stop() past its timeout hands over what is still open and leaves no timer behind', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    e.polymarket.script({ behaviour: { kind: 'pending', resolveAfterMs: 600_000, fill: 'book' } });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    const stopped = e.supervisor.stop({ timeoutMs: 1_000 });
    await e.clock.advance(1_000);
    const report = await stopped;
    expect(report.interrupted).toHaveLength(1);
    expect(report.interrupted[0]?.result.error).toBe('shutdown_interrupted');
    expect((await p).error).toBe('shutdown_interrupted');
    expect(e.supervisor.liveCount()).toBe(0);
    expect(e.supervisor.bitmask.claimedCount()).toBe(0);
    // the simulated venue's own resolution timer is the only one left
    expect(e.clock.pendingTimers()).toBe(1);
  });
});

describe('runtime inspection', () => {
  it('attachInspector sees live and new executions; detach stops the flow', async () => {
    const e = testEngine({});
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    e.book('polymarket', 2, 'yes', [[45, 10]]);
    e.book('kalshi', 2, 'no', [[50, 10]]);
    e.kalshi.script({ behaviour: { kind: 'latency', ms: 100 } });
    const live = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50)); // running before attach
    await e.clock.flush();
    const seen: string[] = [];
    const detach = e.supervisor.attachInspector((ev) => {
      const id = (ev.actorRef as { id?: string }).id ?? '';
      if (ev.type === '@xstate.snapshot' && id.startsWith('t-')) seen.push(id);
    });
    const fresh = e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(100);
    await Promise.all([live, fresh]);
    expect(new Set(seen).size).toBe(2); // both executions reported snapshots
    detach();
    const count = seen.length;
    await e.clock.advance(10_000);
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const after = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    await after;
    expect(seen.length).toBe(count);
  });

  it('an inspector sees executions from when it attaches; one finished before is not replayed', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    e.book('polymarket', 2, 'yes', [[45, 10]]);
    e.book('kalshi', 2, 'no', [[50, 10]]);
    const seen = new Set<string>();
    const watch = (ev: { type: string; actorRef: unknown }) => {
      const id = (ev.actorRef as { id?: string }).id ?? '';
      if (ev.type === '@xstate.snapshot' && id.startsWith('t-')) seen.add(id);
    };
    const first = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(100);
    const unwatched = await first;
    const detach = e.supervisor.attachInspector(watch);
    const second = e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(100);
    const watched = await second;
    detach();
    expect([unwatched.success, watched.success]).toEqual([true, true]);
    expect([...seen]).toEqual([watched.executionId]); // the first finished before the attach
  });
});
