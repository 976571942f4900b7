/**
 * Venue reconciliation against the loopback mocks with the real adapters: a difference
 * planted on each venue — a fill the ledger lacks, one the venue lacks — holds that market
 * (logged once with both numbers; its next opportunity answered `circuit_breaker` with the
 * reason, nothing sent) and an acknowledgement in the side file next to the ledger releases
 * it. Polymarket positions and cash come from the mock CLOB's `GET /balance-allowance`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import {
  kalshiMarket,
  startKalshiRig,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { PolymarketAccount } from '../adapters/venues/polymarket/account.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { TwinlegConfigSchema } from '../cli/config/schema.js';
import { wireAccounts, type AccountWatch } from '../cli/runtime/accountWiring.js';
import { acksPath, appendAck } from '../cli/runtime/reconcileAcks.js';
import { watchTrading } from '../cli/runtime/tradingWatch.js';
import {
  cents,
  contracts,
  dollars,
  type ExecutionResult,
  type Logger,
  type MarketPair
} from '../core/index.js';

const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const clock = new NanoClock();
const markets: MarketPair[] = [0, 1, 2, 3].map((i) => ({
  ...kalshiMarket(`KXREC-${i}`, i),
  polyYesTokenId: `${71000 + i}`,
  polyNoTokenId: `${72000 + i}`
}));

let kalshi: KalshiRig;
let poly: PolymarketMock;
let polyAdapter: PolymarketAdapter;
let account: PolymarketAccount;

beforeAll(async () => {
  kalshi = await startKalshiRig({ clock });
  const pk = generatePrivateKey();
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  poly = await startPolymarketMock({
    ...raw,
    address: privateKeyToAccount(pk).address,
    balance: dollars(500)
  });
  const credentials = new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 });
  polyAdapter = new PolymarketAdapter({ baseUrl: poly.url, credentials, clock });
  account = new PolymarketAccount({ baseUrl: poly.url, credentials });
  await polyAdapter.warmUp(markets.map((m) => ({ ...m, polyExchange: 'standard' as const })));
}, 60_000);

afterAll(async () => {
  await account.close();
  await polyAdapter.close();
  await poly.close();
  await kalshi.close();
});

interface Line {
  level: string;
  msg: string;
}
function memoryLog(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (_o: object, msg: string): void =>
      void lines.push({ level, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An engine as `run --live` composes it: breaker, account watch, trading watch, supervisor. */
async function engine(db: string) {
  for (const m of markets) {
    // every case starts flat on the venues, as its fresh ledger is
    kalshi.mock.setPosition(m.kalshiTicker, contracts(0));
    poly.setPosition(m.polyYesTokenId, contracts(0));
    poly.setPosition(m.polyNoTokenId, contracts(0));
  }
  const lines: Line[] = [];
  const log = memoryLog(lines);
  const config = TwinlegConfigSchema.parse({
    paths: { db },
    reconcile: { intervalMs: 0 },
    balances: { intervalMs: 0 }
  });
  const breaker = new CircuitBreaker({ clock, logger: log });
  const ref: { supervisor?: ExecutionSupervisor; poke?: () => void } = {};
  const byTicker = new Map(markets.map((m) => [m.kalshiTicker, m.marketId]));
  const accounts: AccountWatch = await wireAccounts({
    live: true,
    config,
    markets,
    clock,
    log,
    breaker,
    venues: { kalshi: kalshi.adapter },
    inFlight: (m) => ref.supervisor?.isInFlight(m) ?? false,
    poke: () => ref.poke?.(),
    reads: {
      kalshi: async () => {
        const out = new Map<number, ReturnType<typeof contracts>>();
        for (const [t, q] of await kalshi.adapter.positions()) {
          const id = byTicker.get(t);
          if (id !== undefined) out.set(id, q);
        }
        return out;
      },
      polymarket: () => account.holdings(markets),
      cash: {
        kalshi: async () => (await kalshi.adapter.balance()).balance,
        polymarket: () => account.balance()
      },
      close: () => Promise.resolve()
    }
  });
  const supervisor = new ExecutionSupervisor({
    markets: markets.map((m) => ({ ...m, polyExchange: 'standard' as const })),
    venues: { kalshi: kalshi.adapter, polymarket: polyAdapter },
    clock,
    logger: log,
    risk: accounts.risk,
    config: { delayedReleaseMs: 0 },
    idPrefix: `rec${db.length}-${Math.random().toString(36).slice(2, 6)}-`
  });
  ref.supervisor = supervisor;
  const trading = watchTrading({ breaker, clock, log, periodMs: 0, holds: accounts.holds });
  ref.poke = () => trading.poke();
  supervisor.results$.subscribe(() => trading.poke());
  const books = (m: MarketPair): void => {
    kalshi.mock.setBook(m.kalshiTicker, { asks: [], bids: [lv(50, 100)] }); // NO at 50¢
    poly.setBook(m.polyYesTokenId, { asks: [lv(45, 100)], bids: [] });
  };
  const trade = (m: MarketPair): Promise<ExecutionResult> => {
    books(m);
    return supervisor.submit({
      marketId: m.marketId,
      arbType: 'PolyYesKalshiNo',
      yesPrice: cents(45),
      noPrice: cents(50),
      yesSize: contracts(10),
      noSize: contracts(10),
      detectedNs: clock.nowNs()
    });
  };
  const close = async (): Promise<void> => {
    await supervisor.stop();
    trading.close();
    await accounts.close();
  };
  return { lines, accounts, trading, trade, close, supervisor };
}

