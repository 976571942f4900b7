/**
 * Inspector protocol over a loopback WebSocket: the message sequence of one execution, and a
 * late client receiving the current actors first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { cents, contracts, type FastExecutionRequest } from '../core/index.js';
import { Subject } from 'rxjs';
import { createActor, setup } from 'xstate';
import { attachInspector, inspectionTap, type InspectorHandle } from '../inspector/index.js';
import { testMarket } from './support/engine.js';

interface Msg {
  type: string;
  sessionId?: string;
  parentId?: string;
  sourceId?: string;
  event?: { type: string };
  snapshot?: { status?: string; value?: unknown; context?: unknown };
  twinleg?: { marketId: number | null; path: unknown[] };
  [k: string]: unknown;
}

/** A loopback client that records every frame. */
async function client(url: string) {
  const ws = new WebSocket(url.replace('http://', 'ws://') + 'ws');
  const msgs: Msg[] = [];
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  ws.on('message', (d: Buffer) => {
    msgs.push(JSON.parse(d.toString()) as Msg);
    for (const w of [...waiters]) {
      if (!w.pred()) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = (pred: () => boolean) =>
    pred() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }));
  return { ws, msgs, until };
}

function paper(latencyMs = 0) {
  const clock = new ManualClock();
  const lat = latencyMs > 0 ? { latencyMs: { min: latencyMs, max: latencyMs } } : {};
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1, ...lat });
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2, ...lat });
  const supervisor = new ExecutionSupervisor({
    markets: [testMarket(1), testMarket(2)],
    venues: { kalshi, polymarket },
    clock,
    idPrefix: 'p-'
  });
  for (const m of [1, 2]) {
    const ask = (p: number) => ({ asks: [{ price: cents(p), qty: contracts(100) }], bids: [] });
    kalshi.setBook(m, 'yes', ask(40));
    polymarket.setBook(m, 'no', ask(50));
  }
  const req = (marketId: number): FastExecutionRequest => ({
    marketId,
    arbType: 'KalshiYesPolyNo',
    yesPrice: cents(40),
    noPrice: cents(50),
    yesSize: contracts(10),
    noSize: contracts(10),
    detectedNs: clock.nowNs()
  });
  return { clock, supervisor, req };
}

let insp: InspectorHandle | undefined;
afterEach(async () => {
  await insp?.close();
  insp = undefined;
});

