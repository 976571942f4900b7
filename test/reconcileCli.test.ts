/**
 * `twinleg reconcile` against loopback mock venues started here (so differences can be
 * planted in their state), after a `run --live --db`: the comparison per market, venue and
 * side (text and `--json`), read-only while another run holds the ledger's lock, and
 * `--ack` releasing that running engine's hold on the market through the side file.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKalshiMock, type KalshiMock } from '../adapters/venues/kalshi/mock/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { cents, contracts, type Micros, type Qty } from '../core/index.js';
import { exited, start, tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const MARKETS = 'examples/markets.example.json';
const markets = JSON.parse(readFileSync(MARKETS, 'utf8')) as {
  marketId: number;
  kalshiTicker: string;
  polyYesTokenId: string;
  polyNoTokenId: string;
}[];
const dir = tempDir();
const env = join(dir, 'mock.env');
const db = join(dir, 'l.db');
let kalshi: KalshiMock;
let poly: PolymarketMock;

const ladder = (): { price: Micros; qty: Qty }[] =>
  Array.from({ length: 99 }, (_, i) => ({ price: cents(i + 1), qty: contracts(10_000) }));

beforeAll(async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  const book = { asks: ladder(), bids: ladder() };
  kalshi = await startKalshiMock({
    publicKey: rsa.publicKey,
    keyId,
    markets: Object.fromEntries(markets.map((m) => [m.kalshiTicker, { book }]))
  });
  const pk = generatePrivateKey();
  const keys = {
    apiKey: randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  poly = await startPolymarketMock({
    ...keys,
    address: privateKeyToAccount(pk).address,
    markets: markets.flatMap((m) => [{ tokenId: m.polyYesTokenId }, { tokenId: m.polyNoTokenId }]),
    pairs: markets.map((m) => ({
      marketId: m.marketId,
      yesTokenId: m.polyYesTokenId,
      noTokenId: m.polyNoTokenId
    }))
  });
  for (const m of markets)
    for (const t of [m.polyYesTokenId, m.polyNoTokenId]) poly.setBook(t, book);
  const pem = join(dir, 'k.pem');
  writeFileSync(pem, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  writeFileSync(
    env,
    [
      `KALSHI_API_BASE_URL=${kalshi.url}`,
      `KALSHI_API_KEY_ID=${keyId}`,
      `KALSHI_PRIVATE_KEY_PATH=${pem}`,
      `TWINLEG_VENUES_POLYMARKET_BASE_URL=${poly.url}`,
      `TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL=${poly.url}`,
      `POLY_PRIVATE_KEY=${pk}`,
      `POLY_API_KEY=${keys.apiKey}`,
      `POLY_API_SECRET=${keys.secret}`,
      `POLY_API_PASSPHRASE=${keys.passphrase}`,
      'POLY_SIGNATURE_TYPE=0'
    ].join('\n') + '\n'
  );
  const r = await twinleg([
    ...['run', '--live', '--i-accept-real-money', '--load-env', env, '--markets', MARKETS],
    ...['--feed', 'examples/opportunities.sample.jsonl', '--pace', 'asap', '--duration', '20'],
    ...['--db', db, '--log-level', 'warn', '--json-logs']
  ]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.allSettled([kalshi.close(), poly.close()]);
});

/** Everything a child printed so far, and a wait for a pattern in it. */
function collect(child: ReturnType<typeof start>) {
  let text = '';
  const on = (b: Buffer): void => void (text += b.toString());
  child.stdout?.on('data', on);
  child.stderr?.on('data', on);
  return {
    text: () => text,
    until: async (re: RegExp, timeoutMs = 45_000): Promise<void> => {
      const end = Date.now() + timeoutMs;
      while (!re.test(text)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${re}; saw:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
}

const reconcile = (...extra: string[]) =>
  twinleg(['reconcile', '--db', db, '--load-env', env, '--markets', MARKETS, ...extra]);

describe('twinleg reconcile', () => {
  it('ledger and venues agree after a run: every row ok, no difference', async () => {
    const r = await reconcile();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/market\s+venue side\s+ledger\s+venue\s+difference\s+status/);
    expect(r.stdout).toContain('differences: kalshi 0, polymarket 0');
    expect(r.stdout).not.toContain('DIFFERS');
  });

  it('planted differences on each venue, per market, venue and side with both numbers; --json; --ack while a run holds the ledger', async () => {
    const m3 = markets[3]!;
    const m0 = markets[0]!;
    kalshi.setPosition(m3.kalshiTicker, contracts(4)); // a fill the ledger lacks
    const held0 = poly.position(m0.polyYesTokenId).held;
    expect(held0).toBeGreaterThan(contracts(1));
    poly.setPosition(m0.polyYesTokenId, contracts(1)); // fills the venue lacks
    const gap = (contracts(1) - held0) / 1e6;

    // a run holds the ledger (lock) and reconciles every 300 ms
    const run = start(
      [
        ...['run', '--live', '--i-accept-real-money', '--load-env', env, '--markets', MARKETS],
        ...['--feed', 'stdin', '--db', db, '--log-level', 'info', '--json-logs', '--metrics', '0']
      ],
      { env: { TWINLEG_RECONCILE_INTERVAL_MS: '300' } }
    );
    const seen = collect(run);
    try {
      // logs reach the pipe in blocks; the metrics answer at once
      await seen.until(/metrics: (http:\S+)/);
      const url = /metrics: (http:\S+)/.exec(seen.text())![1]!;
      const metrics = async (): Promise<string> => (await fetch(url)).text();
      const until = async (re: RegExp): Promise<void> => {
        const end = Date.now() + 60_000; // generous: the whole suite may share two CPUs
        while (!re.test(await metrics())) {
          if (Date.now() > end) throw new Error(`metrics never matched ${re}:\n${await metrics()}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until(/^twinleg_markets_held 2$/m);
      await until(/^twinleg_reconciliation_differences\{venue="kalshi"\} 1$/m);
      await until(/^twinleg_reconciliation_differences\{venue="polymarket"\} 1$/m);

      const text = await reconcile();
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/\n3\s+kalshi net\s+0\s+\+4\s+\+4\s+DIFFERS\n/);
      expect(text.stdout).toMatch(
        new RegExp(`\\n0\\s+polymarket yes\\s+${held0 / 1e6}\\s+1\\s+${gap}\\s+DIFFERS\\n`)
      );
      expect(text.stdout).toContain('differences: kalshi 1, polymarket 1');

      const json = await reconcile('--json');
      const out = JSON.parse(json.stdout) as {
        markets: {
          marketId: number;
          status: string;
          lines: { slot: string; ledger: number; venueQty: number; difference: number }[];
        }[];
        differences: Record<string, number>;
      };
      expect(out.differences).toEqual({ kalshi: 1, polymarket: 1 });
      expect(out.markets.find((m) => m.marketId === 3)?.lines[0]).toMatchObject({
        slot: 'kalshi:net',
        ledger: 0,
        venueQty: contracts(4),
        difference: contracts(4)
      });

      const ack = await reconcile('--ack', '3');
      expect(ack.code, ack.stderr).toBe(0);
      expect(ack.stdout).toMatch(/\n3\s+kalshi net\s+0\s+\+4\s+\+4\s+differs \(acknowledged\)\n/);
      expect(readFileSync(`${db}.acks.jsonl`, 'utf8')).toContain('"marketId":3');
      await until(/^twinleg_markets_held 1$/m); // the running reconciler read the side file

      const none = await reconcile('--ack', '2');
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('nothing to acknowledge');
    } finally {
      run.stdin?.end();
      run.kill('SIGINT');
      await exited(run);
    }
    const logs = seen.text();
    expect(logs).toMatch(
      /\[CB\] ⚠️ market 3 held: ledger and venue positions differ: kalshi net: ledger 0 vs venue \+4 \(\+4\); no new entries on it/
    );
    expect(logs).toMatch(
      /\[CB\] ⚠️ market 0 held: ledger and venue positions differ: polymarket yes: ledger \d+ vs venue 1 \(-\d+\)/
    );
    expect(logs).toContain('[CB] ✅ market 3 released');
    expect(logs.match(/market 3 held/g)).toHaveLength(1); // logged once, not every pass
  });
});
