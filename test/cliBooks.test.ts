/**
 * The CLI over the venues' own books, on loopback: `watch --json` shows books and an
 * opportunity, `record` writes the raw frames, `replay --books` backtests the recording, and
 * `run --live` (book feeds + detector by default) executes a dislocation against the REST mocks.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exited, start, tempDir, twinleg, waitFor } from './cliSupport.js';
import { KalshiFeedServer, PolymarketFeedServer } from './support/feedServers.js';
import type { KeyObject } from 'node:crypto';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const dir = tempDir();
const [pair] = JSON.parse(readFileSync('examples/markets.example.json', 'utf8')) as {
  marketId: number;
  kalshiTicker: string;
  polyYesTokenId: string;
  polyNoTokenId: string;
}[];
const market = pair!;
const marketsFile = join(dir, 'markets.json');
writeFileSync(marketsFile, JSON.stringify([market]));

/**
 * A dislocation: Kalshi YES asks 40¢ (its NO bids on the YES scale), Polymarket NO asks 50¢:
 * YES + NO = 90¢ (KalshiYesPolyNo). The other pairings cost over $1.
 */
async function servers(publicKey: KeyObject) {
  const k = await KalshiFeedServer.start(publicKey);
  const p = await PolymarketFeedServer.start();
  k.books.set(market.kalshiTicker, { yes: [['0.3800', '100.00']], no: [['0.4000', '100.00']] });
  p.books.set(market.polyYesTokenId, {
    bids: [{ price: '0.58', size: '100' }],
    asks: [{ price: '0.60', size: '100' }]
  });
  p.books.set(market.polyNoTokenId, {
    bids: [{ price: '0.48', size: '100' }],
    asks: [{ price: '0.50', size: '100' }]
  });
  return { k, p, close: async () => (await k.close(), await p.close()) };
}

describe('watch, record and replay --books over loopback feeds', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pemPath = join(dir, 'kalshi.pem');
  writeFileSync(pemPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  let s: Awaited<ReturnType<typeof servers>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    s = await servers(publicKey);
    env = {
      KALSHI_API_KEY_ID: 'key-1',
      KALSHI_PRIVATE_KEY_PATH: pemPath,
      KALSHI_WS_BASE_URL: s.k.wsBase,
      TWINLEG_VENUES_POLYMARKET_WS_URL: s.p.wsUrl,
      TWINLEG_VENUES_POLYMARKET_BASE_URL: s.p.restBase
    };
  });
  afterAll(() => s.close());

  it('watch --json prints the books and the opportunity', async () => {
    const r = await twinleg(
      ['watch', '--markets', marketsFile, '--json', '--duration', '2', '--interval', '500'],
      { env }
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    type Top = { ask: number | null; bid: number | null; stale: string | null };
    const book = lines.filter((l) => l.type === 'book').at(-1) as unknown as Record<
      'kalshi' | 'polymarket',
      Record<'yes' | 'no', Top>
    >;
    expect(book.kalshi.yes).toMatchObject({ ask: 400_000, bid: 380_000, stale: null });
    expect(book.kalshi.no).toMatchObject({ ask: 620_000, bid: 600_000 });
    expect(book.polymarket.no).toMatchObject({ ask: 500_000, bid: 480_000, stale: null });
    const opp = lines.find((l) => l.type === 'opportunity');
    expect(opp).toMatchObject({
      marketId: market.marketId,
      arbType: 'KalshiYesPolyNo',
      yesPrice: 400_000,
      noPrice: 500_000
    });
  });

  it('record writes raw frames; replay --books on them executes and reports', async () => {
    const rec = join(dir, 'books.jsonl');
    const r = await twinleg(
      ['record', '--markets', marketsFile, '--out', rec, '--duration', '1.5'],
      {
        env
      }
    );
    expect(r.code, r.stderr).toBe(0);
    const frames = readFileSync(rec, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { venue: string; recvWallMs: number; frame: string });
    expect(frames.some((f) => f.venue === 'kalshi' && f.frame.includes('orderbook_snapshot'))).toBe(
      true
    );
    expect(frames.some((f) => f.venue === 'polymarket' && f.frame.includes('"book"'))).toBe(true);
    expect(frames.every((f) => Number.isInteger(f.recvWallMs))).toBe(true);

    const out = join(dir, 'report');
    const rp = await twinleg(['replay', '--books', rec, '--markets', marketsFile, '--out', out]);
    expect(rp.code, rp.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      executions: number;
      resultsByCode: Record<string, number>;
      fills: { total: number };
    };
    expect(report.executions).toBeGreaterThan(0);
    expect(report.resultsByCode.success ?? 0).toBeGreaterThan(0);
    expect(report.fills.total).toBeGreaterThan(0);
  });
});

