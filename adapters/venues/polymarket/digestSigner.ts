/**
 * secp256k1 signing of a 32-byte digest (an order's EIP-712 hash) with libsecp256k1, compiled
 * to WebAssembly by `tiny-secp256k1` (bitcoinjs): RFC 6979 deterministic nonces, low-S, the
 * library's built-in precomputed generator tables, constant-time scalar multiplication. The
 * same signature viem (`@noble/curves`) makes for the same key and digest, byte for byte, at
 * less than half its cost: noble's constant-time multiplication by the generator alone takes
 * longer than this whole signature (see bench/README.md, "Signing").
 * @packageDocumentation
 */
import { isPrivate, signRecoverable } from 'tiny-secp256k1';
import type { Hex } from 'viem';
import { PolymarketCredentialsError } from './errors.js';

/**
 * Holds one private key (in a private field; never serialized) and signs digests with it.
 * Signatures are `r ‖ s ‖ v` with `v` = 27 + the parity of R's y, as Ethereum's `ecrecover`
 * and viem's `sign` produce them.
 */
export class DigestSigner {
  readonly #key: Uint8Array;

  /** `privateKey`: 32 bytes of hex, with or without 0x. Throws unless a valid secp256k1 key. */
  constructor(privateKey: string) {
    const h = privateKey.startsWith('0x') ? privateKey.slice(2) : privateKey;
    const key = /^[0-9a-fA-F]{64}$/.test(h) ? Uint8Array.from(Buffer.from(h, 'hex')) : undefined;
    if (key === undefined || !isPrivate(key)) {
      throw new PolymarketCredentialsError('Polymarket private key is not a secp256k1 key');
    }
    this.#key = key;
  }

  /** The 65-byte recoverable signature of `digest` (32 bytes), 0x-hex. */
  sign(digest: Uint8Array): Hex {
    const { signature, recoveryId } = signRecoverable(digest, this.#key);
    const v = (recoveryId & 1) === 0 ? '1b' : '1c';
    return `0x${Buffer.from(signature.buffer, signature.byteOffset, 64).toString('hex')}${v}`;
  }

  /** Nothing of the key. */
  toJSON(): object {
    return {};
  }
}
