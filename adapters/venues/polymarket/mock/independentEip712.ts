/**
 * The mock's own EIP-712 hashing of a Polymarket V2/V3 order, written from the venue's
 * documentation (docs/venue-protocols.md §2.4, clob-client-v2 `ctfExchangeV2TypedData`) and
 * checked against the SDK — never imported from the adapter, so a wrong constant in the adapter
 * cannot be agreed with. Byte-level: `keccak256(0x1901 ‖ domainSeparator ‖ structHash)`; only
 * the keccak primitive comes from a library (viem's, a declared dependency).
 */
import { keccak256 } from 'viem';

/** Which exchange the mock lists a token on. */
export type MockExchangeKind = 'standard' | 'neg-risk' | 'v3';

/** Exchange contracts on Polygon and their EIP-712 domain versions (venue-protocols §2.1). */
export const MOCK_EXCHANGES: Readonly<
  Record<MockExchangeKind, { readonly address: string; readonly version: string }>
> = {
  standard: { address: '0xE111180000d2663C0091e4f400237545B87B996B', version: '2' },
  'neg-risk': { address: '0xe2222d279d744050d28e00520010520000310F59', version: '2' },
  v3: { address: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa', version: '3' }
};

const DOMAIN_NAME = 'Polymarket CTF Exchange';
const CHAIN_ID = 137n;
const DOMAIN_TYPE =
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)';
const ORDER_TYPE =
  'Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,' +
  'uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)';

/** The signed fields of an order, as the mock reads them off the wire. */
export interface SignedOrderFields {
  readonly salt: bigint;
  readonly maker: string;
  readonly signer: string;
  readonly tokenId: bigint;
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  readonly side: 'BUY' | 'SELL';
  readonly signatureType: number;
  readonly timestamp: bigint;
  readonly metadata: string;
  readonly builder: string;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const keccak_256 = (b: Uint8Array): Uint8Array => keccak256(b, 'bytes');
const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

/** A 32-byte big-endian word of an unsigned integer (throws outside 0..2^256-1). */
function word(n: bigint): Uint8Array {
  if (n < 0n || n >= 1n << 256n) throw new RangeError('uint256 out of range');
  return hexBytes(`0x${n.toString(16).padStart(64, '0')}`);
}

/** An address left-padded to 32 bytes (throws unless 20 bytes of hex). */
function addressWord(a: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new RangeError('bad address');
  return word(BigInt(a));
}

/** A bytes32 value as is (throws unless 32 bytes of hex). */
function bytes32(h: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(h)) throw new RangeError('bad bytes32');
  return hexBytes(h);
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Buffer.concat(parts);

/** The domain separator of one exchange (chain 137). */
export function domainSeparator(kind: MockExchangeKind): Uint8Array {
  const ex = MOCK_EXCHANGES[kind];
  return keccak_256(
    concat([
      keccak_256(utf8(DOMAIN_TYPE)),
      keccak_256(utf8(DOMAIN_NAME)),
      keccak_256(utf8(ex.version)),
      word(CHAIN_ID),
      addressWord(ex.address)
    ])
  );
}

/** `hashStruct(Order)`. */
export function orderStructHash(o: SignedOrderFields): Uint8Array {
  const small = (n: number): Uint8Array => {
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError('uint8 out of range');
    return word(BigInt(n));
  };
  return keccak_256(
    concat([
      keccak_256(utf8(ORDER_TYPE)),
      word(o.salt),
      addressWord(o.maker),
      addressWord(o.signer),
      word(o.tokenId),
      word(o.makerAmount),
      word(o.takerAmount),
      small(o.side === 'BUY' ? 0 : 1),
      small(o.signatureType),
      word(o.timestamp),
      bytes32(o.metadata),
      bytes32(o.builder)
    ])
  );
}

/** The EIP-712 digest of an order on `kind`'s exchange: the venue's order id (0x, lower case). */
export function orderDigest(o: SignedOrderFields, kind: MockExchangeKind): `0x${string}` {
  const d = keccak_256(
    concat([Uint8Array.of(0x19, 0x01), domainSeparator(kind), orderStructHash(o)])
  );
  return `0x${Buffer.from(d).toString('hex')}`;
}
