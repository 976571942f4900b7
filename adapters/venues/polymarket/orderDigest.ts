/**
 * The EIP-712 digest of a V2/V3 Order, computed directly instead of through viem's generic
 * typed-data path: the Order type hash and one domain separator per exchange are computed once
 * at load, the struct's twelve static words are ABI-encoded by hand into a reused buffer, and
 * keccak-256 comes from `@noble/hashes`. The digest is the venue's order id and what the EOA
 * signs (`digestSigner.ts`). Byte-identical to viem's `hashTypedData` and to the official SDK
 * (`test/polymarketOrderSigner.test.ts`); its cost is in `npm run bench` (`bench/signing.ts`).
 * @packageDocumentation
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { TwinlegError } from '../../../core/index.js';
import {
  EXCHANGE_DOMAIN_NAME,
  EXCHANGES,
  ORDER_TYPES,
  POLYGON_CHAIN_ID,
  type ExchangeKind
} from './constants.js';

/** The signed fields of an order as they travel (a `WireOrder` without its signature). */
export interface OrderFields {
  readonly salt: number;
  readonly maker: string;
  readonly signer: string;
  /** Decimal strings (base units; `timestamp` in ms). */
  readonly tokenId: string;
  readonly makerAmount: string;
  readonly takerAmount: string;
  readonly side: 'BUY' | 'SELL';
  readonly signatureType: number;
  readonly timestamp: string;
  readonly metadata: string;
  readonly builder: string;
}

/** The encoded Order type: `Order(uint256 salt,address maker,…,bytes32 builder)`. */
export const ORDER_TYPE = `Order(${ORDER_TYPES.Order.map((f) => `${f.type} ${f.name}`).join(',')})`;

const DOMAIN_TYPE =
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)';
const WORDS = ORDER_TYPES.Order.length + 1;
const MAX_UINT256 = (1n << 256n) - 1n;
const DECIMAL = /^[0-9]{1,78}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): `0x${string}` => `0x${Buffer.from(b).toString('hex')}`;

/** Writes a uint256 (a bigint, a safe integer or a decimal string) as word `i` of `buf`. */
function putUint(buf: Buffer, i: number, v: bigint | number | string, field: string): void {
  let n: bigint;
  if (typeof v === 'string') {
    if (!DECIMAL.test(v))
      throw new TwinlegError('invalid_amount', `${field} "${v}" is not a decimal uint256`);
    n = BigInt(v);
  } else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      throw new TwinlegError('not_integer', `${field} ${v} is not a safe integer`);
    n = BigInt(v);
  } else n = v;
  if (n < 0n || n > MAX_UINT256)
    throw new TwinlegError('invalid_amount', `${field} ${n} is out of uint256 range`);
  buf.write(n.toString(16).padStart(64, '0'), i * 32, 'hex');
}

/** Writes an address (0x + 40 hex, any case) left-padded as word `i`. */
function putAddress(buf: Buffer, i: number, a: string, field: string): void {
  if (!ADDRESS.test(a)) throw new TwinlegError('invalid_input', `${field} is not an address`);
  buf.fill(0, i * 32, i * 32 + 12);
  buf.write(a.slice(2), i * 32 + 12, 'hex');
}

/** Writes a bytes32 (0x + 64 hex) as word `i`. */
function putBytes32(buf: Buffer, i: number, h: string, field: string): void {
  if (!BYTES32.test(h)) throw new TwinlegError('invalid_input', `${field} is not a bytes32`);
  buf.write(h.slice(2), i * 32, 'hex');
}

/** `keccak256(typeHash ‖ keccak(name) ‖ keccak(version) ‖ chainId ‖ verifyingContract)`. */
function domainSeparatorOf(kind: ExchangeKind): Uint8Array {
  const ex = EXCHANGES[kind];
  const enc = Buffer.alloc(5 * 32);
  enc.set(keccak_256(utf8(DOMAIN_TYPE)), 0);
  enc.set(keccak_256(utf8(EXCHANGE_DOMAIN_NAME)), 32);
  enc.set(keccak_256(utf8(ex.version)), 64);
  putUint(enc, 3, POLYGON_CHAIN_ID, 'chainId');
  putAddress(enc, 4, ex.address, 'verifyingContract');
  return keccak_256(enc);
}

const ORDER_TYPE_HASH_BYTES = keccak_256(utf8(ORDER_TYPE));
const SEPARATORS: Readonly<Record<ExchangeKind, Uint8Array>> = {
  standard: domainSeparatorOf('standard'),
  'neg-risk': domainSeparatorOf('neg-risk'),
  v3: domainSeparatorOf('v3')
};

/** `keccak256(ORDER_TYPE)`, 0x-hex. */
export const ORDER_TYPE_HASH = hex(ORDER_TYPE_HASH_BYTES);

/** The EIP-712 domain separator of `kind`'s exchange (chain 137), 0x-hex. */
export function exchangeDomainSeparator(kind: ExchangeKind): `0x${string}` {
  return hex(SEPARATORS[kind]);
}

// Reused scratch (the whole computation is synchronous): every word is rewritten on each call.
const struct = Buffer.alloc(WORDS * 32);
struct.set(ORDER_TYPE_HASH_BYTES, 0);
const envelope = Buffer.alloc(2 + 32 + 32);
envelope[0] = 0x19;
envelope[1] = 0x01;

/** `hashStruct(Order)`: keccak-256 of the type hash and the eleven fields as 32-byte words. */
export function orderStructHash(o: OrderFields): Uint8Array {
  if (o.side !== 'BUY' && o.side !== 'SELL') {
    throw new TwinlegError('invalid_input', `side "${String(o.side)}" is not BUY or SELL`);
  }
  if (!Number.isInteger(o.signatureType) || o.signatureType < 0 || o.signatureType > 255) {
    throw new TwinlegError('invalid_input', `signatureType ${o.signatureType} is not a uint8`);
  }
  putUint(struct, 1, o.salt, 'salt');
  putAddress(struct, 2, o.maker, 'maker');
  putAddress(struct, 3, o.signer, 'signer');
  putUint(struct, 4, o.tokenId, 'tokenId');
  putUint(struct, 5, o.makerAmount, 'makerAmount');
  putUint(struct, 6, o.takerAmount, 'takerAmount');
  putUint(struct, 7, o.side === 'BUY' ? 0 : 1, 'side');
  putUint(struct, 8, o.signatureType, 'signatureType');
  putUint(struct, 9, o.timestamp, 'timestamp');
  putBytes32(struct, 10, o.metadata, 'metadata');
  putBytes32(struct, 11, o.builder, 'builder');
  return keccak_256(struct);
}

/**
 * The EIP-712 digest `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(order))` of an order on
 * `kind`'s exchange: the order id, and the 32 bytes the EOA signs. Throws a `TwinlegError`
 * (`invalid_amount`, `not_integer`, `invalid_input`) on a field that has no exact encoding.
 */
export function orderDigest(o: OrderFields, kind: ExchangeKind): Uint8Array {
  const separator = SEPARATORS[kind] as Uint8Array | undefined;
  if (separator === undefined) throw new TwinlegError('invalid_input', `no exchange "${kind}"`);
  envelope.set(orderStructHash(o), 34);
  envelope.set(separator, 2);
  return keccak_256(envelope);
}
