/**
 * The official SDK (`@polymarket/clob-client-v2@1.1.0`, test oracle only) against our mock CLOB:
 * the SDK's own FAK market-order path (market discovery by token, compact market info, book,
 * version, L2 HMAC, EIP-712 on the neg-risk and standard exchanges) trades end to end on
 * 127.0.0.1, and the mock's independent EIP-712 hashing recovers every SDK signature on all
 * three exchanges.
 */
import { randomBytes } from 'node:crypto';
import { ClobClient, OrderType, Side, orderToJsonV2 } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterEach, describe, expect, it } from 'vitest';
import { asMicros, asQty, contracts } from '../core/index.js';
import { ecrecover } from '../adapters/venues/polymarket/mock/independentEcrecover.js';
import {
  mockOrderId,
  PostBodySchema,
  wireOrder
} from '../adapters/venues/polymarket/mock/verify.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';

const STD = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NEG = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const V3 = '11111111111111111111111111111111111111111111111111111111111111111111111111111';

const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

function account() {
  const acct = privateKeyToAccount(generatePrivateKey());
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: secretB64(),
    passphrase: randomBytes(16).toString('hex')
  };
  const wallet = createWalletClient({
    account: acct,
    chain: polygon,
    transport: http('http://127.0.0.1:9')
  });
  return { acct, raw, wallet };
}

let mock: PolymarketMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('the official SDK trades against the mock CLOB', () => {
  it('createAndPostMarketOrder FAK BUY and SELL on a neg-risk market, discovering the market itself', async () => {
    const a = account();
    mock = await startPolymarketMock({
      ...a.raw,
      address: a.acct.address,
      markets: [{ tokenId: NEG, tickSize: '0.01', kind: 'neg-risk' }]
    });
    mock.setBook(NEG, {
      asks: [
        { price: asMicros(530_000), qty: asQty(5_000_000) },
        { price: asMicros(540_000), qty: asQty(100_000_000) }
      ],
      bids: [{ price: asMicros(500_000), qty: asQty(100_000_000) }]
    });
    const client = new ClobClient({
      host: mock.url,
      chain: 137,
      signer: a.wallet,
      creds: { key: a.raw.apiKey, secret: a.raw.secret, passphrase: a.raw.passphrase },
      throwOnError: true
    });
    // no price, no tick, no neg-risk given: the SDK reads them all from the mock
    const buy = (await client.createAndPostMarketOrder(
      { tokenID: NEG, amount: 5.4, side: Side.BUY, orderType: OrderType.FAK },
      undefined,
      OrderType.FAK
    )) as unknown as Record<string, unknown>;
    // limit 0.54 for 10 shares; 5 fill at 0.53 and 5 at 0.54: 5.35 paid (price improvement)
    expect(buy).toMatchObject({
      success: true,
      status: 'matched',
      makingAmount: '5.35',
      takingAmount: '10'
    });
    expect(mock.fills()).toHaveLength(1);
    const paths = mock.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        `GET /markets-by-token/${NEG} 200`,
        expect.stringMatching(/^GET \/clob-markets\/0x[0-9a-f]{64} 200$/),
        'GET /book 200',
        'GET /version 200',
        'POST /order 200'
      ])
    );
    // the SDK's marketable price came from the book: 5.4 pUSD reaches the 0.54 level
    expect(mock.orders()[0]).toMatchObject({ side: 'BUY', orderType: 'FAK' });
    // and it sells back what it bought, FAK into the bids
    mock.setPosition(NEG, contracts(4));
    const sell = (await client.createAndPostMarketOrder(
      { tokenID: NEG, amount: 4, side: Side.SELL, orderType: OrderType.FAK },
      undefined,
      OrderType.FAK
    )) as unknown as Record<string, unknown>;
    expect(sell).toMatchObject({
      success: true,
      status: 'matched',
      makingAmount: '4',
      takingAmount: '2'
    });
    expect(mock.fills()).toHaveLength(2);
  });

  it('an SDK ExchangeV3 order (exact base units) posted FAK trades on a v3 market', async () => {
    const a = account();
    mock = await startPolymarketMock({
      ...a.raw,
      address: a.acct.address,
      markets: [{ tokenId: V3, kind: 'v3' }]
    });
    mock.setBook(V3, { asks: [{ price: asMicros(530_000), qty: asQty(10e6) }], bids: [] });
    const client = new ClobClient({
      host: mock.url,
      chain: 137,
      signer: a.wallet,
      creds: { key: a.raw.apiKey, secret: a.raw.secret, passphrase: a.raw.passphrase },
      throwOnError: true
    });
    const order = await client.createExchangeV3OrderFromAmounts({
      tokenID: V3,
      makerAmount: '2650000',
      takerAmount: '5000000',
      side: Side.BUY
    });
    const res = (await client.postOrder(order, OrderType.FAK)) as unknown as Record<
      string,
      unknown
    >;
    expect(res).toMatchObject({ success: true, takingAmount: '5', makingAmount: '2.65' });
    expect(mock.fills()).toHaveLength(1);
  });

  it('the SDK with a wrong secret is refused with 401 and nothing trades', async () => {
    const a = account();
    mock = await startPolymarketMock({ ...a.raw, address: a.acct.address });
    mock.setBook(STD, { asks: [{ price: asMicros(530_000), qty: asQty(10e6) }], bids: [] });
    const client = new ClobClient({
      host: mock.url,
      chain: 137,
      signer: a.wallet,
      creds: { key: a.raw.apiKey, secret: secretB64(), passphrase: a.raw.passphrase }
    });
    const res = (await client.createAndPostMarketOrder(
      { tokenID: STD, amount: 2, price: 0.53, side: Side.BUY, orderType: OrderType.FAK },
      undefined,
      OrderType.FAK
    )) as unknown as Record<string, unknown>;
    expect(res).toMatchObject({ status: 401 });
    expect(mock.fills()).toHaveLength(0);
  });
});

