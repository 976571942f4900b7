/**
 * The fast lane against the execution machine: generated scenarios (prices, sizes, books, venue
 * behaviours per leg, adapter throws, risk verdicts and throws, dry run, leg timeouts, two
 * markets at once) run through one engine with `fastLane` on and one with it off. Everything a
 * user or the ledger sees must be identical per execution: results (latency included, on the
 * manual clock), fills, log lines, journal records and the orders the venues received, each in
 * its order. Only the interleaving of two executions' records may differ (the fast lane ends a
 * rejected opportunity inside `submit`, the machine a microtask later).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  ARB_TYPES,
  contracts,
  type Journal,
  type RiskPort,
  type Side,
  type Venue,
  type VenueAdapter
} from '../core/index.js';
import type { SimBehaviour } from '../adapters/venues/simulated/index.js';
import { testEngine } from './support/engine.js';

type LegPlan = SimBehaviour | { readonly kind: 'throw' } | { readonly kind: 'plain' };

const behaviour: fc.Arbitrary<LegPlan> = fc.oneof(
  fc.constant({ kind: 'plain' } as const),
  fc.constant({ kind: 'plain' } as const),
  fc.constant({ kind: 'throw' } as const),
  fc.record({
    kind: fc.constant('reject' as const),
    rejectKind: fc.constantFrom('settlement', 'unavailable', 'insufficient_balance' as const)
  }),
  fc
    .record({ kind: fc.constant('fillQty' as const), qty: fc.integer({ min: 0, max: 12 }) })
    .map((b) => ({ ...b, qty: contracts(b.qty) })),
  fc.record({
    kind: fc.constant('pending' as const),
    resolveAfterMs: fc.integer({ min: 1, max: 400 }),
    fill: fc.constantFrom('book', 'none' as const)
  }),
  fc.record({ kind: fc.constant('hang' as const), fill: fc.constantFrom('book', 'none' as const) }),
  fc.record({ kind: fc.constant('latency' as const), ms: fc.integer({ min: 0, max: 300 }) })
);

const market = fc.record({
  arbType: fc.constantFrom(...ARB_TYPES),
  yesCents: fc.integer({ min: 20, max: 60 }),
  noCents: fc.integer({ min: 20, max: 60 }),
  yesSize: fc.integer({ min: 0, max: 12 }),
  noSize: fc.integer({ min: 0, max: 12 }),
  yesBook: fc.integer({ min: 0, max: 12 }),
  noBook: fc.integer({ min: 0, max: 12 }),
  yesLeg: behaviour,
  noLeg: behaviour,
  delayMs: fc.integer({ min: 0, max: 50 })
});

const scenario = fc.record({
  markets: fc.array(market, { minLength: 1, maxLength: 2 }),
  risk: fc.oneof(
    fc.constant({ kind: 'permissive' } as const),
    fc.record({ kind: fc.constant('cap' as const), qty: fc.integer({ min: 0, max: 8 }) }),
    fc.record({
      kind: fc.constant('block' as const),
      blocked: fc.constantFrom('blacklisted', 'cooldown', 'circuit_breaker' as const)
    }),
    fc.constant({ kind: 'throw' } as const)
  ),
  dryRun: fc.integer({ min: 0, max: 7 }).map((n) => n === 0), // dry run 1 in 8
  legTimeoutMs: fc.integer({ min: 20, max: 500 }),
  minProfitCents: fc.integer({ min: 0, max: 3 })
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function riskOf(s: Scenario): RiskPort {
  const r = s.risk;
  return {
    assess: () => {
      if (r.kind === 'throw') throw new Error('risk store offline');
      if (r.kind === 'block') return { blocked: r.blocked, capacity: 0, detail: 'scripted' };
      const capacity = r.kind === 'cap' ? contracts(r.qty) : Number.MAX_SAFE_INTEGER;
      return { blocked: null, capacity };
    },
    onFill: () => undefined,
    onResult: () => undefined
  };
}

/** A journal that records every call (wall times come from the manual clock). */
function recordingJournal(calls: unknown[]): Journal {
  const rec =
    (name: string) =>
    (...args: unknown[]): void => {
      calls.push(JSON.parse(JSON.stringify([name, ...args])));
    };
  return {
    executionStarted: rec('executionStarted'),
    orderIntent: rec('orderIntent'),
    orderOutcome: rec('orderOutcome'),
    fill: rec('fill'),
    executionFinished: rec('executionFinished')
  };
}

/** Adapter wrapper: `throw` plans make placeOrder reject for that (market, side). */
function throwing(s: Scenario) {
  const plans = new Map<string, boolean>();
  s.markets.forEach((m, i) => {
    plans.set(`${i + 1}:yes`, m.yesLeg.kind === 'throw');
    plans.set(`${i + 1}:no`, m.noLeg.kind === 'throw');
  });
  return (_venue: Venue, adapter: VenueAdapter): VenueAdapter => ({
    ...adapter,
    placeOrder: (order, signal) =>
      order.action === 'buy' && plans.get(`${order.market.marketId}:${order.side}`)
        ? Promise.reject(new Error('socket hang up'))
        : adapter.placeOrder(order, signal),
    lookupOrder: (ref, signal) => adapter.lookupOrder(ref, signal)
  });
}

