/**
 * Polymarket `GET /balance-allowance`: the official SDK (test oracle only) and twinleg's own
 * reader (adapters/venues/polymarket/account.ts) against the mock CLOB read the same pUSD
 * and token balances — same parameters, same L2 signing of the path without its query — and
 * the mock answers from its own state.
 */
import { randomBytes } from 'node:crypto';
import { AssetType, ClobClient } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolymarketAccount } from '../adapters/venues/polymarket/account.js';
import { PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { asMicros, asQty, contracts, dollars } from '../core/index.js';

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

const pk = generatePrivateKey();
const acct = privateKeyToAccount(pk);
const raw = {
  apiKey: crypto.randomUUID(),
  secret: randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
  passphrase: randomBytes(16).toString('hex')
};
let mock: PolymarketMock;
let ours: PolymarketAccount;
let sdk: ClobClient;

beforeAll(async () => {
  mock = await startPolymarketMock({
    ...raw,
    address: acct.address,
    balance: dollars(123.456789),
    markets: [
      { tokenId: YES, tickSize: '0.01', kind: 'standard' },
      { tokenId: NO, tickSize: '0.01', kind: 'standard' }
    ]
  });
  ours = new PolymarketAccount({
    baseUrl: mock.url,
    credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 })
  });
  sdk = new ClobClient({
    host: mock.url,
    chain: 137,
    signer: createWalletClient({
      account: acct,
      chain: polygon,
      transport: http('http://127.0.0.1:9')
    }),
    creds: { key: raw.apiKey, secret: raw.secret, passphrase: raw.passphrase },
    throwOnError: true
  });
});

afterAll(async () => {
  await ours.close();
  await mock.close();
});

describe('balance-allowance: the SDK and twinleg read the same numbers from the mock', () => {
  it('COLLATERAL: pUSD in base units (6 decimals = micro-dollars)', async () => {
    const r = await sdk.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(r.balance).toBe('123456789');
    expect(await ours.balance()).toBe(asMicros(123_456_789));
  });

  it('CONDITIONAL: each token of a market, as the mock holds it', async () => {
    mock.setPosition(YES, contracts(7.5));
    const r = await sdk.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: YES });
    expect(r.balance).toBe('7500000');
    const m = {
      marketId: 4,
      polyYesTokenId: YES,
      polyNoTokenId: NO
    } as Parameters<PolymarketAccount['holdings']>[0][number];
    expect(await ours.holdings([m])).toEqual(
      new Map([[4, { yes: asQty(7_500_000), no: asQty(0) }]])
    );
  });

  it('a bad signature is refused (401) and the reader throws: unknown, never 0', async () => {
    const wrong = new PolymarketAccount({
      baseUrl: mock.url,
      credentials: new PolymarketCredentials({
        privateKey: pk,
        ...raw,
        secret: randomBytes(32).toString('base64'),
        signatureType: 0
      })
    });
    try {
      await expect(wrong.balance()).rejects.toThrow(/HTTP 401/);
    } finally {
      await wrong.close();
    }
  });
});
