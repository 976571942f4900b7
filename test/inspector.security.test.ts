/**
 * Inspector security: loopback only, access token on the page and the socket, and the context
 * whitelist (a secret in an execution's input never reaches any message).
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { InspectionEvent } from 'xstate';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { cents, contracts, type FastExecutionRequest, type MarketPair } from '../core/index.js';
import { attachInspector, type InspectorHandle } from '../inspector/index.js';
import { testMarket } from './support/engine.js';

const SECRET = 'SECRET-XYZ';

function engine() {
  const clock = new ManualClock();
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
  const supervisor = new ExecutionSupervisor({
    // a host's market objects may carry anything; they reach execution context as given
    markets: [1, 2].map((id) => ({ ...testMarket(id), apiSecret: SECRET }) as MarketPair),
    venues: { kalshi, polymarket },
    clock,
    idPrefix: 's-'
  });
  return { clock, kalshi, polymarket, supervisor };
}

/** Resolves with the HTTP status of a failed upgrade, or 101 when the socket opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    ws.on('error', () => resolve(-1));
  });
}

/** Status of a GET to 127.0.0.1:`port``path` with exactly these extra headers. */
function getStatus(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

let insp: InspectorHandle | undefined;
afterEach(async () => {
  await insp?.close();
  insp = undefined;
});

describe('inspector security', () => {
  it('binds to 127.0.0.1 by default and refuses a non-loopback host', async () => {
    const e = engine();
    insp = await attachInspector(e.supervisor, {});
    expect(insp.address).toBe('127.0.0.1');
    expect(insp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{16,}\/$/);
    await expect(attachInspector(e.supervisor, { host: '0.0.0.0' })).rejects.toThrow(
      /not loopback/
    );
  });

  it('requires the token for the page, its files, the graph and the socket', async () => {
    const e = engine();
    insp = await attachInspector(e.supervisor, {});
    const base = `http://127.0.0.1:${insp.port}`;
    const wrong = 'x'.repeat(insp.token.length);
    for (const path of ['/', '/index.html', '/app.js', `/${wrong}/`, `/${wrong}/graph.json`]) {
      expect((await fetch(base + path)).status, path).toBe(403);
    }
    const page = await fetch(insp.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('twinleg inspector');
    expect((await fetch(`${insp.url}graph.json`)).status).toBe(200);
    expect((await fetch(`${insp.url}../../etc/passwd`)).status).toBe(403);

    const ws = `ws://127.0.0.1:${insp.port}`;
    expect(await upgradeStatus(`${ws}/ws`)).toBe(403);
    expect(await upgradeStatus(`${ws}/${wrong}/ws`)).toBe(403);
    expect(await upgradeStatus(`${ws}/ws?token=${insp.token}`)).toBe(403);
    expect(await upgradeStatus(`${ws}/${insp.token}/ws`)).toBe(101);
  });

  it('never sends a secret placed in an execution input (the request copy drops it; the market keeps it)', async () => {
    const e = engine();
    let rawHadSecret = false;
    e.supervisor.attachInspector((ev: InspectionEvent) => {
      if (ev.type === '@xstate.snapshot' && JSON.stringify(ev.snapshot).includes(SECRET)) {
        rawHadSecret = true;
      }
    });
    insp = await attachInspector(e.supervisor, { flushIntervalMs: 60_000 });
    const frames: string[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${insp.port}/${insp.token}/ws`);
    ws.on('message', (d: Buffer) => frames.push(d.toString()));
    await new Promise((r) => ws.once('open', r));

    const ask = (p: number, q: number) => ({
      asks: [{ price: cents(p), qty: contracts(q) }],
      bids: [{ price: cents(p - 5), qty: contracts(100) }]
    });
    e.kalshi.setBook(1, 'yes', ask(40, 100));
    e.polymarket.setBook(1, 'no', ask(50, 4)); // partial: auto-close runs
    e.kalshi.setBook(2, 'yes', ask(40, 100));
    e.polymarket.setBook(2, 'no', ask(50, 100));
    const req = (marketId: number) =>
      ({
        marketId,
        arbType: 'KalshiYesPolyNo',
        yesPrice: cents(40),
        noPrice: cents(50),
        yesSize: contracts(10),
        noSize: contracts(10),
        detectedNs: e.clock.nowNs(),
        apiSecret: SECRET // dropped by the copy at the door
      }) as FastExecutionRequest;
    const done = Promise.all([e.supervisor.submit(req(1)), e.supervisor.submit(req(2))]);
    await e.clock.runUntilIdle();
    const results = await done;
    expect(results.map((r) => r.error)).toEqual(['partial_fill', null]);
    insp.flush();
    while (!frames.some((f) => f.includes('twinleg.fills')))
      await new Promise((r) => setTimeout(r, 5));
    // a late client's replay too
    const late: string[] = [];
    const ws2 = new WebSocket(`ws://127.0.0.1:${insp.port}/${insp.token}/ws`);
    ws2.on('message', (d: Buffer) => late.push(d.toString()));
    await new Promise<void>((resolve) =>
      ws2.on('message', (d: Buffer) => d.toString().includes('twinleg.replayed') && resolve())
    );
    const graph = await (await fetch(`${insp.url}graph.json`)).text();

    expect(rawHadSecret).toBe(true); // the secret really was in the raw context
    const all = [...frames, ...late, graph].join('\n');
    expect(frames.some((f) => f.includes('"status":"done"'))).toBe(true);
    expect(all).toContain('"close":{');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('apiSecret');
    expect(all).not.toContain('clientOrderId');
    ws.close();
    ws2.close();
  });

  it('refuses a valid token under a foreign Host or Origin (DNS rebinding), page and socket', async () => {
    const e = engine();
    insp = await attachInspector(e.supervisor, {});
    const { port, token } = insp;
    const ws = `ws://127.0.0.1:${port}/${token}/ws`;
    const path = `/${token}/`;
    const bad: Record<string, Record<string, string>> = {
      'rebound Host': { host: `evil.example.com:${port}` },
      'Host on another port': { host: `127.0.0.1:${port + 1}` },
      'evil Origin': { origin: 'http://evil.example.com' },
      'Origin null': { origin: 'null' },
      'Origin of another loopback port': { origin: `http://127.0.0.1:${port + 1}` },
      'https Origin': { origin: `https://127.0.0.1:${port}` }
    };
    for (const [why, headers] of Object.entries(bad)) {
      expect(await upgradeStatus(ws, headers), `ws: ${why}`).toBe(403);
      expect(await getStatus(port, path, headers), `http: ${why}`).toBe(403);
    }
    const good: Record<string, Record<string, string>> = {
      'no Origin': {},
      'own Origin': { origin: `http://127.0.0.1:${port}` },
      'localhost Host and Origin': {
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`
      },
      '[::1] Host': { host: `[::1]:${port}` }
    };
    for (const [why, headers] of Object.entries(good)) {
      expect(await upgradeStatus(ws, headers), `ws: ${why}`).toBe(101);
      expect(await getStatus(port, path, headers), `http: ${why}`).toBe(200);
    }
  });
});
