/**
 * The mock's own `ecrecover` of a 65-byte `r ‖ s ‖ v` signature (v = 27/28) over a 32-byte
 * digest, written apart from the adapter's signing path; the secp256k1 public-key recovery
 * itself is viem's (a declared dependency), the checks and the digest are the mock's.
 */
import { recoverAddress } from 'viem';

/**
 * The address (0x, lower case) that signed `digest`, or null when the signature is malformed
 * (length, v, r/s range) or recovers nothing.
 */
export async function ecrecover(digest: `0x${string}`, signature: string): Promise<string | null> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature) || !/^0x[0-9a-fA-F]{64}$/.test(digest)) return null;
  const v = parseInt(signature.slice(130), 16);
  if (v !== 27 && v !== 28) return null;
  try {
    const address = await recoverAddress({
      hash: digest,
      signature: signature as `0x${string}`
    });
    return address.toLowerCase();
  } catch {
    return null;
  }
}
