/**
 * A wrong adapter cannot pass its own mock. The adapters' signing constants are replaced by
 * wrong ones (`vi.mock`): the Polymarket EIP-712 domain name, and the Kalshi signed message
 * (prefix dropped). The adapter's own code then signs wrongly; the mocks, which verify with code
 * of their own, refuse it. (When the mocks imported the adapters' code, both agreed and these
 * orders were accepted.)
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import { buildSignedOrder, l2Signature, orderBody } from '../adapters/venues/polymarket/index.js';
import { PolymarketCredentials } from '../adapters/venues/polymarket/credentials.js';
import { startPolymarketMock } from '../adapters/venues/polymarket/mock/index.js';
import { startKalshiMock } from '../adapters/venues/kalshi/mock/index.js';
import { KALSHI_PSS, signingMessage } from '../adapters/venues/kalshi/signer.js';
import { asMicros, asQty } from '../core/index.js';
import type * as PolyConstants from '../adapters/venues/polymarket/constants.js';
import type * as KalshiSigner from '../adapters/venues/kalshi/signer.js';

vi.mock('../adapters/venues/polymarket/constants.js', async (actual) => ({
  ...(await actual<typeof PolyConstants>()),
  EXCHANGE_DOMAIN_NAME: 'Polymarket CTF Exchange V2'
}));
vi.mock('../adapters/venues/kalshi/signer.js', async (actual) => ({
  ...(await actual<typeof KalshiSigner>()),
  signingMessage: (tsMs: number, method: string, path: string) =>
    `${tsMs}${method}${path.replace('/trade-api/v2', '')}`
}));

const TOKEN = '26310511444966676152901239545213464869875480698266972830365142324057733576025';

describe('a wrong adapter constant is refused by the mock', () => {
  it('Polymarket: the adapter signing with a wrong domain name → 400 invalid signature', async () => {
    const pk = generatePrivateKey();
    const address = privateKeyToAccount(pk).address;
    const raw = {
      apiKey: crypto.randomUUID(),
      secret: randomBytes(32).toString('base64'),
      passphrase: randomBytes(16).toString('hex')
    };
    const creds = new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 });
    const mock = await startPolymarketMock({ ...raw, address });
    try {
      mock.setBook(TOKEN, { asks: [{ price: asMicros(530_000), qty: asQty(10e6) }], bids: [] });
      const { order } = await buildSignedOrder(creds, {
        tokenId: TOKEN,
        side: 'BUY',
        makerAmount: 2_650_000,
        takerAmount: 5_000_000,
        kind: 'standard'
      });
      const body = orderBody(order, raw.apiKey, 'FAK');
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${mock.url}/order`, {
        method: 'POST',
        headers: {
          POLY_ADDRESS: address,
          POLY_API_KEY: raw.apiKey,
          POLY_PASSPHRASE: raw.passphrase,
          POLY_TIMESTAMP: String(ts),
          POLY_SIGNATURE: l2Signature(Buffer.from(raw.secret, 'base64'), ts, 'POST', '/order', body)
        },
        body
      });
      expect({ status: res.status, json: await res.json() }).toEqual({
        status: 400,
        json: { error: 'invalid signature' }
      });
      expect(mock.fills()).toHaveLength(0);
    } finally {
      await mock.close();
    }
  });

  it('Kalshi: a request signed over the adapter’s wrong message → 401 invalid signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mock = await startKalshiMock({ publicKey, keyId: 'k' });
    try {
      const path = new URL(`${mock.url}/portfolio/balance`).pathname;
      const ts = Date.now();
      const msg = Buffer.from(signingMessage(ts, 'GET', path));
      const res = await fetch(`${mock.url}/portfolio/balance`, {
        headers: {
          'KALSHI-ACCESS-KEY': 'k',
          'KALSHI-ACCESS-TIMESTAMP': String(ts),
          'KALSHI-ACCESS-SIGNATURE': sign('sha256', msg, {
            key: privateKey,
            ...KALSHI_PSS
          }).toString('base64')
        }
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { message: 'invalid signature' } });
    } finally {
      await mock.close();
    }
  });
});
