import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { ecrecover } from './independentEcrecover.js';
import { orderDigest, type MockExchangeKind } from './independentEip712.js';
import { expectedPolySignature, polySignatureMatches } from './independentHmac.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const UINT = /^\d+$/;

/**
 * The `POST /order` body the mock accepts: the V2 shape the official SDK sends
 * (`orderToJsonV2`), strictly — an unknown field, a string `salt` (the SDK sends a JSON number)
 * or a non-decimal amount is an invalid payload. V1 leftovers are caught earlier as a version
 * mismatch.
 */
export const PostBodySchema = z
  .object({
    order: z
      .object({
        salt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
        maker: z.string().regex(ADDRESS),
        signer: z.string().regex(ADDRESS),
        tokenId: z.string().regex(UINT),
        makerAmount: z.string().regex(UINT),
        takerAmount: z.string().regex(UINT),
        side: z.enum(['BUY', 'SELL']),
        signatureType: z.number().int().min(0).max(3),
        timestamp: z.string().regex(UINT),
        expiration: z.string().regex(UINT).optional(),
        metadata: z.string().regex(BYTES32),
        builder: z.string().regex(BYTES32),
        signature: z.string().regex(/^0x[0-9a-fA-F]+$/)
      })
      .strict(),
    owner: z.string(),
    orderType: z.enum(['FAK', 'FOK', 'GTC', 'GTD']),
    postOnly: z.boolean().optional(),
    deferExec: z.boolean().optional()
  })
  .strict();

/** A parsed order body. */
export type PostBody = z.infer<typeof PostBodySchema>;

/** The key material the mock checks against. */
export interface MockKey {
  readonly apiKey: string;
  readonly secret: string;
  readonly passphrase: string;
  readonly address: string;
}

/** The mock's clock and the skew it tolerates on `POLY_TIMESTAMP` and order timestamps. */
export interface MockClock {
  readonly now: () => number;
  readonly maxSkewMs: number;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const UNAUTHORIZED = 'Unauthorized/Invalid api key';

/**
 * Checks the five L2 headers with the mock's own HMAC: key and passphrase, `POLY_ADDRESS`
 * bound to the key, `POLY_TIMESTAMP` in seconds within the tolerated skew, and the signature
 * over `ts + METHOD + path(no query) + raw body bytes`. Returns an error message, or null.
 */
export function checkL2(
  key: MockKey,
  h: IncomingHttpHeaders,
  method: string,
  path: string,
  raw: Buffer,
  clock: MockClock
): string | null {
  const ts = header(h, 'POLY_TIMESTAMP');
  const sig = header(h, 'POLY_SIGNATURE');
  if (header(h, 'POLY_API_KEY') !== key.apiKey || header(h, 'POLY_PASSPHRASE') !== key.passphrase)
    return UNAUTHORIZED;
  if (ts === undefined || sig === undefined || !/^\d{1,12}$/.test(ts)) return UNAUTHORIZED;
  if (Math.abs(clock.now() - Number(ts) * 1000) > clock.maxSkewMs) return UNAUTHORIZED;
  if (header(h, 'POLY_ADDRESS')?.toLowerCase() !== key.address.toLowerCase()) return UNAUTHORIZED;
  const want = expectedPolySignature(key.secret, ts, method, path, raw);
  return polySignatureMatches(want, sig) ? null : UNAUTHORIZED;
}

/** A body's order as the mock keeps it (the adapter's wire shape, salt a number). */
export interface MockWireOrder {
  readonly salt: number;
  readonly maker: `0x${string}`;
  readonly signer: `0x${string}`;
  readonly tokenId: string;
  readonly makerAmount: string;
  readonly takerAmount: string;
  readonly side: 'BUY' | 'SELL';
  readonly signatureType: number;
  readonly timestamp: string;
  readonly expiration: string;
  readonly metadata: `0x${string}`;
  readonly builder: `0x${string}`;
  readonly signature: `0x${string}`;
}

/** The wire order of a parsed body. */
export function wireOrder(b: PostBody): MockWireOrder {
  const o = b.order;
  return {
    ...o,
    maker: o.maker as `0x${string}`,
    signer: o.signer as `0x${string}`,
    expiration: o.expiration ?? '0',
    metadata: o.metadata as `0x${string}`,
    builder: o.builder as `0x${string}`,
    signature: o.signature as `0x${string}`
  };
}

/** The order id (EIP-712 digest on `kind`'s exchange), computed by the mock's own hashing. */
export function mockOrderId(o: MockWireOrder, kind: MockExchangeKind): `0x${string}` {
  return orderDigest(
    {
      salt: BigInt(o.salt),
      maker: o.maker,
      signer: o.signer,
      tokenId: BigInt(o.tokenId),
      makerAmount: BigInt(o.makerAmount),
      takerAmount: BigInt(o.takerAmount),
      side: o.side,
      signatureType: o.signatureType,
      timestamp: BigInt(o.timestamp),
      metadata: o.metadata,
      builder: o.builder
    },
    kind
  );
}

/**
 * The order `timestamp` is milliseconds (it replaced V1's nonce): one in seconds, or further
 * from the mock's clock than the tolerated skew, is refused. Returns an error or null.
 */
export function checkOrderTimestamp(o: MockWireOrder, clock: MockClock): string | null {
  const ts = Number(o.timestamp);
  return Math.abs(clock.now() - ts) > clock.maxSkewMs
    ? `invalid order timestamp ${o.timestamp}: milliseconds within ${clock.maxSkewMs} ms of server time required`
    : null;
}

/**
 * Verifies the order's EIP-712 signature with the mock's own hashing and ecrecover:
 * recovered == `order.signer` == the API key's address, and `maker` allowed for the type.
 */
export async function checkSigner(
  key: MockKey,
  funder: string,
  o: MockWireOrder,
  orderId: `0x${string}`
): Promise<string | null> {
  if (o.signer.toLowerCase() !== key.address.toLowerCase()) {
    return 'the order signer address has to be the address of the API KEY';
  }
  const maker = o.signatureType === 0 ? key.address : funder;
  if (o.maker.toLowerCase() !== maker.toLowerCase()) return 'invalid maker for signature type';
  if (o.signatureType === 3) return 'signature type 3 not supported by the mock';
  const rec = await ecrecover(orderId, o.signature);
  return rec === o.signer.toLowerCase() ? null : 'invalid signature';
}
