import { randomInt } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { PolymarketCredentials } from './credentials.js';
import { depositWalletSignature } from './depositWallet.js';
import {
  BYTES32_ZERO,
  EXCHANGE_DOMAIN_NAME,
  EXCHANGES,
  ORDER_TYPES,
  POLYGON_CHAIN_ID,
  type ExchangeKind
} from './constants.js';
import { orderDigest } from './orderDigest.js';

/** Order side on the wire. */
export type WireSide = 'BUY' | 'SELL';

/** A V2/V3 order as it travels in `POST /order` (amounts in base units as strings). */
export interface WireOrder {
  readonly salt: number;
  readonly maker: Address;
  readonly signer: Address;
  readonly tokenId: string;
  readonly makerAmount: string;
  readonly takerAmount: string;
  readonly side: WireSide;
  readonly signatureType: number;
  /** Milliseconds, as a string (signed; replaces V1's nonce). */
  readonly timestamp: string;
  /** Not signed in V2; "0" for FAK. */
  readonly expiration: string;
  readonly metadata: Hex;
  readonly builder: Hex;
  readonly signature: Hex;
}

/** What {@link buildSignedOrder} needs. */
export interface OrderParams {
  readonly tokenId: string;
  readonly side: WireSide;
  readonly makerAmount: number | bigint;
  readonly takerAmount: number | bigint;
  readonly kind: ExchangeKind;
  /** Defaults: random salt, `Date.now()`, zero metadata and builder code. */
  readonly salt?: number;
  readonly timestampMs?: number | string;
  readonly metadata?: Hex;
  readonly builder?: Hex;
}

/** EIP-712 domain of the exchange `kind` trades on (chain 137). */
export function exchangeDomain(kind: ExchangeKind) {
  const ex = EXCHANGES[kind];
  return {
    name: EXCHANGE_DOMAIN_NAME,
    version: ex.version,
    chainId: POLYGON_CHAIN_ID,
    verifyingContract: ex.address
  } as const;
}

/** The typed data of a wire order (what is hashed and signed). */
export function orderTypedData(o: Omit<WireOrder, 'signature'>, kind: ExchangeKind) {
  return {
    domain: exchangeDomain(kind),
    types: ORDER_TYPES,
    primaryType: 'Order' as const,
    message: {
      salt: BigInt(o.salt),
      maker: o.maker,
      signer: o.signer,
      tokenId: BigInt(o.tokenId),
      makerAmount: BigInt(o.makerAmount),
      takerAmount: BigInt(o.takerAmount),
      side: o.side === 'BUY' ? 0 : 1,
      signatureType: o.signatureType,
      timestamp: BigInt(o.timestamp),
      metadata: o.metadata,
      builder: o.builder
    }
  };
}

/**
 * The order id: the EIP-712 hash of the order, known before it is posted (computed directly,
 * `orderDigest.ts`; equal to viem's `hashTypedData(orderTypedData(o, kind))`).
 */
export function orderIdOf(o: Omit<WireOrder, 'signature'>, kind: ExchangeKind): Hex {
  return `0x${Buffer.from(orderDigest(o, kind)).toString('hex')}`;
}

/**
 * Builds and signs one order (signature types 0–2: a plain 65-byte EIP-712 signature by the
 * EOA; `maker` is the funder). The digest is computed once (`orderDigest.ts`) and signed with
 * libsecp256k1 (`digestSigner.ts`); a type-3 signature is built by `depositWallet.ts`.
 */
export async function buildSignedOrder(
  creds: PolymarketCredentials,
  p: OrderParams
): Promise<{ readonly order: WireOrder; readonly orderId: Hex }> {
  const unsigned: Omit<WireOrder, 'signature'> = {
    salt: p.salt ?? randomInt(1, 2 ** 47),
    maker: creds.funder,
    signer: creds.orderSigner,
    tokenId: p.tokenId,
    makerAmount: p.makerAmount.toString(),
    takerAmount: p.takerAmount.toString(),
    side: p.side,
    signatureType: creds.signatureType,
    timestamp: String(p.timestampMs ?? Date.now()),
    expiration: '0',
    metadata: p.metadata ?? BYTES32_ZERO,
    builder: p.builder ?? BYTES32_ZERO
  };
  const digest = orderDigest(unsigned, p.kind);
  const orderId: Hex = `0x${Buffer.from(digest).toString('hex')}`;
  const signature =
    creds.signatureType === 3
      ? await depositWalletSignature(creds.account, orderTypedData(unsigned, p.kind))
      : creds.signOrderDigest(digest);
  return { order: { ...unsigned, signature }, orderId };
}

/**
 * The exact `POST /order` body, keys in the official SDK's order (`orderToJsonV2`). `owner` is
 * the API key; `deferExec` stays false (its server-side meaning is undocumented).
 */
export function orderBody(order: WireOrder, owner: string, orderType = 'FAK'): string {
  const o = order;
  return JSON.stringify({
    deferExec: false,
    postOnly: false,
    order: {
      salt: o.salt,
      maker: o.maker,
      signer: o.signer,
      tokenId: o.tokenId,
      makerAmount: o.makerAmount,
      takerAmount: o.takerAmount,
      side: o.side,
      signatureType: o.signatureType,
      timestamp: o.timestamp,
      expiration: o.expiration,
      metadata: o.metadata,
      builder: o.builder,
      signature: o.signature
    },
    owner,
    orderType
  });
}
