/**
 * The CLI's book-feed wiring in process, on loopback: feed metrics on the run's registry, the
 * detector's requests, the feeds stopped on shutdown, `watch`'s table, and the usage errors
 * of the new flags.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { cents, SILENT_LOGGER, type MarketPair } from '../core/index.js';
import { loadConfig } from '../cli/config/load.js';
import { parseMarkets } from '../cli/markets.js';
import { detectedRequests, startBookFeeds } from '../cli/runtime/bookFeed.js';
import { runWatch } from '../cli/runtime/watcher.js';
import { tempDir, twinleg } from './cliSupport.js';
import { KalshiFeedServer, PolymarketFeedServer } from './support/feedServers.js';

vi.setConfig({ testTimeout: 60_000 });

const market: MarketPair = parseMarkets([
  {
    marketId: 0,
    pairId: 'p0',
    description: '',
    kalshiTicker: 'KX-0',
    polyYesTokenId: '1001',
    polyNoTokenId: '1002'
  }
])[0]!;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const saved = { ...process.env };
let k: KalshiFeedServer;
let p: PolymarketFeedServer;

beforeAll(async () => {
  k = await KalshiFeedServer.start(publicKey);
  p = await PolymarketFeedServer.start();
  k.books.set('KX-0', { yes: [['0.3800', '10.00']], no: [['0.4000', '10.00']] });
  p.books.set('1001', { bids: [], asks: [{ price: '0.60', size: '10' }] });
  p.books.set('1002', { bids: [], asks: [{ price: '0.50', size: '10' }] });
  Object.assign(process.env, {
    KALSHI_API_KEY_ID: 'key-2',
    KALSHI_PRIVATE_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    KALSHI_WS_BASE_URL: k.wsBase,
    TWINLEG_VENUES_POLYMARKET_WS_URL: p.wsUrl,
    TWINLEG_VENUES_POLYMARKET_BASE_URL: p.restBase
  });
});

afterAll(async () => {
  process.env = saved;
  await k.close();
  await p.close();
});

describe('startBookFeeds', () => {
  it('registers the feed metrics, feeds the detector, and stop leaves the books stale', async () => {
    const { config } = loadConfig({ env: process.env });
    const registry = new Registry();
    const clock = new NanoClock();
    const f = startBookFeeds({ config, markets: [market], clock, log: SILENT_LOGGER, registry });
    try {
      const req = await firstValueFrom(
        detectedRequests({ books: f.books, markets: [market], clock, engine: config.engine })
      );
      expect(req).toMatchObject({ marketId: 0, arbType: 'KalshiYesPolyNo', yesPrice: 400_000 });
      const text = await registry.metrics();
      expect(text).toMatch(/twinleg_feed_messages_total\{venue="kalshi",kind="snapshot"\} 1/);
      expect(text).toMatch(/twinleg_feed_messages_total\{venue="polymarket",kind="book"\} [1-9]/);
    } finally {
      f.stop();
    }
    expect(f.books.venue(0, 'kalshi')!.stale).toBe(true);
    expect(f.books.venue(0, 'polymarket')!.stale).toBe(true);
    expect(f.feeds.kalshi.connected).toBe(false);
  });
});

describe('watch (table)', () => {
  it('renders top of book per venue and side and the last opportunity', async () => {
    const { config } = loadConfig({ env: process.env });
    let out = '';
    const seen = await runWatch({
      config,
      markets: [market],
      log: SILENT_LOGGER,
      json: false,
      intervalMs: 200,
      durationSec: 1,
      write: (t) => (out += t)
    });
    expect(seen).toBeGreaterThan(0);
    const last = out.split('\x1b[2J\x1b[H').at(-1)!;
    expect(last).toMatch(/^p0\s+kalshi\s+YES\s+38¢\s+40¢ ×10\s+ok/m);
    expect(last).toMatch(/^p0\s+polymarket\s+NO\s+—\s+50¢ ×10\s+ok/m);
    expect(last).toMatch(/last opportunity: market 0 KalshiYesPolyNo YES 40¢ \+ NO 50¢ × 10/);
  });
});

describe('detector thresholds', () => {
  it("watch detects with the configuration's engine thresholds, not the defaults", async () => {
    const { config } = loadConfig({ env: process.env });
    const seen = await runWatch({
      config: { ...config, engine: { ...config.engine, minProfitPerContract: cents(20) } },
      markets: [market],
      log: SILENT_LOGGER,
      json: true,
      intervalMs: 5_000,
      durationSec: 1,
      write: () => undefined
    });
    expect(seen).toBe(0); // 10¢ before fees is under 20¢
  });
});

describe('usage errors', () => {
  it('--feed books needs --live; paper runs the simulated markets + detector', async () => {
    const r = await twinleg(['run', '--feed', 'books', '--duration', '1', '--log-level', 'silent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--feed books needs --live/);
    const sum = join(tempDir(), 'paper.json');
    const paper = await twinleg([
      'run',
      '--duration',
      '1',
      '--summary-json',
      sum,
      '--log-level',
      'silent'
    ]);
    expect(paper.code, paper.stderr).toBe(0);
    expect((JSON.parse(readFileSync(sum, 'utf8')) as { feed: string }).feed).toMatch(
      /^simulated markets/
    );
  });

  it('watch and record need a markets file; replay needs one of <file> or --books', async () => {
    const w = await twinleg(['watch', '--duration', '1']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/watch needs a markets file/);
    const r = await twinleg(['record', '--out', '/tmp/x.jsonl', '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/record needs a markets file/);
    const rp = await twinleg(['replay']);
    expect(rp.code).toBe(2);
    expect(rp.stderr).toMatch(/give one of <file> or --books <file>/);
  });
});