describe('the mock’s own EIP-712 hashing agrees with the SDK', () => {
  it('recovers the signer of 60 SDK orders on the standard, neg-risk and V3 exchanges', async () => {
    const a = account();
    mock = await startPolymarketMock({
      ...a.raw,
      address: a.acct.address,
      markets: [
        { tokenId: NEG, tickSize: '0.001', kind: 'neg-risk' },
        { tokenId: V3, kind: 'v3' }
      ]
    });
    const client = new ClobClient({
      host: mock.url,
      chain: 137,
      signer: a.wallet,
      creds: { key: a.raw.apiKey, secret: a.raw.secret, passphrase: a.raw.passphrase }
    });
    let checked = 0;
    for (let i = 0; i < 20; i++) {
      const size = 5 + i;
      const side = i % 2 === 0 ? Side.BUY : Side.SELL;
      const std = await client.createOrder(
        { tokenID: STD, price: 0.01 * (1 + (i % 98)), size, side },
        { tickSize: '0.01', negRisk: false }
      );
      const neg = await client.createOrder(
        { tokenID: NEG, price: 0.001 * (1 + 7 * i), size, side },
        { tickSize: '0.001', negRisk: true }
      );
      const v3 = await client.createExchangeV3OrderFromAmounts({
        tokenID: V3,
        makerAmount: String(1_000_000 + 10_000 * i),
        takerAmount: String(2_000_000 + 10_000 * i),
        side
      });
      for (const [order, kind] of [
        [std, 'standard'],
        [neg, 'neg-risk'],
        [v3, 'v3']
      ] as const) {
        const body = PostBodySchema.parse(
          JSON.parse(JSON.stringify(orderToJsonV2(order as never, a.raw.apiKey, OrderType.FAK)))
        );
        const o = wireOrder(body);
        expect(await ecrecover(mockOrderId(o, kind), o.signature)).toBe(
          a.acct.address.toLowerCase()
        );
        // a different exchange's domain does not recover the signer
        const other = kind === 'v3' ? 'standard' : 'v3';
        expect(await ecrecover(mockOrderId(o, other), o.signature)).not.toBe(
          a.acct.address.toLowerCase()
        );
        checked++;
      }
    }
    expect(checked).toBe(60);
  });
});
