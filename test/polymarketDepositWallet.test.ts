/**
 * Signature type 3 (`POLY_1271`, deposit wallets) against the official SDK
 * (`@polymarket/clob-client-v2@1.1.0`) as an oracle: maker and signer are the deposit wallet,
 * the signature is the SDK's ERC-7739 envelope, byte for byte, on every exchange.
 */
import { randomBytes } from 'node:crypto';
import { OrderBuilder, OrderType, Side, orderToJsonV2 } from '@polymarket/clob-client-v2';
import { createWalletClient, hashTypedData, http, recoverTypedDataAddress, slice } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import {
  buildSignedOrder,
  EXCHANGES,
  fakAmounts,
  loadPolymarketCredentials,
  orderBody,
  orderTypedData,
  PolymarketCredentials,
  type ExchangeKind
} from '../adapters/venues/polymarket/index.js';
import { ORDER_TYPE_STRING } from '../adapters/venues/polymarket/depositWallet.js';
import { asMicros, asQty } from '../core/index.js';

const TOKEN = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

function fixture() {
  const pk = generatePrivateKey();
  const account = privateKeyToAccount(pk);
  const wallet = privateKeyToAccount(generatePrivateKey()).address; // the deposit wallet
  const apiKey = crypto.randomUUID();
  const creds = new PolymarketCredentials({
    privateKey: pk,
    apiKey,
    secret: secretB64(),
    passphrase: 'p'.repeat(16),
    signatureType: 3,
    funder: wallet
  });
  const client = createWalletClient({
    account,
    chain: polygon,
    transport: http('http://127.0.0.1:9')
  });
  return { account, wallet, apiKey, creds, client };
}

describe('signature type 3 (deposit wallet) vs the official SDK', () => {
  const cases: { kind: ExchangeKind; side: 'BUY' | 'SELL'; price: number; size: number }[] = [
    { kind: 'standard', side: 'BUY', price: 0.53, size: 5 },
    { kind: 'standard', side: 'SELL', price: 0.47, size: 12 },
    { kind: 'neg-risk', side: 'BUY', price: 0.05, size: 40 },
    { kind: 'neg-risk', side: 'SELL', price: 0.62, size: 7 },
    { kind: 'v3', side: 'BUY', price: 0.31, size: 9 },
    { kind: 'v3', side: 'SELL', price: 0.88, size: 3 }
  ];
  for (const c of cases) {
    it(`${c.kind} ${c.side} ${c.size} @ ${c.price}: byte-identical body and signature`, async () => {
      const f = fixture();
      const sdk = new OrderBuilder(f.client, 137, 3, f.wallet);
      const theirs = await sdk.buildOrder(
        {
          tokenID: TOKEN,
          price: c.price,
          size: c.size,
          side: c.side === 'BUY' ? Side.BUY : Side.SELL
        },
        { tickSize: '0.01', negRisk: c.kind === 'neg-risk' },
        c.kind === 'v3' ? 3 : 2
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
        orderToJsonV2(theirs as Parameters<typeof orderToJsonV2>[0], f.apiKey, OrderType.FAK)
      );
      expect(orderBody(ours.order, f.creds.owner)).toBe(theirBody);
      expect(ours.order.signature).toBe(theirs.signature);
      expect(ours.order).toMatchObject({ maker: f.wallet, signer: f.wallet, signatureType: 3 });
      // 65-byte inner signature ‖ domain separator ‖ contents hash ‖ type string ‖ uint16 length
      expect((ours.order.signature.length - 2) / 2).toBe(65 + 32 + 32 + 186 + 2);
      expect(slice(ours.order.signature, -2)).toBe('0x00ba');
      expect(ORDER_TYPE_STRING.length).toBe(186);
      const { signature, ...unsigned } = ours.order;
      const td = orderTypedData(unsigned, c.kind);
      expect(td.domain.verifyingContract).toBe(EXCHANGES[c.kind].address);
      expect(ours.orderId).toBe(hashTypedData(td)); // the order id is still the Order hash
      // The inner signature is the EOA's, over TypedDataSign with the wallet as verifyingContract.
      const inner = await recoverTypedDataAddress({
        domain: td.domain,
        types: {
          TypedDataSign: [
            { name: 'contents', type: 'Order' },
            { name: 'name', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
            { name: 'salt', type: 'bytes32' }
          ],
          Order: td.types.Order
        },
        primaryType: 'TypedDataSign',
        message: {
          contents: td.message,
          name: 'DepositWallet',
          version: '1',
          chainId: 137n,
          verifyingContract: f.wallet,
          salt: `0x${'0'.repeat(64)}`
        },
        signature: slice(signature, 0, 65)
      });
      expect(inner).toBe(f.account.address);
    });
  }

  it('POLY_SIGNATURE_TYPE=3 loads with POLY_FUNDER (the deposit wallet); L2 headers stay the EOA', () => {
    const pk = generatePrivateKey();
    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    const env = {
      POLY_PRIVATE_KEY: pk,
      POLY_API_KEY: 'k-123456',
      POLY_API_SECRET: secretB64(),
      POLY_API_PASSPHRASE: 'pass-123456',
      POLY_SIGNATURE_TYPE: '3',
      POLY_FUNDER: wallet
    };
    const c = loadPolymarketCredentials(env);
    expect(c).toMatchObject({ signatureType: 3, funder: wallet, orderSigner: wallet });
    expect(c.l2Headers('GET', '/data/trades', undefined, 1).POLY_ADDRESS).toBe(
      privateKeyToAccount(pk).address
    );
    const { POLY_FUNDER: _, ...noFunder } = env;
    expect(() => loadPolymarketCredentials(noFunder)).toThrow(
      /POLY_FUNDER is required for POLY_SIGNATURE_TYPE=3/
    );
    expect(() => loadPolymarketCredentials({ ...env, POLY_SIGNATURE_TYPE: '4' })).toThrow(
      /signatureType/
    );
  });
});
