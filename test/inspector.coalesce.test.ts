/**
 * Coalescing bounds, the history ring and the machine graph, without a server: a real XState
 * actor feeds the recorder, flushes are driven by hand.
 */
import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { Coalescer } from '../inspector/coalesce.js';
import { edgeIndex, machineGraph } from '../inspector/graph.js';
import { createRecorder } from '../inspector/recorder.js';
import { Ring } from '../inspector/ring.js';
import { executionMachine } from '../machines/execution.js';

const counter = setup({ types: { context: {} as { n: number; apiSecret: string } } }).createMachine(
  {
    id: 'counter',
    context: { n: 0, apiSecret: 'SECRET-XYZ' },
    initial: 'on',
    states: {
      on: { on: { TICK: { actions: assign({ n: ({ context }) => context.n + 1 }) }, STOP: 'off' } },
      off: { type: 'final' }
    }
  }
);

function rig(opts: ConstructorParameters<typeof Coalescer>[0] = {}) {
  const frames: { type: string; sessionId?: string }[] = [];
  const co = new Coalescer(
    opts,
    (f) => frames.push(JSON.parse(f) as { type: string }),
    () => 0
  );
  const graph = machineGraph(counter);
  const inspect = createRecorder(co, edgeIndex(graph), () => 0);
  const count = (type: string, id?: string) =>
    frames.filter((f) => f.type === type && (id === undefined || f.sessionId === id)).length;
  return { co, frames, inspect, count };
}

describe('inspector coalescing', () => {
  it('turns a burst of N snapshots of one actor into one snapshot frame per flush', () => {
    const r = rig();
    const a = createActor(counter, { id: 'a1', inspect: r.inspect }).start();
    for (let i = 0; i < 10_000; i++) a.send({ type: 'TICK' });
    r.co.flush();
    expect(r.count('@xstate.actor', 'a1')).toBe(1);
    expect(r.count('@xstate.snapshot', 'a1')).toBe(1);
    for (let i = 0; i < 5_000; i++) a.send({ type: 'TICK' });
    r.co.flush();
    r.co.flush(); // nothing new: no frame
    expect(r.count('@xstate.snapshot', 'a1')).toBe(2);
    a.send({ type: 'STOP' });
    r.co.flush();
    expect(r.count('@xstate.snapshot', 'a1')).toBe(3);
    expect(r.co.liveCount()).toBe(0);
    expect(r.co.counters.finished).toBe(1);
  });

  it('bounds every frame kind per flush', () => {
    const r = rig({ maxNewActorsPerFlush: 5, maxEventsPerFlush: 20, maxSnapshotsPerFlush: 3 });
    const actors = Array.from({ length: 50 }, (_, i) =>
      createActor(counter, { id: `b${i}`, inspect: r.inspect }).start()
    );
    for (const a of actors) for (let i = 0; i < 100; i++) a.send({ type: 'TICK' });
    const n = r.co.flush();
    expect(n).toBeLessThanOrEqual(5 + 20 + 3);
    expect(r.count('@xstate.actor')).toBe(5);
    expect(r.count('@xstate.event')).toBe(20);
    expect(r.count('@xstate.snapshot')).toBe(3);
    expect(r.co.counters.sampledOut).toBe(45);
    expect(r.co.counters.eventsDropped).toBeGreaterThan(0);
    // the other two shown actors' snapshots come with the next flush; sampled-out ones never
    r.co.flush();
    expect(r.count('@xstate.snapshot')).toBe(5);
    const shown = new Set(r.frames.map((f) => f.sessionId));
    expect(shown.size).toBe(5);
  });

  it('replays current actors first, then the bounded history', () => {
    const r = rig({ historySize: 4 });
    const a = createActor(counter, { id: 'c1', inspect: r.inspect }).start();
    const b = createActor(counter, { id: 'c2', inspect: r.inspect }).start();
    r.co.flush();
    b.send({ type: 'STOP' });
    a.send({ type: 'TICK' });
    r.co.flush();
    const replay: { type: string; sessionId?: string; actors?: number; history?: number }[] = [];
    r.co.replay((f) => replay.push(JSON.parse(f) as { type: string }));
    expect(replay.map((m) => `${m.type} ${m.sessionId ?? ''}`).slice(0, 3)).toEqual([
      '@xstate.actor supervisor',
      '@xstate.actor c1',
      '@xstate.snapshot c1'
    ]);
    expect(replay.at(-1)).toMatchObject({ type: 'twinleg.replayed', actors: 1, history: 4 });
    expect(JSON.stringify(replay)).not.toContain('SECRET-XYZ');
  });

  it('ring buffer keeps the newest items', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});

describe('inspector machine graph', () => {
  it('comes from toDirectedGraph plus the eventless transitions', () => {
    const g = machineGraph(executionMachine);
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(ids.has('execution.reconcile.yes.resolving.lookup')).toBe(true);
    expect(g.nodes.find((n) => n.id === 'execution')?.initial).toBe('execution.claim');
    const has = (s: string, t: string) => g.edges.some((e) => e.source === s && e.target === t);
    expect(has('execution.claim', 'execution.validate')).toBe(true); // always
    expect(has('execution.validate', 'execution.size')).toBe(true);
    expect(has('execution.executeLegs', 'execution.decide')).toBe(true);
    expect(g.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(edgeIndex(g).get('execution.claim>execution.validate')).toBeTypeOf('number');
  });
});
