/**
 * The Prometheus endpoint: an engine run on a manual clock feeding the metrics, scraped over
 * loopback; and `twinleg run --metrics 0` scraped while it runs.
 */
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { tradingStateOf } from '../actors/tradingState/index.js';
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
      trading: () => tradingStateOf(breaker.status()),
      openExposure: () => 2_000_000,
      pnl: () => ({ realized: -20_000, lockedIn: 600_000, unhedgedCost: 0 })
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
      expect(series(text, 'twinleg_realized_pnl_dollars')).toBe(-0.02);
      expect(series(text, 'twinleg_locked_in_pnl_dollars')).toBe(0.6);
      expect(series(text, 'twinleg_unhedged_cost_dollars')).toBe(0);
      expect(series(text, 'twinleg_trading_state', 'state="TRADING"')).toBe(1);
      expect(series(text, 'twinleg_trading_state', 'state="LIMIT_REACHED"')).toBe(0);
      // default limits (500 contracts): the 6 matched pairs use 6
      expect(series(text, 'twinleg_capacity_left_contracts')).toBe(494);
      expect(series(text, 'twinleg_markets_held')).toBe(0);
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

  it('refuses a non-loopback host unless allowRemote is set', async () => {
    for (const host of ['0.0.0.0', '::', '::ffff:127.0.0.1']) {
      const err = await startMetricsServer(new Registry(), { host }).catch((e: unknown) => e);
      expect(err, host).toBeInstanceOf(TwinlegError);
      expect((err as TwinlegError).code).toBe('usage');
      expect((err as Error).message).toContain(`refusing to bind ${host}`);
      expect((err as Error).message).toContain('allowRemote');
    }
    await expect(
      startMetricsServer(new Registry(), { auth: { user: 'scraper', password: '' } })
    ).rejects.toThrow(/needs both a user/);
  });

  it('allowRemote binds with a warning; basic auth answers 401 without the right credentials', async () => {
    const warnings: string[] = [];
    // an address outside the loopback names that still only listens on this machine
    const server = await startMetricsServer(new Registry(), {
      host: '::ffff:127.0.0.1',
      allowRemote: true,
      auth: { user: 'scraper', password: 'pa:ss wörd' },
      warn: (m) => warnings.push(m)
    });
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`serving [::ffff:127.0.0.1]:${server.port}`);
      expect(warnings[0]).toContain('with basic auth');
      const url = `http://127.0.0.1:${server.port}/metrics`;
      const basic = (u: string, p: string) => ({
        authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`
      });
      const none = await fetch(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="twinleg metrics"/);
      expect((await fetch(url, { headers: basic('scraper', 'wrong') })).status).toBe(401);
      expect((await fetch(url, { headers: basic('other', 'pa:ss wörd') })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer x' } })).status).toBe(401);
      const ok = await fetch(url, { headers: basic('scraper', 'pa:ss wörd') });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/text\/plain/);
    } finally {
      await server.close();
    }
    // loopback: no warning; a remote bind without auth says so
    const quiet = await startMetricsServer(new Registry(), { warn: (m) => warnings.push(m) });
    await quiet.close();
    expect(warnings).toHaveLength(1);
    const open = await startMetricsServer(new Registry(), {
      host: '::ffff:127.0.0.1',
      allowRemote: true,
      warn: (m) => warnings.push(m)
    });
    await open.close();
    expect(warnings[1]).toContain('WITHOUT auth');
  });

  it('twinleg run: a non-loopback metrics host needs metrics.allowRemote', async () => {
    const child = start(['run', '--metrics', '0', '--duration', '30'], {
      env: { TWINLEG_METRICS_HOST: '0.0.0.0' }
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(child)).not.toBe(0);
    expect(stderr).toContain('refusing to bind 0.0.0.0');
    expect(stderr).toContain('allowRemote');
  });

  it('twinleg run: TWINLEG_METRICS_ALLOW_REMOTE warns, TWINLEG_METRICS_USER/PASSWORD require basic auth', async () => {
    const child = start(['run', '--metrics', '0', '--duration', '30'], {
      env: {
        TWINLEG_METRICS_HOST: '::ffff:127.0.0.1',
        TWINLEG_METRICS_ALLOW_REMOTE: 'true',
        TWINLEG_METRICS_USER: 'scraper',
        TWINLEG_METRICS_PASSWORD: 'hunter2',
        TWINLEG_LOGGING_FORMAT: 'json'
      }
    });
    let output = ''; // the log (stdout) and the notes (stderr)
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const [, port] = await waitFor(
      child,
      /metrics: http:\/\/\[::ffff:127\.0\.0\.1\]:(\d+)\/metrics/,
      60_000
    );
    const url = `http://127.0.0.1:${port}/metrics`;
    try {
      expect((await fetch(url)).status).toBe(401);
      const auth = `Basic ${Buffer.from('scraper:hunter2').toString('base64')}`;
      const ok = await fetch(url, { headers: { authorization: auth } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^twinleg_executions_live /m);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited(child)).toBe(0);
    expect(output).toMatch(/"level":40,.*reachable beyond this machine.*with basic auth/);
    expect(output).not.toContain('hunter2');
  });
});
