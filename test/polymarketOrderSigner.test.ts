/**
 * The direct Order signing path (`orderDigest.ts` + `digestSigner.ts`) against two oracles on
 * 1,200 generated orders: the official SDK's own V2/V3 order builder and signer
 * (`@polymarket/clob-client-v2@1.1.0` `ExchangeOrderBuilderV2`, its exchange addresses from
 * `getContractConfig(137)`) and viem's generic typed-data path (`hashTypedData`,
 * `account.signTypedData`, the path the adapter used before). Token ids, amounts, sides,
 * signature types 0–2, exchanges, keys, funders, salts, timestamps, metadata, builder codes
 * and (unsigned) expirations vary; every signature and order id must be byte-identical.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { getContractConfig, orderToJsonV2, OrderType } from '@polymarket/clob-client-v2';
import fc from 'fast-check';
import {
  createWalletClient,
  domainSeparator,
  getAddress,
  hashTypedData,
  http,
  keccak256,
  recoverAddress,
  toHex,
  type Hex,
  type WalletClient
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { describe, expect, it, vi } from 'vitest';
import { DigestSigner } from '../adapters/venues/polymarket/digestSigner.js';
import {
  buildSignedOrder,
  exchangeDomain,
  EXCHANGES,
  orderBody,
  orderTypedData,
  PolymarketCredentials,
  type ExchangeKind,
  type WireOrder
} from '../adapters/venues/polymarket/index.js';
import {
  exchangeDomainSeparator,
  orderDigest,
  ORDER_TYPE,
  ORDER_TYPE_HASH
} from '../adapters/venues/polymarket/orderDigest.js';
import { isTwinlegError } from '../core/index.js';

/** The SDK's internal V2/V3 builder (not exported by the package; its .d.ts is empty). */
interface SdkOrder {
  readonly salt: string;
  readonly signature: Hex;
  readonly [k: string]: unknown;
}
interface SdkBuilder {
  readonly appDomainSep: Hex;
  buildSignedOrder(o: Record<string, unknown>): Promise<SdkOrder>;
  buildOrderTypedData(o: SdkOrder): Parameters<typeof hashTypedData>[0];
}
type SdkBuilderClass = new (
  contract: string,
  chainId: number,
  signer: WalletClient,
  generateSalt: () => string,
  domainVersion: string
) => SdkBuilder;
const SDK_BUILDER =
  '../node_modules/@polymarket/clob-client-v2/dist/order-utils/exchangeOrderBuilderV2.js';
const { ExchangeOrderBuilderV2 } = (await import(SDK_BUILDER)) as {
  ExchangeOrderBuilderV2: SdkBuilderClass;
};

const SDK_CONTRACTS = getContractConfig(137);
/** Each exchange as the SDK configures it: address and domain version. */
const SDK_EXCHANGE: Record<ExchangeKind, { address: string; version: string }> = {
  standard: { address: SDK_CONTRACTS.exchangeV2, version: '2' },
  'neg-risk': { address: SDK_CONTRACTS.negRiskExchangeV2, version: '2' },
  v3: { address: SDK_CONTRACTS.exchangeV3, version: '3' }
};
const KINDS: readonly ExchangeKind[] = ['standard', 'neg-risk', 'v3'];
const MAX_UINT256 = (1n << 256n) - 1n;
const ZERO32 = `0x${'0'.repeat(64)}` as const;

/** Eight fixed keys (keccak of a label: deterministic, and far below the curve order). */
const KEYS = Array.from({ length: 8 }, (_, i) => keccak256(toHex(`twinleg signing key ${i}`)));
const wallets = KEYS.map((pk) =>
  createWalletClient({
    account: privateKeyToAccount(pk),
    chain: polygon,
    transport: http('http://127.0.0.1:9')
  })
);

function credsFor(key: number, signatureType: 0 | 1 | 2, funder: Hex | undefined) {
  return new PolymarketCredentials({
    privateKey: KEYS[key] ?? '',
    apiKey: 'key',
    secret: randomBytes(32).toString('base64'),
    passphrase: 'pass',
    signatureType,
    ...(funder === undefined ? {} : { funder })
  });
}

