/**
 * The door: whatever a host hands `submit()` or `connect()` — getters that change their answer,
 * getters and Proxies that throw, revoked Proxies — is copied once and checked. The engine
 * answers with a typed `invalid_request` result, never throws into the host, and never leaks
 * or steals an in-flight bit.
 */
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { asMicros, type FastExecutionRequest } from '../core/index.js';
import { testEngine, testMarket } from './support/engine.js';

const hostile = (): [string, unknown][] => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  return [
    ['null', null],
    ['a number', 42],
    [
      'a throwing getter',
      Object.defineProperty({}, 'marketId', {
        get() {
          throw new Error('boom');
        }
      })
    ],
    [
      'a Proxy whose get trap throws',
      new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          }
        }
      )
    ],
    ['a revoked Proxy', revoked.proxy]
  ];
};

describe('requests from a host are copied and checked at the door', () => {
  it.each(hostile())('submit(%s) resolves invalid_request and claims nothing', async (_, raw) => {
    const e = testEngine();
    const r = await e.supervisor.submit(raw as FastExecutionRequest);
    expect(r.error).toBe('invalid_request');
    expect(r.success).toBe(false);
    expect(e.supervisor.bitmask.claimedCount()).toBe(0);
    expect(e.supervisor.liveCount()).toBe(0);
  });

  it.each(hostile())('connect() with %s: a result, no throw into the host', (_, raw) => {
    const e = testEngine();
    const feed = new Subject<FastExecutionRequest>();
    e.supervisor.connect(feed);
    expect(() => feed.next(raw as FastExecutionRequest)).not.toThrow();
    expect(e.results.map((r) => r.error)).toEqual(['invalid_request']);
    expect(e.supervisor.bitmask.claimedCount()).toBe(0);
  });

  it('a marketId getter answering 6 then 7 is read once: bit 6 runs and is released, 7 is never touched', async () => {
    const e = testEngine({ markets: [testMarket(6), testMarket(7)] });
    for (const id of [6, 7]) {
      e.book('polymarket', id, 'yes', [[45, 10]]);
      e.book('kalshi', id, 'no', [[50, 10]]);
    }
    let reads = 0;
    const base = e.opp(6, 'PolyYesKalshiNo', 45, 50);
    const shifty = {
      ...base,
      get marketId() {
        return reads++ === 0 ? 6 : 7;
      }
    } as FastExecutionRequest;
    const running = e.supervisor.submit(shifty);
    expect(e.supervisor.isInFlight(6)).toBe(true);
    expect(e.supervisor.isInFlight(7)).toBe(false);
    // a second execution on market 7 is free to start and is not disturbed
    const other = e.supervisor.submit(e.opp(7, 'PolyYesKalshiNo', 45, 50));
    await e.clock.runUntilIdle();
    const [a, b] = await Promise.all([running, other]);
    expect(reads).toBe(1);
    expect([a.marketId, a.error, b.marketId, b.error]).toEqual([6, null, 7, null]);
    expect(e.supervisor.bitmask.claimedCount()).toBe(0); // both delayed releases ran
  });

  it('extra fields never reach the execution: the copy is plain and frozen', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const seen: unknown[] = [];
    e.supervisor.attachInspector((ev) => {
      if (ev.type === '@xstate.snapshot') {
        const ctx = (ev.snapshot as { context?: { req?: unknown } }).context;
        if (ctx?.req) seen.push(ctx.req);
      }
    });
    const raw = { ...e.opp(1, 'PolyYesKalshiNo', 45, 50), apiSecret: 's3cret' };
    const p = e.supervisor.submit(raw);
    raw.yesPrice = asMicros(1); // a host mutating its object after handing it over changes nothing
    await e.clock.runUntilIdle();
    expect((await p).error).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    for (const req of seen) {
      expect(Object.isFrozen(req)).toBe(true);
      expect(Object.keys(req as object).sort()).toEqual(
        ['arbType', 'detectedNs', 'marketId', 'noPrice', 'noSize', 'yesPrice', 'yesSize'].sort()
      );
      expect((req as FastExecutionRequest).yesPrice).toBe(450_000);
    }
  });
});
