/**
 * Polymarket L1 (ClobAuth) signing against the published vector of the official SDK's tests
 * (venue-protocols.md §2.2): Anvil's public test key, chain 80002, ts 10000000, nonce 23.
 */
import { recoverTypedDataAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  CLOB_AUTH_MESSAGE,
  clobAuthSignature,
  l1Headers
} from '../adapters/venues/polymarket/index.js';

// Anvil/Hardhat account #0: a public, well-known test key (holds nothing anywhere real)
const ANVIL_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

describe('Polymarket L1 ClobAuth signature', () => {
  it('reproduces the published vector (0xf62319a9…aedc1b)', async () => {
    const sig = await clobAuthSignature(ANVIL_0, 80002, 10_000_000, 23);
    expect(sig.startsWith('0xf62319a9')).toBe(true);
    expect(sig.endsWith('aedc1b')).toBe(true);
    expect(sig).toHaveLength(132); // 65 bytes r‖s‖v
  });

  it('recovers to the signer, and the headers carry address, timestamp and nonce', async () => {
    const address = privateKeyToAccount(ANVIL_0).address;
    const h = await l1Headers(ANVIL_0, 137, 1_795_000_000, 0);
    expect(h).toMatchObject({
      POLY_ADDRESS: address,
      POLY_TIMESTAMP: '1795000000',
      POLY_NONCE: '0'
    });
    const recovered = await recoverTypedDataAddress({
      domain: { name: 'ClobAuthDomain', version: '1', chainId: 137 },
      types: {
        ClobAuth: [
          { name: 'address', type: 'address' },
          { name: 'timestamp', type: 'string' },
          { name: 'nonce', type: 'uint256' },
          { name: 'message', type: 'string' }
        ]
      },
      primaryType: 'ClobAuth',
      message: { address, timestamp: '1795000000', nonce: 0n, message: CLOB_AUTH_MESSAGE },
      signature: h.POLY_SIGNATURE as `0x${string}`
    });
    expect(recovered).toBe(address);
  });
});