const hexOf = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString('hex')}`;
const uint = (max: bigint) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 12n }),
    fc.bigInt({ min: 0n, max }),
    fc.constantFrom(0n, 1n, max)
  );
const bytes32 = fc.oneof(
  fc.constant(ZERO32),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hexOf)
);
const address = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .chain((b) => fc.constantFrom(hexOf(b), getAddress(hexOf(b))));

const orderArb = fc.record({
  key: fc.integer({ min: 0, max: KEYS.length - 1 }),
  kind: fc.constantFrom(...KINDS),
  signatureType: fc.constantFrom(0 as const, 1 as const, 2 as const),
  funder: address,
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  tokenId: uint(MAX_UINT256),
  makerAmount: uint(MAX_UINT256),
  takerAmount: uint(MAX_UINT256),
  salt: fc.oneof(
    fc.integer({ min: 1, max: 2 ** 47 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.constant(0)
  ),
  timestamp: fc.oneof(
    fc.integer({ min: 1_600_000_000_000, max: 2_100_000_000_000 }).map(BigInt),
    uint(MAX_UINT256)
  ),
  expiration: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 40 })),
  metadata: bytes32,
  builder: bytes32
});

describe('precomputed constants', () => {
  it('exchanges are the SDK config, and each domain separator equals the SDK and viem', () => {
    for (const kind of KINDS) {
      const sdk = SDK_EXCHANGE[kind];
      expect(EXCHANGES[kind]).toEqual(sdk);
      const builder = new ExchangeOrderBuilderV2(
        sdk.address,
        137,
        wallets[0] as WalletClient,
        () => '1',
        sdk.version
      );
      expect(exchangeDomainSeparator(kind)).toBe(builder.appDomainSep);
      expect(exchangeDomainSeparator(kind)).toBe(domainSeparator({ domain: exchangeDomain(kind) }));
    }
    expect(new Set(KINDS.map(exchangeDomainSeparator)).size).toBe(3);
  });

  it('the Order type string and hash are the SDK', () => {
    expect(ORDER_TYPE).toBe(
      'Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,' +
        'uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,' +
        'bytes32 builder)'
    );
    expect(ORDER_TYPE_HASH).toBe(keccak256(toHex(ORDER_TYPE)));
  });
});

describe('direct signing vs the SDK and viem', () => {
  it('1,200 generated orders: byte-identical signatures and order ids', async () => {
    const seen = { orders: 0, kinds: new Set<string>(), types: new Set<number>() };
    await fc.assert(
      fc.asyncProperty(orderArb, async (g) => {
        const funder = g.signatureType === 0 ? undefined : g.funder;
        const creds = credsFor(g.key, g.signatureType, funder);
        const wallet = wallets[g.key] as WalletClient;
        const sdkEx = SDK_EXCHANGE[g.kind];
        const sdk = new ExchangeOrderBuilderV2(
          sdkEx.address,
          137,
          wallet,
          () => String(g.salt),
          sdkEx.version
        );
        const theirs = await sdk.buildSignedOrder({
          maker: creds.funder,
          signer: creds.address,
          tokenId: g.tokenId.toString(),
          makerAmount: g.makerAmount.toString(),
          takerAmount: g.takerAmount.toString(),
          side: g.side,
          signatureType: g.signatureType,
          timestamp: g.timestamp.toString(),
          metadata: g.metadata,
          builder: g.builder,
          expiration: String(g.expiration)
        });
        const ours = await buildSignedOrder(creds, {
          tokenId: g.tokenId.toString(),
          side: g.side,
          kind: g.kind,
          makerAmount: g.makerAmount,
          takerAmount: g.takerAmount,
          salt: g.salt,
          timestampMs: g.timestamp.toString(),
          metadata: g.metadata,
          builder: g.builder
        });
        // the SDK's signer (viem wallet client) and order id
        expect(ours.order.signature).toBe(theirs.signature);
        expect(ours.orderId).toBe(hashTypedData(sdk.buildOrderTypedData(theirs)));
        // viem's generic path on our own typed data (the adapter's previous path)
        const { signature, ...unsigned } = ours.order;
        const td = orderTypedData(unsigned, g.kind);
        expect(ours.orderId).toBe(hashTypedData(td));
        expect(signature).toBe(await creds.account.signTypedData(td));
        // the body the SDK would post (expiration is not signed; FAK posts "0")
        const sdkBody = orderToJsonV2(
          { ...theirs, expiration: '0' } as unknown as Parameters<typeof orderToJsonV2>[0],
          creds.owner,
          OrderType.FAK
        );
        expect(orderBody(ours.order, creds.owner)).toBe(JSON.stringify(sdkBody));
        seen.orders++;
        seen.kinds.add(g.kind);
        seen.types.add(g.signatureType);
      }),
      { numRuns: 1_200, seed: 14, endOnFailure: true }
    );
    expect(seen.orders).toBe(1_200);
    expect(seen.kinds.size).toBe(3);
    expect(seen.types).toEqual(new Set([0, 1, 2]));
  }, 120_000);

  it('types 0–2 sign through the direct path, never viem’s account', async () => {
    const creds = credsFor(3, 0, undefined);
    const sign = vi.spyOn(creds.account, 'sign');
    const signTypedData = vi.spyOn(creds.account, 'signTypedData');
    const o = await buildSignedOrder(creds, {
      tokenId: '1',
      side: 'BUY',
      kind: 'standard',
      makerAmount: 1_000_000,
      takerAmount: 2_000_000
    });
    expect(sign).not.toHaveBeenCalled();
    expect(signTypedData).not.toHaveBeenCalled();
    expect(await recoverAddress({ hash: o.orderId, signature: o.order.signature })).toBe(
      creds.address
    );
  });

  it('a pinned vector (a library change that alters a byte fails here)', async () => {
    const creds = credsFor(0, 0, undefined);
    const o = await buildSignedOrder(creds, {
      tokenId: '26310511444966676152901239545213464869875480698266972830365142324057733576025',
      side: 'SELL',
      kind: 'neg-risk',
      makerAmount: 6_990_000,
      takerAmount: 859_770,
      salt: 123_456_789,
      timestampMs: '1764441600000'
    });
    expect(o.orderId).toBe(PINNED.orderId);
    expect(o.order.signature).toBe(PINNED.signature);
  });
});

describe('orderDigest refuses fields with no exact encoding', () => {
  const base: Omit<WireOrder, 'signature'> = {
    salt: 1,
    maker: '0x0000000000000000000000000000000000000001',
    signer: '0x0000000000000000000000000000000000000002',
    tokenId: '5',
    makerAmount: '1000000',
    takerAmount: '2000000',
    side: 'BUY',
    signatureType: 0,
    timestamp: '1764441600000',
    expiration: '0',
    metadata: ZERO32,
    builder: ZERO32
  };
  const cases: [string, Partial<Record<keyof typeof base, unknown>>, string][] = [
    ['tokenId = 2^256', { tokenId: (MAX_UINT256 + 1n).toString() }, 'invalid_amount'],
    ['hex amount', { makerAmount: '0x10' }, 'invalid_amount'],
    ['empty amount (BigInt("") would be 0)', { takerAmount: '' }, 'invalid_amount'],
    ['negative timestamp', { timestamp: '-1' }, 'invalid_amount'],
    ['padded tokenId', { tokenId: ' 5' }, 'invalid_amount'],
    ['fractional salt', { salt: 1.5 }, 'not_integer'],
    ['negative salt', { salt: -1 }, 'invalid_amount'],
    ['short address', { maker: '0x1234' }, 'invalid_input'],
    ['short bytes32', { metadata: '0x00' }, 'invalid_input'],
    ['side', { side: 'buy' }, 'invalid_input'],
    ['signature type 256', { signatureType: 256 }, 'invalid_input']
  ];
  for (const [name, patch, code] of cases) {
    it(name, () => {
      const o = { ...base, ...patch } as Omit<WireOrder, 'signature'>;
      let thrown: unknown;
      try {
        orderDigest(o, 'standard');
      } catch (e) {
        thrown = e;
      }
      expect(isTwinlegError(thrown, code as never), String(thrown)).toBe(true);
    });
  }

  it('an unknown exchange', () => {
    expect(() => orderDigest(base, 'v9' as ExchangeKind)).toThrow(/no exchange "v9"/);
  });

  it('a refused field leaves the next digest intact (the scratch buffer is rewritten)', () => {
    const good = hexOf(orderDigest(base, 'v3'));
    expect(() => orderDigest({ ...base, tokenId: 'x' }, 'v3')).toThrow();
    expect(hexOf(orderDigest(base, 'v3'))).toBe(good);
    expect(good).toBe(hashTypedData(orderTypedData(base, 'v3')));
  });
});

describe('DigestSigner', () => {
  it('refuses keys that are not secp256k1 keys', () => {
    const n = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141';
    for (const bad of ['0'.repeat(64), n, `0x${n}`, 'zz', `0x${'1'.repeat(62)}`]) {
      expect(() => new DigestSigner(bad), bad).toThrow(/not a secp256k1 key/);
    }
    expect(() => new DigestSigner(`0x${'0'.repeat(63)}1`)).not.toThrow();
  });

  it('never shows its key', () => {
    const key = KEYS[5] ?? '';
    const s = new DigestSigner(key);
    expect(JSON.stringify(s)).toBe('{}');
    expect(inspect(s, { showHidden: true, depth: 5 })).not.toContain(key.slice(2, 18));
  });

  it('low-S signatures with v 27/28 that recover to the key’s address (random digests)', async () => {
    const account = privateKeyToAccount(KEYS[6] ?? '0x');
    const s = new DigestSigner(KEYS[6] ?? '');
    const halfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
    for (let i = 0; i < 50; i++) {
      const digest = new Uint8Array(randomBytes(32));
      const sig = s.sign(digest);
      expect(sig).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
      expect(BigInt(`0x${sig.slice(66, 130)}`) <= halfN).toBe(true);
      expect(sig).toBe(await account.sign({ hash: hexOf(digest) }));
      expect(await recoverAddress({ hash: hexOf(digest), signature: sig })).toBe(account.address);
    }
  });
});

/** Computed once with viem's generic path (`signTypedData`) for KEYS[0]. */
const PINNED = {
  orderId: '0xf36aa7915dfbe5cc2186ea704aad53c850f10f15e502f362a9ab09777cbf2afb',
  signature:
    '0x1938f481179ae646cd4c0a6d12c114bf0a591643ce89a0a4b77aaed44611212c350d690303c465eb9ba5345c4518e1f7d69bf90193b83cd3ef08d9cdc56e19591b'
} as const;