async function run(s: Scenario, fastLane: boolean) {
  const journal: unknown[] = [];
  const e = testEngine({
    config: {
      fastLane,
      dryRun: s.dryRun,
      legTimeoutMs: s.legTimeoutMs,
      minProfitPerContract: s.minProfitCents * 10_000,
      delayedReleaseMs: 0
    },
    risk: riskOf(s),
    journal: recordingJournal(journal),
    wrap: throwing(s)
  });
  const pending: Promise<unknown>[] = [];
  for (const [i, m] of s.markets.entries()) {
    const id = i + 1;
    const venues = legVenuesOf(m.arbType);
    for (const side of ['yes', 'no'] as const) {
      const price = side === 'yes' ? m.yesCents : m.noCents;
      const depth = side === 'yes' ? m.yesBook : m.noBook;
      e.book(venues[side], id, side, depth > 0 ? [[price, depth]] : [], [
        [Math.max(price - 5, 1), 20]
      ]);
      const plan = side === 'yes' ? m.yesLeg : m.noLeg;
      if (plan.kind !== 'plain' && plan.kind !== 'throw') {
        e.venues[venues[side]].script({
          match: { marketId: id, side, action: 'buy' },
          behaviour: plan
        });
      }
    }
    if (m.delayMs > 0) await e.clock.advance(m.delayMs);
    pending.push(
      e.supervisor.submit(e.opp(id, m.arbType, m.yesCents, m.noCents, m.yesSize, m.noSize))
    );
  }
  for (let t = 0; t < 600 && e.supervisor.liveCount() > 0; t++) await e.clock.advance(250);
  await Promise.all(pending);
  const orders = (['kalshi', 'polymarket'] as const).flatMap((v) => e.venues[v].orders());
  const byExecution = new Map<string, unknown[]>();
  const put = (id: string, what: string, x: unknown) => {
    const list = byExecution.get(id) ?? [];
    list.push([what, JSON.parse(JSON.stringify(x))]);
    byExecution.set(id, list);
  };
  for (const r of e.results) put(r.executionId, 'result', r);
  for (const f of e.fills) put(f.executionId, 'fill', f);
  for (const l of e.logs) put(executionOf(l.obj), 'log', `${l.level} ${l.msg}`);
  for (const j of journal) put(executionOf(j), 'journal', j);
  for (const o of orders) put(executionOf(o), 'order', o);
  return Object.fromEntries([...byExecution].sort(([a], [b]) => a.localeCompare(b)));
}

/** The execution a record belongs to: an `executionId` or a `t-N-…` client order id in it. */
function executionOf(x: unknown): string {
  return /"(t-\d+)[-"]/.exec(JSON.stringify(x))?.[1] ?? 'none';
}

function legVenuesOf(arbType: (typeof ARB_TYPES)[number]): Record<Side, Venue> {
  switch (arbType) {
    case 'PolyYesKalshiNo':
      return { yes: 'polymarket', no: 'kalshi' };
    case 'KalshiYesPolyNo':
      return { yes: 'kalshi', no: 'polymarket' };
    case 'PolyOnly':
      return { yes: 'polymarket', no: 'polymarket' };
    case 'KalshiOnly':
      return { yes: 'kalshi', no: 'kalshi' };
  }
}

describe('fast lane ≡ execution machine', () => {
  it('generated scenarios give the same results, fills, logs, journal and venue orders', async () => {
    let handedOver = 0;
    let fastOnly = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const fast = await run(s, true);
        const machine = await run(s, false);
        expect(fast).toEqual(machine);
        const errors = Object.values(fast)
          .flat()
          .map((x) => (x as [string, { error?: string }])[1].error);
        if (errors.some((x) => x === 'partial_fill' || x === 'order_unresolved')) handedOver++;
        else fastOnly++;
      }),
      { numRuns: 300, seed: 20261124 }
    );
    // the generator reaches both the straight line and the handover to the machine
    expect(handedOver).toBeGreaterThan(20);
    expect(fastOnly).toBeGreaterThan(20);
  }, 120_000);
});

describe('a throwing fill listener', () => {
  it('does not end the execution on either path; the error is rethrown on its own task', async () => {
    const outcomes: unknown[] = [];
    for (const fastLane of [true, false]) {
      const deferred: (() => void)[] = [];
      const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn: () => void) => {
        deferred.push(fn);
        return 0 as never;
      });
      try {
        const journal = recordingJournal([]);
        const e = testEngine({
          config: { fastLane },
          journal: {
            ...journal,
            fill: () => {
              throw new Error('disk full');
            }
          }
        });
        e.book('polymarket', 1, 'yes', [[45, 10]]);
        e.book('kalshi', 1, 'no', [[50, 10]]);
        const done = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
        await e.clock.advance(100);
        const r = await done;
        const thrown = deferred.map((fn) => {
          try {
            fn();
            return null;
          } catch (err) {
            return (err as Error).message;
          }
        });
        outcomes.push({ error: r.error, matched: r.matchedContracts, thrown });
      } finally {
        spy.mockRestore();
      }
    }
    expect(outcomes[0]).toEqual({
      error: null,
      matched: 10_000_000,
      thrown: ['disk full', 'disk full']
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});
