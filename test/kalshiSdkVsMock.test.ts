/**
 * The official Kalshi SDK (`kalshi-typescript@3.30.0`, test oracle only) against the strict mock
 * with its default freshness window: its signatures (own RSA-PSS check), timestamps and V2
 * create bodies pass, and an order it places is matched — the mock is the venue's shape.
 */
import { createRequire } from 'node:module';
import { Configuration, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { asMicros, asQty } from '../core/index.js';
import {
  startKalshiMock,
  testKeyPair,
  type KalshiMock
} from '../adapters/venues/kalshi/mock/index.js';

type SdkAxios = NonNullable<ConstructorParameters<typeof OrdersApi>[2]>;
/** The SDK's own (CommonJS) axios, a fresh instance per API object (it adds an interceptor). */
const axios = createRequire(import.meta.url)('axios') as { create(): SdkAxios };

let mock: KalshiMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('the official Kalshi SDK against the strict mock', () => {
  it('createOrderV2 (IOC) is verified, matched and read back; an SDK a day behind is refused', async () => {
    const keys = testKeyPair();
    mock = await startKalshiMock({
      publicKey: keys.publicKey,
      keyId: 'sdk-key',
      markets: {
        KXSDK: { book: { bids: [], asks: [{ price: asMicros(450_000), qty: asQty(10e6) }] } }
      }
    });
    const cfg = new Configuration({
      apiKey: 'sdk-key',
      privateKeyPem: keys.privatePem,
      basePath: mock.url
    });
    const orders = new OrdersApi(cfg, mock.url, axios.create());
    const created = await orders.createOrderV2({
      ticker: 'KXSDK',
      client_order_id: 'sdk-strict-1',
      side: 'bid',
      count: '2',
      price: '0.45',
      time_in_force: 'immediate_or_cancel',
      self_trade_prevention_type: 'taker_at_cross'
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ fill_count: '2.00', average_fill_price: '0.4500' });
    const got = await orders.getOrder(created.data.order_id);
    expect(got.status).toBe(200);
    const bal = await new PortfolioApi(cfg, mock.url, axios.create()).getBalance();
    expect(bal.data.balance_dollars).toBeDefined();
    expect(mock.requests().every((r) => r.authOk)).toBe(true);
    await mock.close();
    // the same SDK, a day behind the venue's clock: refused before anything is placed
    mock = await startKalshiMock({
      publicKey: keys.publicKey,
      keyId: 'sdk-key',
      now: () => Date.now() + 86_400_000
    });
    const lateCfg = new Configuration({
      apiKey: 'sdk-key',
      privateKeyPem: keys.privatePem,
      basePath: mock.url
    });
    const late = new PortfolioApi(lateCfg, mock.url, axios.create());
    await expect(late.getBalance()).rejects.toMatchObject({
      response: {
        status: 401,
        data: { error: { code: 'authentication_error', message: 'stale timestamp' } }
      }
    });
  });
});
