import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** The fixed text of Polymarket's L1 attestation. */
export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' }
  ]
} as const;

/**
 * L1 (wallet) signature used to create or derive CLOB API credentials
 * (`POST /auth/api-key`, `GET /auth/derive-api-key`): EIP-712 over
 * `ClobAuth(address, timestamp (Unix seconds, as a string), nonce, message)` in the domain
 * `{ name: "ClobAuthDomain", version: "1", chainId }` (no verifying contract).
 */
export async function clobAuthSignature(
  privateKey: Hex,
  chainId: number,
  timestampSec: number,
  nonce = 0
): Promise<Hex> {
  const account = privateKeyToAccount(privateKey);
  return account.signTypedData({
    domain: { name: 'ClobAuthDomain', version: '1', chainId },
    types: CLOB_AUTH_TYPES,
    primaryType: 'ClobAuth',
    message: {
      address: account.address,
      timestamp: String(timestampSec),
      nonce: BigInt(nonce),
      message: CLOB_AUTH_MESSAGE
    }
  });
}

/** The L1 headers (`POLY_ADDRESS`, `POLY_SIGNATURE`, `POLY_TIMESTAMP`, `POLY_NONCE`). */
export async function l1Headers(
  privateKey: Hex,
  chainId: number,
  timestampSec: number,
  nonce = 0
): Promise<Record<string, string>> {
  return {
    POLY_ADDRESS: privateKeyToAccount(privateKey).address,
    POLY_SIGNATURE: await clobAuthSignature(privateKey, chainId, timestampSec, nonce),
    POLY_TIMESTAMP: String(timestampSec),
    POLY_NONCE: String(nonce)
  };
}
