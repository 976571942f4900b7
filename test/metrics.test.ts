/**
 * The Prometheus endpoint: an engine run on a manual clock feeding the metrics, scraped over
 * loopback; and `twinleg run --metrics 0` scraped while it runs.
 */
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { EngineMetrics, startMetricsServer } from '../adapters/metrics/index.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { cents, contracts, TwinlegError } from '../core/index.js';
import { testMarket } from './support/engine.js';
import { exited, start, waitFor } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

const series = (text: string, name: string, labels = ''): number => {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}${labels ? `{${labels}}` : ''} `) ||
        (labels === '' && l.startsWith(`${name} `))
    );
  return line ? Number(line.split(' ').pop()) : NaN;
};

describe('metrics endpoint', () => {
  it('a busy port is a port_in_use error naming the port', async () => {
    const first = await startMetricsServer(new Registry());
    try {
      const err = await startMetricsServer(new Registry(), { port: first.port }).catch(
        (e: unknown) => e
      );
      expect(err).toBeInstanceOf(TwinlegError);
      expect((err as TwinlegError).code).toBe('port_in_use');
      expect((err as Error).message).toContain(`port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.close();
    }
  });

  it('serves the engine series on 127.0.0.1 after a run', async () => {
    const clock = new ManualClock();
    const kalshi = new SimulatedVenue({
      venue: 'kalshi',
      clock,
      seed: 1,
      latencyMs: { min: 20, max: 20 }
    });
    const polymarket = new SimulatedVenue({
      venue: 'polymarket',
      clock,
      seed: 2,
      latencyMs: { min: 10, max: 10 }
    });
    const breaker = new CircuitBreaker({ clock });
    const m = new EngineMetrics(clock, {
      breaker: () => breaker.status(),
      openExposure: () => 2_000_000
    });
    const market = testMarket(1);
    const sup = new ExecutionSupervisor({
      markets: [market],
      venues: { kalshi, polymarket },
      clock,
      risk: breaker,
      journal: m.journal,
      config: { autoClose: { polySettlementWaitMs: 0 } }
    });
    sup.results$.subscribe((r) => m.onResult(r));
    sup.fills$.subscribe((f) => m.onFill(f));
    // YES on Polymarket fills 10, NO on Kalshi only 6: a mismatch auto-closed on Polymarket
    polymarket.setBook(1, 'yes', {
      asks: [{ price: cents(40), qty: contracts(10) }],
      bids: [{ price: cents(39), qty: contracts(50) }]
    });
    kalshi.setBook(1, 'no', { asks: [{ price: cents(50), qty: contracts(6) }], bids: [] });
    const req = {
      marketId: 1,
      arbType: 'PolyYesKalshiNo' as const,
      yesPrice: cents(40),
      noPrice: cents(50),
      yesSize: contracts(10),
      noSize: contracts(10)
    };
    const done = sup.submit({ ...req, detectedNs: clock.nowNs() });
    void sup.submit({ ...req, detectedNs: clock.nowNs() }); // duplicate
    await clock.runUntilIdle();
    expect((await done).error).toBe('partial_fill');
    const server = await startMetricsServer(m.registry, { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(server.url);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      expect(series(text, 'twinleg_opportunities_total', 'outcome="partial_fill"')).toBe(1);
      expect(series(text, 'twinleg_opportunities_total', 'outcome="already_in_flight"')).toBe(1);
      expect(series(text, 'twinleg_executions_total')).toBe(1);
      expect(series(text, 'twinleg_fills_total', 'venue="polymarket",action="buy"')).toBe(1);
      expect(series(text, 'twinleg_fills_total', 'venue="kalshi",action="buy"')).toBe(1);
      expect(series(text, 'twinleg_closes_total')).toBe(1);
      expect(series(text, 'twinleg_mismatches_total')).toBe(1);
      expect(series(text, 'twinleg_open_exposure_contracts')).toBe(2);
      expect(series(text, 'twinleg_breaker_halted')).toBe(0);
      expect(series(text, 'twinleg_breaker_enabled')).toBe(1);
      for (const [stage, venue] of [
        ['claim_to_sent', 'all'],
        ['leg_rtt', 'kalshi'],
        ['leg_rtt', 'polymarket'],
        ['auto_close', 'all'],
        ['total', 'all']
      ]) {
        expect(
          series(text, 'twinleg_stage_latency_seconds_count', `stage="${stage}",venue="${venue}"`),
          `${stage}/${venue}`
        ).toBeGreaterThan(0);
      }
      // the Kalshi leg answered after its 20 ms simulated round trip
      expect(text).toMatch(
        /twinleg_stage_latency_seconds_bucket\{le="0\.025",stage="leg_rtt",venue="kalshi"\} 1/
      );
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await server.close();
      await sup.stop();
    }
  });

  it('twinleg run --metrics 0 serves /metrics while it runs', async () => {
    const child = start(['run', '--metrics', '0', '--duration', '30', '--log-level', 'silent']);
    const [, url] = await waitFor(child, /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/, 60_000);
    let text = '';
    for (let i = 0; i < 100 && !/twinleg_opportunities_total\{/.test(text); i++) {
      text = await (await fetch(url!)).text();
      if (!/twinleg_opportunities_total\{/.test(text)) await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(text).toMatch(/^twinleg_opportunities_total\{outcome="[a-z_]+"\} \d+/m);
    expect(text).toMatch(/^twinleg_executions_live /m);
    expect(text).toMatch(/^twinleg_breaker_consecutive_errors /m);
    expect(text).toMatch(/^# TYPE twinleg_stage_latency_seconds histogram/m);
  });
});