describe('run --live trades the venue books by default', () => {
  const loadEnv = join(dir, 'mock.env');
  let mocks: ReturnType<typeof start>;
  beforeAll(async () => {
    mocks = start(['mock-venues', '--write-env', loadEnv, '--markets', marketsFile]);
    await waitFor(mocks, /ready \(Ctrl-C to stop\)/, 60_000);
  });
  afterAll(async () => {
    mocks.kill('SIGINT');
    await exited(mocks);
  });

  it('detects the dislocation on the feeds and executes against the REST mocks', async () => {
    const mockEnv = parseEnv(readFileSync(loadEnv, 'utf8'));
    const pem = readFileSync(mockEnv.KALSHI_PRIVATE_KEY_PATH!, 'utf8');
    const s = await servers(createPublicKey(pem));
    try {
      const sum = join(dir, 'live.json');
      const r = await twinleg(
        [
          'run',
          '--live',
          '--i-accept-real-money',
          '--load-env',
          loadEnv,
          '--markets',
          marketsFile,
          '--duration',
          '6',
          '--summary-json',
          sum,
          '--log-level',
          'warn',
          '--json-logs'
        ],
        {
          env: {
            KALSHI_WS_BASE_URL: s.k.wsBase,
            TWINLEG_VENUES_POLYMARKET_WS_URL: s.p.wsUrl
          }
        }
      );
      expect(r.code, r.stderr).toBe(0);
      const sm = JSON.parse(readFileSync(sum, 'utf8')) as {
        mode: string;
        feed: string;
        opportunitiesSeen: number;
        fills: number;
        resultsByCode: Record<string, number>;
      };
      expect(sm.mode).toBe('live');
      expect(sm.feed).toMatch(/venue books/);
      // Detected on the loopback feeds and executed on the REST mocks: orders reached the venues
      // and the execution ended with a result. Whether it ends in `success` depends on the
      // mocks' own books, which these feed servers do not mirror (the mock venues will stream
      // their books themselves; then the feed and the fills agree).
      expect(sm.opportunitiesSeen).toBeGreaterThan(0);
      expect(Object.values(sm.resultsByCode).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(sm.fills).toBeGreaterThan(0);
      expect(s.k.handshakes.every((h) => h.verified)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('run --live against the mock venues streaming their own books', () => {
  const loadEnv = join(dir, 'stream.env');
  let mocks: ReturnType<typeof start>;
  beforeAll(async () => {
    mocks = start([
      'mock-venues',
      '--write-env',
      loadEnv,
      '--markets',
      'examples/markets.example.json',
      '--tick-ms',
      '200',
      '--dislocation-probability',
      '0.2'
    ]);
    await waitFor(mocks, /ready \(Ctrl-C to stop\)/, 60_000);
  });
  afterAll(async () => {
    mocks.kill('SIGINT');
    await exited(mocks);
  });

  it('the detector finds the dislocations on the venues’ feeds and both legs fill', async () => {
    const sum = join(dir, 'stream.json');
    const r = await twinleg([
      'run',
      '--live',
      '--i-accept-real-money',
      '--load-env',
      loadEnv,
      '--markets',
      'examples/markets.example.json',
      '--duration',
      '8',
      '--summary-json',
      sum,
      '--log-level',
      'error'
    ]);
    expect(r.code, r.stderr).toBe(0);
    const sm = JSON.parse(readFileSync(sum, 'utf8')) as {
      feed: string;
      resultsByCode: Record<string, number>;
      fills: number;
      matchedContracts: number;
    };
    expect(sm.feed).toMatch(/venue books/);
    expect(sm.resultsByCode.success ?? 0).toBeGreaterThan(0);
    expect(sm.fills).toBeGreaterThanOrEqual(2);
    expect(sm.matchedContracts).toBeGreaterThan(0);
  });
});
