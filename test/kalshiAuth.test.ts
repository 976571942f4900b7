/**
 * Signing: our signer against node:crypto verify (as the mock does), the official SDK
 * (`kalshi-typescript@3.30.0`) as oracle against our mock, wrong keys rejected, credentials
 * loading, and no key material in any error text.
 */
import { verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { Configuration, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { KalshiAuth } from 'kalshi-typescript/dist/auth.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { cents, contracts } from '../core/index.js';
import {
  KALSHI_PSS,
  KalshiAdapter,
  KalshiCredentialsError,
  KalshiReadError,
  KalshiSigner,
  OrderSchema,
  Presigner,
  kalshiCredentials,
  loadKalshiCredentials,
  signingMessage
} from '../adapters/venues/kalshi/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  verifyKalshiSignature,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';

/** The SDK's own (CommonJS) axios: a fresh instance per API object, since the SDK adds a
 * signing interceptor to the instance it is given (the global one by default). */
type SdkAxios = NonNullable<ConstructorParameters<typeof OrdersApi>[2]>;
const axios = createRequire(import.meta.url)('axios') as { create(): SdkAxios };

const keys = testKeyPair();
const other = testKeyPair();
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
let rig: KalshiRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
const signal = () => new AbortController().signal;
const book = { KXSDK: { book: { asks: [lv(45, 10)], bids: [lv(40, 10)] } } };

/** Strings that would betray key material if they appeared in an error. */
function secretsOf(pem: string): string[] {
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  return ['PRIVATE KEY', ...body.slice(0, 3), ...body.map((l) => l.slice(0, 24))];
}

describe('Kalshi signing', () => {
  it('signs ts + METHOD + path without the query; verifies with crypto.verify (PSS, salt 32)', () => {
    expect(signingMessage(1703123456789, 'get', '/trade-api/v2/portfolio/orders?ticker=X')).toBe(
      '1703123456789GET/trade-api/v2/portfolio/orders'
    );
    const s = new KalshiSigner('kid', keys.privateKey);
    const h = s.headers('POST', '/trade-api/v2/portfolio/events/orders', 1703123456789);
    expect(h['KALSHI-ACCESS-KEY']).toBe('kid');
    expect(h['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789');
    expect(h['KALSHI-ACCESS-SIGNATURE']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const msg = Buffer.from('1703123456789POST/trade-api/v2/portfolio/events/orders');
    const sig = Buffer.from(h['KALSHI-ACCESS-SIGNATURE'], 'base64');
    expect(verify('sha256', msg, { key: keys.publicKey, ...KALSHI_PSS }, sig)).toBe(true);
    // salt length is really the digest length: a verifier demanding a max-length salt fails
    expect(
      verify('sha256', msg, { key: keys.publicKey, ...KALSHI_PSS, saltLength: 222 }, sig)
    ).toBe(false);
    expect(verify('sha256', msg, { key: other.publicKey, ...KALSHI_PSS }, sig)).toBe(false);
  });

  it('the SDK signer and ours produce signatures the mock verifier accepts', () => {
    const path = '/trade-api/v2/portfolio/balance';
    const sdk = new KalshiAuth('kid', keys.privatePem).generateAuthHeaders('GET', path);
    const ts = sdk['KALSHI-ACCESS-TIMESTAMP']!;
    expect(
      verifyKalshiSignature(keys.publicKey, ts, 'GET', path, sdk['KALSHI-ACCESS-SIGNATURE']!)
    ).toBe(true);
    const ours = new KalshiSigner('kid', keys.privateKey).headers('GET', path, Number(ts));
    expect(
      verifyKalshiSignature(keys.publicKey, ts, 'GET', path, ours['KALSHI-ACCESS-SIGNATURE'])
    ).toBe(true);
    expect(
      verifyKalshiSignature(keys.publicKey, ts, 'POST', path, ours['KALSHI-ACCESS-SIGNATURE'])
    ).toBe(false);
  });

  it('presigned headers are used once and only while fresh', () => {
    const p = new Presigner(new KalshiSigner('kid', keys.privateKey), 250);
    const path = '/trade-api/v2/portfolio/events/orders';
    p.prepare('POST', path, 1_000);
    const a = p.take('POST', path, 1_200);
    expect(a.prepared).toBe(true);
    expect(a.headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1000');
    expect(p.take('POST', path, 1_201).prepared).toBe(false); // consumed
    p.prepare('POST', path, 1_000);
    const stale = p.take('POST', path, 1_251);
    expect(stale.prepared).toBe(false);
    expect(stale.headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1251');
  });
});

describe('official SDK as oracle against the mock', () => {
  it('OrdersApi.createOrderV2 / getOrder and PortfolioApi.getBalance are accepted (signature verified)', async () => {
    const r = (rig = await startKalshiRig({
      clock: new ManualClock(),
      keys,
      mock: { markets: book }
    }));
    const cfg = new Configuration({
      apiKey: r.keyId,
      privateKeyPem: r.privatePem,
      basePath: r.mock.url
    });
    // a fresh axios instance per API object: the SDK adds a signing interceptor to the one it gets
    const orders = new OrdersApi(cfg, r.mock.url, axios.create());
    const created = await orders.createOrderV2({
      ticker: 'KXSDK',
      client_order_id: 'sdk-order-1',
      side: 'bid',
      count: '3',
      price: '0.45',
      time_in_force: 'immediate_or_cancel',
      self_trade_prevention_type: 'taker_at_cross'
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      client_order_id: 'sdk-order-1',
      fill_count: '3.00',
      average_fill_price: '0.4500'
    });
    const got = await orders.getOrder(created.data.order_id);
    expect(OrderSchema.parse(got.data.order)).toMatchObject({
      fill_count_fp: contracts(3),
      taker_fill_cost_dollars: cents(135)
    });
    const bal = await new PortfolioApi(cfg, r.mock.url, axios.create()).getBalance();
    expect(bal.data.balance_dollars).toBeDefined();
    expect(r.mock.requests().every((q) => q.authOk)).toBe(true);
    // our adapter sees the SDK's order through a lookup by client order id
    const m = kalshiMarket('KXSDK');
    const ref = {
      venue: 'kalshi' as const,
      market: m,
      side: 'yes' as const,
      action: 'buy' as const,
      qty: contracts(3),
      clientOrderId: 'sdk-order-1'
    };
    expect(await r.adapter.lookupOrder(ref, signal())).toMatchObject({
      status: 'filled',
      notional: cents(135),
      fee: cents(6)
    });
  });

  it('the SDK with the wrong key gets 401', async () => {
    const r = (rig = await startKalshiRig({
      clock: new ManualClock(),
      keys,
      mock: { markets: book }
    }));
    const cfg = new Configuration({
      apiKey: r.keyId,
      privateKeyPem: other.privatePem,
      basePath: r.mock.url
    });
    await expect(
      new PortfolioApi(cfg, r.mock.url, axios.create()).getBalance()
    ).rejects.toMatchObject({
      response: { status: 401 }
    });
  });
});

describe('wrong credentials and secrecy', () => {
  it('our adapter with the wrong key: placement rejected as auth (401), nothing placed, no key material in errors', async () => {
    const r = (rig = await startKalshiRig({
      clock: new ManualClock(),
      keys,
      mock: { markets: book }
    }));
    const wrong = new KalshiAdapter({
      clock: new ManualClock(),
      baseUrl: r.mock.url,
      credentials: kalshiCredentials(r.keyId, other.privatePem)
    });
    try {
      const o = await wrong.placeOrder(
        kalshiOrder(kalshiMarket('KXSDK'), 'yes', 'buy', 1, 45),
        signal()
      );
      expect(o).toMatchObject({ status: 'rejected', rejectKind: 'auth', filledQty: 0 });
      expect(r.mock.orders()).toHaveLength(0);
      expect(r.mock.requests().at(-1)).toMatchObject({ status: 401, authOk: false });
      const err = await wrong.balance().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KalshiReadError);
      const texts = [
        JSON.stringify(o),
        String(err),
        (err as Error).stack ?? '',
        JSON.stringify(err)
      ];
      for (const t of texts)
        for (const s of secretsOf(other.privatePem)) expect(t).not.toContain(s);
    } finally {
      await wrong.close();
    }
  });

  it('a wrong key id is rejected too', async () => {
    const r = (rig = await startKalshiRig({
      clock: new ManualClock(),
      keys,
      mock: { markets: book }
    }));
    const a = new KalshiAdapter({
      clock: new ManualClock(),
      baseUrl: r.mock.url,
      credentials: kalshiCredentials('not-the-key', keys.privatePem)
    });
    await expect(a.balance()).rejects.toMatchObject({ status: 401 });
    await a.close();
  });

  it('credentials: clear startup errors naming env variables, never values or key material', () => {
    expect(() => loadKalshiCredentials({ env: {} })).toThrow(
      /missing Kalshi credentials: set KALSHI_API_KEY_ID, KALSHI_PRIVATE_KEY_PEM or KALSHI_PRIVATE_KEY_PATH/
    );
    const broken = keys.privatePem.replace(/[A-Za-z]{10}/, 'xxxxxxxxxx');
    const e = (() => {
      try {
        loadKalshiCredentials({
          env: { KALSHI_API_KEY_ID: 'kid', KALSHI_PRIVATE_KEY_PEM: broken }
        });
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(KalshiCredentialsError);
    const text = `${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)}`;
    for (const s of secretsOf(keys.privatePem)) expect(text).not.toContain(s);
    expect(() =>
      loadKalshiCredentials({
        env: { KALSHI_API_KEY_ID: 'kid', KALSHI_PRIVATE_KEY_PATH: '/nope' },
        readFile: () => {
          throw new Error('ENOENT');
        }
      })
    ).toThrow(/cannot read KALSHI_PRIVATE_KEY_PATH/);
    const ok = loadKalshiCredentials({
      env: { KALSHI_API_KEY_ID: 'kid', KALSHI_PRIVATE_KEY_PATH: '/k.pem' },
      readFile: () => keys.privatePem
    });
    expect(ok.keyId).toBe('kid');
    expect(JSON.stringify(ok)).not.toContain('PRIVATE');
    const pkcs1 = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(kalshiCredentials('kid', pkcs1).privateKey.asymmetricKeyType).toBe('rsa');
  });
});
