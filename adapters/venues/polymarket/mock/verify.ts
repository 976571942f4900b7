import type { IncomingHttpHeaders } from 'node:http';
import { createHmac } from 'node:crypto';
import { recoverTypedDataAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import type { ExchangeKind } from '../constants.js';
import { decodeSecret, sameSignature } from '../hmac.js';
import { orderTypedData, type WireOrder } from '../orderBuilder.js';

/** The `POST /order` body the mock accepts (V2 shape; V1 leftovers are a version mismatch). */
export const PostBodySchema = z.object({
  order: z.object({
    salt: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
    maker: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    signer: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    tokenId: z.string().regex(/^\d+$/),
    makerAmount: z.string().regex(/^\d+$/),
    takerAmount: z.string().regex(/^\d+$/),
    side: z.enum(['BUY', 'SELL']),
    signatureType: z.number().int().min(0).max(3),
    timestamp: z.string().regex(/^\d+$/),
    expiration: z.string().optional(),
    metadata: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
    builder: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
    signature: z.string().regex(/^0x[0-9a-fA-F]+$/)
  }),
  owner: z.string(),
  orderType: z.enum(['FAK', 'FOK', 'GTC', 'GTD']),
  postOnly: z.boolean().optional(),
  deferExec: z.boolean().optional()
});

/** A parsed order body. */
export type PostBody = z.infer<typeof PostBodySchema>;

/** The key material the mock checks against. */
export interface MockKey {
  readonly apiKey: string;
  readonly secret: string;
  readonly passphrase: string;
  readonly address: Address;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks the five L2 headers: key and passphrase, `POLY_ADDRESS` bound to the key, and the
 * HMAC recomputed over `ts + METHOD + path(no query) + raw body bytes`. Returns an error
 * message, or null when authentic.
 */
export function checkL2(
  key: MockKey,
  h: IncomingHttpHeaders,
  method: string,
  path: string,
  raw: Buffer
): string | null {
  const ts = header(h, 'POLY_TIMESTAMP');
  const sig = header(h, 'POLY_SIGNATURE');
  if (header(h, 'POLY_API_KEY') !== key.apiKey || header(h, 'POLY_PASSPHRASE') !== key.passphrase) {
    return 'Unauthorized/Invalid api key';
  }
  if (ts === undefined || sig === undefined || !/^\d+$/.test(ts)) {
    return 'Unauthorized/Invalid api key';
  }
  if (header(h, 'POLY_ADDRESS')?.toLowerCase() !== key.address.toLowerCase()) {
    return 'Unauthorized/Invalid api key';
  }
  const mac = createHmac('sha256', decodeSecret(key.secret));
  mac.update(`${ts}${method}${path}`);
  if (raw.length > 0) mac.update(raw);
  const want = mac.digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return sameSignature(want, sig) ? null : 'Unauthorized/Invalid api key';
}

/** The wire order of a parsed body (salt normalized to a number). */
export function wireOrder(b: PostBody): WireOrder {
  const o = b.order;
  return {
    ...o,
    salt: Number(o.salt),
    maker: o.maker as Address,
    signer: o.signer as Address,
    expiration: o.expiration ?? '0',
    metadata: o.metadata as Hex,
    builder: o.builder as Hex,
    signature: o.signature as Hex
  };
}

/**
 * Verifies the order's EIP-712 signature with the V2/V3 domain of the token's exchange:
 * recovered == `order.signer` == the API key's address, and `maker` allowed for the type.
 */
export async function checkSigner(
  key: MockKey,
  funder: Address,
  o: WireOrder,
  kind: ExchangeKind
): Promise<string | null> {
  if (o.signer.toLowerCase() !== key.address.toLowerCase()) {
    return 'the order signer address has to be the address of the API KEY';
  }
  const maker = o.signatureType === 0 ? key.address : funder;
  if (o.maker.toLowerCase() !== maker.toLowerCase()) return 'invalid maker for signature type';
  if (o.signatureType === 3) return 'signature type 3 not supported by the mock';
  const { signature, ...unsigned } = o;
  let rec: Address;
  try {
    rec = await recoverTypedDataAddress({ ...orderTypedData(unsigned, kind), signature });
  } catch {
    return 'invalid signature';
  }
  return rec.toLowerCase() === o.signer.toLowerCase() ? null : 'invalid signature';
}