const cases = [
  {
    name: 'Kalshi: a fill the ledger lacks',
    market: markets[0]!,
    plant: (m: MarketPair) => kalshi.mock.setPosition(m.kalshiTicker, contracts(-15)),
    detail: 'kalshi net: ledger -10 vs venue -15 (-5)'
  },
  {
    name: 'Kalshi: a fill the venue lacks',
    market: markets[1]!,
    plant: (m: MarketPair) => kalshi.mock.setPosition(m.kalshiTicker, contracts(0)),
    detail: 'kalshi net: ledger -10 vs venue 0 (+10)'
  },
  {
    name: 'Polymarket: a fill the ledger lacks',
    market: markets[2]!,
    plant: (m: MarketPair) => poly.setPosition(m.polyNoTokenId, contracts(7)),
    detail: 'polymarket no: ledger 0 vs venue 7 (+7)'
  },
  {
    name: 'Polymarket: a fill the venue lacks',
    market: markets[3]!,
    plant: (m: MarketPair) => poly.setPosition(m.polyYesTokenId, contracts(0)),
    detail: 'polymarket yes: ledger 10 vs venue 0 (-10)'
  }
];

describe('venue reconciliation against the mock venues', () => {
  for (const c of cases) {
    it(`${c.name}: holds the market with both numbers, releases it when acknowledged`, async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'twinleg-rec-')), 'l.db');
      const e = await engine(db);
      try {
        await e.accounts.start();
        const id = c.market.marketId;
        expect((await e.trade(c.market)).success).toBe(true);
        await e.accounts.reconcileNow();
        expect(e.accounts.holds()).toEqual([]); // ledger and venues agree after a trade

        c.plant(c.market);
        await e.accounts.reconcileNow();
        const held = e.accounts.holds();
        expect(held).toHaveLength(1);
        expect(held[0]).toMatchObject({ kind: 'reconciliation', marketId: id });
        expect(held[0]!.detail).toContain(c.detail);
        await e.accounts.reconcileNow(); // the same difference again: logged once
        const warns = e.lines.filter((l) => l.msg.startsWith(`[CB] ⚠️ market ${id} held`));
        expect(warns).toHaveLength(1);
        expect(warns[0]!.msg).toContain(c.detail);
        expect(e.trading.state().marketHolds).toHaveLength(1);

        const sent = kalshi.mock.orders().length + poly.orders().length;
        const blocked = await e.trade(c.market);
        expect(blocked).toMatchObject({ success: false, error: 'circuit_breaker' });
        expect(blocked.detail).toContain(c.detail);
        expect(kalshi.mock.orders().length + poly.orders().length).toBe(sent);
        // another market still trades
        const other = markets.find((m) => m.marketId !== id)!;
        expect((await e.trade(other)).success).toBe(true);

        // acknowledged (what `twinleg reconcile --ack` appends): released at the next pass
        const offset = { kalshiNet: contracts(0), polyYes: contracts(0), polyNo: contracts(0) };
        const diff = c.detail.match(/\(([-+]\d+)\)$/)![1]!;
        const key = c.detail.startsWith('kalshi')
          ? 'kalshiNet'
          : c.detail.includes(' no:')
            ? 'polyNo'
            : 'polyYes';
        appendAck(acksPath(db), id, { ...offset, [key]: contracts(Number(diff)) }, Date.now());
        await e.accounts.reconcileNow();
        expect(e.accounts.holds()).toEqual([]);
        expect(e.lines.some((l) => l.msg.startsWith(`[CB] ✅ market ${id} released`))).toBe(true);
        expect((await e.trade(c.market)).success).toBe(true);
        await e.accounts.reconcileNow(); // the acknowledged offset survives new trades
        expect(e.accounts.holds()).toEqual([]);
      } finally {
        await e.close();
      }
    }, 30_000);
  }
});
