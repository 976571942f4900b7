/**
 * Polymarket signing: the published HMAC vector, our V2 order builder against the official
 * SDK (`@polymarket/clob-client-v2@1.1.0`) as an oracle, the FAK rounding rules, credentials.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  ClobClient,
  OrderBuilder,
  OrderType,
  Side,
  orderToJsonV2
} from '@polymarket/clob-client-v2';
import { createWalletClient, hashTypedData, http, recoverTypedDataAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import {
  buildSignedOrder,
  EXCHANGES,
  fakAmounts,
  l2Signature,
  loadPolymarketCredentials,
  orderBody,
  orderTypedData,
  PolymarketCredentials,
  type ExchangeKind
} from '../adapters/venues/polymarket/index.js';
import { asMicros, asQty } from '../core/index.js';

const TOKEN = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

function fixture(signatureType: 0 | 1 | 2 = 0) {
  const pk = generatePrivateKey();
  const account = privateKeyToAccount(pk);
  const funder =
    signatureType === 0 ? undefined : privateKeyToAccount(generatePrivateKey()).address;
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: secretB64(),
    passphrase: randomBytes(16).toString('hex')
  };
  const creds = new PolymarketCredentials({
    privateKey: pk,
    ...raw,
    signatureType,
    ...(funder ? { funder } : {})
  });
  const wallet = createWalletClient({
    account,
    chain: polygon,
    transport: http('http://127.0.0.1:9')
  });
  return { pk, account, funder, raw, creds, wallet };
}

describe('L2 HMAC', () => {
  it('reproduces the published vector (URL-safe base64 with padding)', () => {
    const key = Buffer.from('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'base64');
    const sig = l2Signature(key, 1000000, 'test-sign', '/orders', '{"hash": "0x123"}');
    expect(sig).toBe('ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=');
  });

  it('keeps the = padding that base64url would drop', () => {
    const key = randomBytes(32);
    const sig = l2Signature(key, 1, 'GET', '/data/order/0x1');
    const std = createHmac('sha256', key).update('1GET/data/order/0x1').digest('base64');
    expect(sig).toBe(std.replace(/\+/g, '-').replace(/\//g, '_'));
    expect(sig.endsWith('=')).toBe(true);
  });
});

describe('V2 order builder vs the official SDK', () => {
  const cases: {
    kind: ExchangeKind;
    sigType: 0 | 1 | 2;
    side: 'BUY' | 'SELL';
    price: number;
    size: number;
  }[] = [
    { kind: 'standard', sigType: 0, side: 'BUY', price: 0.53, size: 5 },
    { kind: 'standard', sigType: 2, side: 'BUY', price: 0.47, size: 10 },
    { kind: 'neg-risk', sigType: 0, side: 'SELL', price: 0.62, size: 7 },
    { kind: 'neg-risk', sigType: 1, side: 'BUY', price: 0.05, size: 40 }
  ];
  for (const c of cases) {
    it(`${c.kind} type ${c.sigType} ${c.side} ${c.size} @ ${c.price}: byte-identical body and signature`, async () => {
      const f = fixture(c.sigType);
      const sdk = new OrderBuilder(f.wallet, 137, c.sigType, f.funder);
      const theirs = await sdk.buildOrder(
        {
          tokenID: TOKEN,
          price: c.price,
          size: c.size,
          side: c.side === 'BUY' ? Side.BUY : Side.SELL
        },
        { tickSize: '0.01', negRisk: c.kind === 'neg-risk' },
        2
      );
      const a = fakAmounts(
        c.side === 'BUY' ? 'buy' : 'sell',
        asQty(c.size * 1e6),
        asMicros(Math.round(c.price * 1e6)),
        asMicros(10_000)
      );
      const ours = await buildSignedOrder(f.creds, {
        tokenId: TOKEN,
        side: c.side,
        kind: c.kind,
        ...a,
        salt: Number(theirs.salt),
        timestampMs: (theirs as { timestamp: string }).timestamp
      });
      const theirBody = JSON.stringify(
        orderToJsonV2(theirs as Parameters<typeof orderToJsonV2>[0], f.raw.apiKey, OrderType.FAK)
      );
      expect(orderBody(ours.order, f.creds.owner)).toBe(theirBody);
      expect(ours.order.signature).toBe(theirs.signature);
      const { signature, ...unsigned } = ours.order;
      const td = orderTypedData(unsigned, c.kind);
      expect(td.domain.verifyingContract).toBe(EXCHANGES[c.kind].address);
      expect(ours.orderId).toBe(hashTypedData(td));
      expect(await recoverTypedDataAddress({ ...td, signature })).toBe(f.account.address);
    });
  }

  it('v3 orders use domain version "3" and the ExchangeV3 address', async () => {
    const f = fixture();
    const o = await buildSignedOrder(f.creds, {
      tokenId: TOKEN,
      side: 'BUY',
      kind: 'v3',
      makerAmount: 2_650_000,
      takerAmount: 5_000_000
    });
    const { signature, ...unsigned } = o.order;
    const td = orderTypedData(unsigned, 'v3');
    expect(td.domain).toMatchObject({
      version: '3',
      chainId: 137,
      verifyingContract: EXCHANGES.v3.address
    });
    expect(await recoverTypedDataAddress({ ...td, signature })).toBe(f.account.address);
    expect(o.orderId).not.toBe(hashTypedData(orderTypedData(unsigned, 'standard')));
  });

  it('FAK BUY amounts equal the SDK market-order builder at a 0.01 tick', async () => {
    const f = fixture();
    const sdk = new OrderBuilder(f.wallet, 137, 0);
    for (const [qty, price] of [
      [5, 0.53],
      [10, 0.47],
      [3, 0.35],
      [17, 0.61]
    ] as const) {
      const a = fakAmounts(
        'buy',
        asQty(qty * 1e6),
        asMicros(Math.round(price * 1e6)),
        asMicros(10_000)
      );
      const m = await sdk.buildMarketOrder(
        { tokenID: TOKEN, price, amount: a.cash / 1e6, side: Side.BUY, orderType: OrderType.FAK },
        { tickSize: '0.01', negRisk: false },
        2
      );
      expect([m.makerAmount, m.takerAmount]).toEqual([
        String(a.makerAmount),
        String(a.takerAmount)
      ]);
    }
  });

  it('measures signing cost (µs per order, viem)', async () => {
    const f = fixture();
    const n = 200;
    for (let i = 0; i < 20; i++) {
      await buildSignedOrder(f.creds, {
        tokenId: TOKEN,
        side: 'BUY',
        kind: 'standard',
        makerAmount: 1,
        takerAmount: 1
      });
    }
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await buildSignedOrder(f.creds, {
        tokenId: TOKEN,
        side: 'BUY',
        kind: 'standard',
        makerAmount: 2_650_000,
        takerAmount: 5_000_000 + i * 10_000
      });
    }
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
    console.log(`[bench] Polymarket V2 order build+sign: ${us.toFixed(0)} µs/order`);
    expect(us).toBeGreaterThan(0);
  });
});

describe('FAK amounts', () => {
  it('captures: 5 @ 0.53 → 2.65 / 5; 10 @ 0.47 → 4.70 / 10', () => {
    expect(fakAmounts('buy', asQty(5e6), asMicros(530_000), asMicros(10_000))).toMatchObject({
      makerAmount: 2_650_000,
      takerAmount: 5_000_000
    });
    expect(fakAmounts('buy', asQty(10e6), asMicros(470_000), asMicros(10_000))).toMatchObject({
      makerAmount: 4_700_000,
      takerAmount: 10_000_000
    });
  });

  it('0.001 tick: maker ≤ 2 dp, taker ≤ 4 dp, BUY shares never rounded up', () => {
    for (let p = 1_000; p < 1_000_000; p += 7_000) {
      for (const q of [1e6, 5e6, 7_330_000, 123_456_789]) {
        if (q * p < 1e10) continue; // under one cent: refused as zero
        const a = fakAmounts('buy', asQty(q), asMicros(p), asMicros(1_000));
        expect(a.makerAmount % 10_000).toBe(0);
        expect(a.takerAmount % 100).toBe(0);
        expect(a.takerAmount).toBeLessThanOrEqual(q);
        // implied price ≥ limit, but under the next tick (no worse level can match)
        expect(BigInt(a.makerAmount) * 1_000_000n).toBeGreaterThanOrEqual(
          BigInt(p) * BigInt(a.takerAmount)
        );
        expect(BigInt(a.makerAmount) * 1_000_000n).toBeLessThan(
          BigInt(p + 1_000) * BigInt(a.takerAmount)
        );
        const s = fakAmounts('sell', asQty(q), asMicros(p), asMicros(1_000));
        expect(s.makerAmount % 10_000).toBe(0);
        expect(s.takerAmount % 100).toBe(0);
        expect(s.makerAmount).toBeLessThanOrEqual(q);
      }
    }
    expect(fakAmounts('buy', asQty(5e6), asMicros(537_000), asMicros(1_000))).toMatchObject({
      makerAmount: 2_680_000,
      takerAmount: 4_990_600
    });
  });

  it('refuses prices off the grid or outside [tick, 1 − tick]', () => {
    expect(() => fakAmounts('buy', asQty(5e6), asMicros(535_000), asMicros(10_000))).toThrow(
      /tick/
    );
    expect(() => fakAmounts('buy', asQty(5e6), asMicros(1_000_000), asMicros(10_000))).toThrow(
      /outside/
    );
    expect(() => fakAmounts('sell', asQty(50), asMicros(500_000), asMicros(10_000))).toThrow(
      /zero/
    );
  });
});

describe('credentials', () => {
  it('names every missing variable and no value', () => {
    expect(() => loadPolymarketCredentials({ POLY_API_KEY: 'k-123456' })).toThrow(
      /POLY_PRIVATE_KEY.*POLY_API_SECRET.*POLY_API_PASSPHRASE/
    );
    try {
      loadPolymarketCredentials({ POLY_API_KEY: 'k-123456' });
    } catch (e) {
      expect(String(e)).not.toContain('k-123456');
    }
  });

  it('loads from env and *_FILE, and never shows secrets when serialized or inspected', () => {
    const f = fixture();
    const creds = loadPolymarketCredentials(
      {
        POLY_PRIVATE_KEY_FILE: '/k',
        POLY_API_KEY: f.raw.apiKey,
        POLY_API_SECRET: f.raw.secret,
        POLY_API_PASSPHRASE: f.raw.passphrase
      },
      () => `${f.pk}\n`
    );
    expect(creds.address).toBe(f.account.address);
    const shown = JSON.stringify(creds) + inspect(creds) + JSON.stringify({ creds });
    for (const s of [f.pk, f.pk.slice(2), f.raw.apiKey, f.raw.secret, f.raw.passphrase])
      expect(shown).not.toContain(s);
  });

  it('rejects a bad key or a proxy type without a funder, without echoing values', () => {
    const bad = 'zz' + '1'.repeat(62);
    expect(
      () =>
        new PolymarketCredentials({
          privateKey: bad,
          apiKey: 'a',
          secret: 'AAAA',
          passphrase: 'p',
          signatureType: 0
        })
    ).toThrow(/privateKey/);
    try {
      new PolymarketCredentials({
        privateKey: bad,
        apiKey: 'a',
        secret: 'AAAA',
        passphrase: 'p',
        signatureType: 0
      });
    } catch (e) {
      expect(String(e)).not.toContain(bad);
    }
    const pk: Hex = generatePrivateKey();
    expect(
      () =>
        new PolymarketCredentials({
          privateKey: pk,
          apiKey: 'a',
          secret: 'AAAA',
          passphrase: 'p',
          signatureType: 2
        })
    ).toThrow(/POLY_FUNDER/);
  });
});

describe('SDK oracle: ClobClient talking to our mock', () => {
  it('an order created and posted by the official SDK is accepted and matched', async () => {
    const { startPolymarketMock } = await import('../adapters/venues/polymarket/mock/index.js');
    const f = fixture();
    const mock = await startPolymarketMock({ ...f.raw, address: f.account.address });
    try {
      mock.setBook(TOKEN, { asks: [{ price: asMicros(530_000), qty: asQty(10e6) }], bids: [] });
      const client = new ClobClient({
        host: mock.url,
        chain: 137,
        signer: f.wallet,
        creds: { key: f.raw.apiKey, secret: f.raw.secret, passphrase: f.raw.passphrase }
      });
      const order = await client.createOrder(
        { tokenID: TOKEN, price: 0.53, size: 5, side: Side.BUY },
        { tickSize: '0.01' }
      );
      const res = (await client.postOrder(order, OrderType.FAK)) as unknown as Record<
        string,
        unknown
      >;
      expect(res).toMatchObject({
        success: true,
        status: 'matched',
        takingAmount: '5',
        makingAmount: '2.65'
      });
      expect(mock.fills()).toHaveLength(1);
      const bad = new ClobClient({
        host: mock.url,
        chain: 137,
        signer: f.wallet,
        creds: { key: f.raw.apiKey, secret: secretB64(), passphrase: f.raw.passphrase }
      });
      const o2 = await bad.createOrder(
        { tokenID: TOKEN, price: 0.53, size: 5, side: Side.BUY },
        { tickSize: '0.01' }
      );
      const r2 = (await bad.postOrder(o2, OrderType.FAK)) as unknown as Record<string, unknown>;
      expect(r2).toMatchObject({ status: 401 });
      expect(mock.fills()).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });
});
