import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { z } from 'zod';
import { DigestSigner } from './digestSigner.js';
import { PolymarketCredentialsError } from './errors.js';
import { decodeSecret, l2Signature } from './hmac.js';

/**
 * Signature types the adapter signs for (0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE,
 * 3 POLY_1271 deposit wallet: maker and signer are the wallet, see `depositWallet.ts`).
 */
export type SignatureType = 0 | 1 | 2 | 3;

/** Raw credential values, as read from the environment or files. */
export const CredentialsSchema = z.object({
  privateKey: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be 32 bytes of hex'),
  apiKey: z.string().min(1),
  secret: z.string().regex(/^[A-Za-z0-9+/_-]+={0,2}$/, 'must be base64'),
  passphrase: z.string().min(1),
  funder: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address')
    .optional(),
  signatureType: z.coerce
    .number()
    .pipe(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]))
});

/** Input of {@link PolymarketCredentials}. */
export type CredentialsInput = z.input<typeof CredentialsSchema>;

/** Environment variable names (each secret may come from `<NAME>_FILE` instead). */
export const CREDENTIAL_ENV = {
  privateKey: 'POLY_PRIVATE_KEY',
  apiKey: 'POLY_API_KEY',
  secret: 'POLY_API_SECRET',
  passphrase: 'POLY_API_PASSPHRASE',
  funder: 'POLY_FUNDER',
  signatureType: 'POLY_SIGNATURE_TYPE'
} as const;

const REDACTED = '[redacted]';

/**
 * Polymarket trading credentials: the signing account (private key kept only inside viem's
 * account closure), the L2 API key, secret and passphrase in private fields, the funder
 * (maker) address and signature type. Never serialized or inspected in clear: `toJSON` and
 * `util.inspect` show only the public addresses.
 */
export class PolymarketCredentials {
  /** The EOA that signs orders and owns the API key (`POLY_ADDRESS`, `order.signer`). */
  readonly address: Address;
  /** The order maker: the proxy/safe/deposit wallet for types 1/2/3, else the EOA. */
  readonly funder: Address;
  /** `order.signer`: the deposit wallet for type 3 (it validates via EIP-1271), else the EOA. */
  readonly orderSigner: Address;
  readonly signatureType: SignatureType;
  readonly #account: PrivateKeyAccount;
  readonly #digestSigner: DigestSigner;
  readonly #apiKey: string;
  readonly #passphrase: string;
  readonly #hmacKey: Buffer;
  readonly #secrets: readonly string[];

  constructor(input: CredentialsInput) {
    const r = CredentialsSchema.safeParse(input);
    if (!r.success) {
      const fields = r.error.issues.map((i) => `${i.path.join('.')} (${i.message})`);
      throw new PolymarketCredentialsError(`Polymarket credentials invalid: ${fields.join(', ')}`);
    }
    const c = r.data;
    const pk = (c.privateKey.startsWith('0x') ? c.privateKey : `0x${c.privateKey}`) as Hex;
    this.#account = privateKeyToAccount(pk);
    this.#digestSigner = new DigestSigner(pk);
    this.address = this.#account.address;
    if (c.signatureType !== 0 && c.funder === undefined) {
      throw new PolymarketCredentialsError(
        `Polymarket credentials: ${CREDENTIAL_ENV.funder} is required for ${CREDENTIAL_ENV.signatureType}=${c.signatureType} (the proxy, safe or deposit wallet address)`
      );
    }
    this.funder = (c.funder ?? this.address) as Address;
    this.orderSigner = c.signatureType === 3 ? this.funder : this.address;
    this.signatureType = c.signatureType;
    this.#apiKey = c.apiKey;
    this.#passphrase = c.passphrase;
    this.#hmacKey = decodeSecret(c.secret);
    this.#secrets = [pk, pk.slice(2), c.apiKey, c.secret, c.passphrase];
  }

  /** The API key, which is also the `owner` of every posted order. */
  get owner(): string {
    return this.#apiKey;
  }

  /** The viem account that signs orders. */
  get account(): PrivateKeyAccount {
    return this.#account;
  }

  /** The EOA's 65-byte signature of a 32-byte order digest (libsecp256k1; `digestSigner.ts`). */
  signOrderDigest(digest: Uint8Array): Hex {
    return this.#digestSigner.sign(digest);
  }

  /** The five L2 headers for one request (`timestampSec` = Unix seconds). */
  l2Headers(method: string, path: string, body: string | undefined, timestampSec: number) {
    return {
      POLY_ADDRESS: this.address,
      POLY_SIGNATURE: l2Signature(this.#hmacKey, timestampSec, method, path, body),
      POLY_TIMESTAMP: String(timestampSec),
      POLY_API_KEY: this.#apiKey,
      POLY_PASSPHRASE: this.#passphrase
    };
  }

  /** Replaces every secret value occurring in `text` (for venue messages and errors). */
  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) if (s.length >= 6) out = out.split(s).join(REDACTED);
    return out;
  }

  /** Public view only. */
  toJSON(): object {
    return { address: this.address, funder: this.funder, signatureType: this.signatureType };
  }

  /** Public view only (console, pino, util.inspect). */
  [inspect.custom](): string {
    return `PolymarketCredentials ${JSON.stringify(this.toJSON())}`;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string, readFile: (p: string) => string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file !== undefined && file !== '') return readFile(file).trim();
  const v = env[name];
  return v === undefined || v === '' ? undefined : v.trim();
}

/**
 * Loads credentials from the environment (`POLY_PRIVATE_KEY`, `POLY_API_KEY`,
 * `POLY_API_SECRET`, `POLY_API_PASSPHRASE`, optional `POLY_FUNDER`, `POLY_SIGNATURE_TYPE`
 * default 0; each may be given as `<NAME>_FILE`). Throws one startup error naming every
 * missing variable — never a value.
 */
export function loadPolymarketCredentials(
  env: Env = process.env,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')
): PolymarketCredentials {
  const v = {
    privateKey: read(env, CREDENTIAL_ENV.privateKey, readFile),
    apiKey: read(env, CREDENTIAL_ENV.apiKey, readFile),
    secret: read(env, CREDENTIAL_ENV.secret, readFile),
    passphrase: read(env, CREDENTIAL_ENV.passphrase, readFile)
  };
  const missing = (Object.keys(v) as (keyof typeof v)[])
    .filter((k) => v[k] === undefined)
    .map((k) => `${CREDENTIAL_ENV[k]} (or ${CREDENTIAL_ENV[k]}_FILE)`);
  if (missing.length > 0) {
    throw new PolymarketCredentialsError(`Polymarket credentials missing: ${missing.join(', ')}`);
  }
  const funder = read(env, CREDENTIAL_ENV.funder, readFile);
  return new PolymarketCredentials({
    privateKey: v.privateKey ?? '',
    apiKey: v.apiKey ?? '',
    secret: v.secret ?? '',
    passphrase: v.passphrase ?? '',
    signatureType: read(env, CREDENTIAL_ENV.signatureType, readFile) ?? '0',
    ...(funder === undefined ? {} : { funder })
  });
}