describe('inspector protocol', () => {
  it('sends @xstate.actor, then events and snapshots, ending in the final state', async () => {
    const p = paper();
    insp = await attachInspector(p.supervisor, { flushIntervalMs: 60_000 });
    const c = await client(insp.url);
    await c.until(() => c.msgs.some((m) => m.type === 'twinleg.replayed'));
    expect(c.msgs[0]?.type).toBe('twinleg.hello');

    const result = p.supervisor.submit(p.req(1));
    await p.clock.runUntilIdle();
    expect((await result).success).toBe(true);
    insp.flush();
    const mine = () => c.msgs.filter((m) => m.sessionId === 'p-1');
    await c.until(() => mine().some((m) => m.snapshot?.status === 'done'));

    const seq = mine();
    expect(seq[0]?.type).toBe('@xstate.actor');
    expect(seq[0]).toMatchObject({
      name: 'execution',
      parentId: 'supervisor',
      rootId: 'supervisor'
    });
    const types = new Set(seq.map((m) => m.type));
    expect(types).toEqual(new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot']));
    const events = seq.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type);
    expect(events[0]).toBe('xstate.init');
    expect(events.filter((t) => t === 'LEG')).toHaveLength(2); // both legs answered
    const last = seq.at(-1)!;
    expect(last.type).toBe('@xstate.snapshot');
    expect(last.snapshot).toMatchObject({ status: 'done', value: 'release' });
    expect(last.snapshot).toHaveProperty('output.success', true);
    expect(last.twinleg?.marketId).toBe(1);
    expect(last.twinleg?.path.length).toBeGreaterThan(3);
    for (const m of seq) {
      expect(m).toHaveProperty('_version', '0.7.2');
      expect(typeof m.createdAt).toBe('string');
    }
    // the result and its fills follow as twinleg batches
    await c.until(() => c.msgs.some((m) => m.type === 'twinleg.fills'));
    const results = c.msgs.find((m) => m.type === 'twinleg.results');
    expect(results).toMatchObject({ items: [{ executionId: 'p-1', success: true }] });
  });

  it('gives a late client the current actors first, then history', async () => {
    const p = paper(100);
    insp = await attachInspector(p.supervisor, { flushIntervalMs: 60_000 });
    void p.supervisor.submit(p.req(1));
    await p.clock.advance(150); // p-1 finishes
    void p.supervisor.submit(p.req(2));
    await p.clock.advance(10); // p-2 waits for its orders
    insp.flush();
    expect(p.supervisor.liveExecutions().map((l) => l.executionId)).toEqual(['p-2']);

    const c = await client(insp.url);
    await c.until(() => c.msgs.some((m) => m.type === 'twinleg.replayed'));
    const [hello, sup, actor, snap] = c.msgs;
    expect(hello?.type).toBe('twinleg.hello');
    expect(sup).toMatchObject({ type: '@xstate.actor', sessionId: 'supervisor' });
    expect(actor).toMatchObject({ type: '@xstate.actor', sessionId: 'p-2' });
    expect(snap).toMatchObject({ type: '@xstate.snapshot', sessionId: 'p-2' });
    expect(snap?.snapshot?.status).toBe('active');
    expect(JSON.stringify(snap?.snapshot?.value)).toContain('executeLegs');
    const replayed = c.msgs.find((m) => m.type === 'twinleg.replayed');
    expect(replayed).toMatchObject({ actors: 1 });
    // the finished p-1 is in the history, after the current actors
    const firstP1 = c.msgs.findIndex((m) => m.sessionId === 'p-1');
    expect(firstP1).toBeGreaterThan(3);

    await p.clock.runUntilIdle();
    insp.flush();
    await c.until(() => c.msgs.some((m) => m.sessionId === 'p-2' && m.snapshot?.status === 'done'));
  });

  it('builds the same shapes through @statelyai/inspect', async () => {
    const p = paper();
    insp = await attachInspector(p.supervisor, {
      flushIntervalMs: 60_000,
      builder: 'stately'
    });
    const c = await client(insp.url);
    void p.supervisor.submit(p.req(1));
    await p.clock.runUntilIdle();
    insp.flush();
    const mine = () => c.msgs.filter((m) => m.sessionId === 'p-1');
    await c.until(() => mine().some((m) => m.snapshot?.status === 'done'));
    const seq = mine();
    expect(seq[0]).toMatchObject({ type: '@xstate.actor', parentId: 'supervisor' });
    expect(seq.at(-1)).toMatchObject({
      type: '@xstate.snapshot',
      rootId: 'supervisor',
      snapshot: { status: 'done', value: 'release' }
    });
  });

  it('falls back to an inspection tap for a supervisor without attachInspector', async () => {
    const tap = inspectionTap();
    const host = {
      liveExecutions: () => [],
      bitmask: { claimedIds: () => [3], capacity: 32 },
      pendingReleases: () => 0,
      results$: new Subject<never>(),
      fills$: new Subject<never>()
    };
    await expect(attachInspector(host)).rejects.toThrow(/attachInspector/);
    insp = await attachInspector(host, { tap, flushIntervalMs: 60_000 });
    const c = await client(insp.url);
    await c.until(() => c.msgs.some((m) => m.type === 'twinleg.replayed'));
    expect(c.msgs.find((m) => m.type === 'twinleg.bitmask')).toMatchObject({
      capacity: 32,
      claimed: [],
      delayed: [3]
    });
    const m = setup({}).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { on: { GO: 'b' } }, b: { type: 'final' } }
    });
    const a = createActor(m, { id: 'f-1', inspect: tap.inspect }).start();
    a.send({ type: 'GO' });
    insp.flush();
    await c.until(() => c.msgs.some((x) => x.sessionId === 'f-1' && x.snapshot?.status === 'done'));
  });
});
