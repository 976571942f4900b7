/**
 * The mock's own `ecrecover` of a 65-byte `r ‖ s ‖ v` signature (v = 27/28) over a 32-byte
 * digest, on secp256k1 directly: written apart from the adapter's signing path.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * The address (0x, lower case) that signed `digest`, or null when the signature is malformed
 * (length, v, r/s range) or recovers nothing.
 */
export function ecrecover(digest: `0x${string}`, signature: string): string | null {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature) || !/^0x[0-9a-fA-F]{64}$/.test(digest)) return null;
  const raw = Buffer.from(signature.slice(2), 'hex');
  const v = raw[64] ?? 0;
  if (v !== 27 && v !== 28) return null;
  try {
    const sig = secp256k1.Signature.fromCompact(raw.subarray(0, 64)).addRecoveryBit(v - 27);
    const pub = sig.recoverPublicKey(Buffer.from(digest.slice(2), 'hex')).toRawBytes(false);
    const addr = keccak_256(pub.subarray(1)).subarray(12);
    return `0x${Buffer.from(addr).toString('hex')}`;
  } catch {
    return null;
  }
}
