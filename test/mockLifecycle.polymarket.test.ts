/**
 * The Polymarket mock's pairs and recurring market lifecycle, read through the real
 * PolymarketAdapter (`marketState`, over the landed `PolymarketMarketStates`) and the landed
 * account reader (`balance-allowance`) over loopback: both tokens of a pair answer ONE
 * condition id, whose market lists both (Yes/No); the market closes at its end date (orders
 * refused `market_closed`), resolves with the seeded winner (`closed: true`, `winner`), the
 * tokens are redeemed automatically (winning shares paid $1 each into pUSD, both balances 0),
 * and the next cycle opens with a new end date. The lifecycle runs on an injected clock.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import {
  cents,
  contracts,
  USD,
  type MarketPair,
  type OrderRequest,
  type Side
} from '../core/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { PolymarketAccount } from '../adapters/venues/polymarket/account.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { MarketSchedule } from '../adapters/venues/simulated/index.js';
import { testMarket } from './support/engine.js';

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '53831553061883006530739877284105938919721408776239639687877978808906551086026';
const market: MarketPair = { ...testMarket(6), polyYesTokenId: YES, polyNoTokenId: NO };
const ORIGIN = Date.UTC(2026, 5, 1);
const LIFE = { lifetimeMs: 120_000, closedMs: 5_000, resolvedMs: 10_000, seed: 3 };

let seq = 0;
const buy = (side: Side, qty: number, priceC: number): OrderRequest => ({
  venue: 'polymarket',
  market,
  side,
  action: 'buy',
  qty: contracts(qty),
  limitPrice: cents(priceC),
  clientOrderId: `life-${++seq}`,
  executionId: 'x-life',
  reduceOnly: false
});

describe('Polymarket mock: one market per pair, recurring lifecycle', () => {
  let mock: PolymarketMock;
  let adapter: PolymarketAdapter;
  let account: PolymarketAccount;
  let t = ORIGIN;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    const pk = generatePrivateKey();
    const raw = {
      apiKey: crypto.randomUUID(),
      secret: randomBytes(32).toString('base64'),
      passphrase: randomBytes(16).toString('hex')
    };
    mock = await startPolymarketMock({
      ...raw,
      address: privateKeyToAccount(pk).address,
      pairs: [{ marketId: 6, yesTokenId: YES, noTokenId: NO }],
      lifecycle: { ...LIFE, originWallMs: ORIGIN, now: () => t }
    });
    const credentials = new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 });
    adapter = new PolymarketAdapter({ baseUrl: mock.url, credentials, clock: new NanoClock() });
    account = new PolymarketAccount({ baseUrl: mock.url, credentials });
    for (const token of [YES, NO])
      mock.setBook(token, { asks: [{ price: cents(45), qty: contracts(100) }], bids: [] });
  });
  afterAll(async () => {
    await account.close();
    await adapter.close();
    await mock.close();
  });

  it('open → closed (orders refused) → resolved (winner, tokens redeemed) → open again', async () => {
    const cid = await fetch(`${mock.url}/markets-by-token/${NO}`).then((r) => r.json());
    const cidYes = await fetch(`${mock.url}/markets-by-token/${YES}`).then((r) => r.json());
    expect(cid).toEqual(cidYes);
    const m = (await fetch(
      `${mock.url}/markets/${(cid as { condition_id: string }).condition_id}`
    ).then((r) => r.json())) as Record<string, unknown>;
    expect(m.tokens).toEqual([
      expect.objectContaining({ token_id: YES, outcome: 'Yes', winner: false }),
      expect.objectContaining({ token_id: NO, outcome: 'No', winner: false })
    ]);
    const close = new MarketSchedule(LIFE).at(6, 0).closeAtMs + ORIGIN;
    expect(m).toMatchObject({ closed: false, accepting_orders: true });
    expect(await adapter.marketState(market, signal)).toEqual({
      venue: 'polymarket',
      phase: 'open',
      closeWallMs: close,
      yesPayout: null
    });

    // 10 YES and 4 NO at 45¢ (pUSD 1 000 000 − 6.30)
    expect((await adapter.placeOrder(buy('yes', 10, 45), signal)).status).toBe('filled');
    expect((await adapter.placeOrder(buy('no', 4, 45), signal)).status).toBe('filled');
    expect(await account.holdings([market])).toEqual(
      new Map([[6, { yes: contracts(10), no: contracts(4) }]])
    );
    const cash = await account.balance();

    t = close;
    expect(await adapter.marketState(market, signal)).toMatchObject({
      phase: 'closed',
      yesPayout: null
    });
    const refused = await adapter.placeOrder(buy('yes', 3, 45), signal);
    expect(refused).toMatchObject({ status: 'rejected', rejectKind: 'market_closed' });

    t = close + 5_000;
    const done = await adapter.marketState(market, signal);
    expect(done).toMatchObject({ phase: 'resolved', closeWallMs: close });
    const yesWon = done.yesPayout === USD;
    // redeemed automatically: both balances 0, the winning shares paid $1 each
    expect(await account.holdings([market])).toEqual(new Map([[6, { yes: 0, no: 0 }]]));
    expect(await account.balance()).toBe(cash + (yesWon ? 10 : 4) * USD);
    const after = (await fetch(
      `${mock.url}/markets/${(cid as { condition_id: string }).condition_id}`
    ).then((r) => r.json())) as { closed: boolean; tokens: { winner: boolean }[] };
    expect(after.closed).toBe(true);
    expect(after.tokens.map((x) => x.winner)).toEqual([yesWon, !yesWon]);

    t = close + 15_000;
    expect(await adapter.marketState(market, signal)).toMatchObject({
      phase: 'open',
      closeWallMs: close + 135_000
    });
    expect((await adapter.placeOrder(buy('yes', 5, 45), signal)).status).toBe('filled');
  });
});
