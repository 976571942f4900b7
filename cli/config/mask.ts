/**
 * Masking for anything printed: secrets are never shown, only whether they are set.
 */

/** Keys whose values are secrets (case-insensitive, anywhere in the name). */
export const SECRET_KEY = /(secret|passphrase|private[_-]?key|pem|password|api[_-]?key)/i;

/** What a secret is shown as. */
export function maskValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(not set)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return `****** (set, ${text.length} chars)`;
}

/** A deep copy of `value` with every secret-named key's value masked. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && !/_?(path|file)$/i.test(k) ? maskValue(v) : maskSecrets(v);
  }
  return out;
}

/** Credential variables the live adapters read, in print order. */
export const CREDENTIAL_VARIABLES = [
  'KALSHI_API_KEY_ID',
  'KALSHI_PRIVATE_KEY_PEM',
  'KALSHI_PRIVATE_KEY_PATH',
  'POLY_PRIVATE_KEY',
  'POLY_API_KEY',
  'POLY_API_SECRET',
  'POLY_API_PASSPHRASE',
  'POLY_FUNDER',
  'POLY_SIGNATURE_TYPE'
] as const;

const PUBLIC = new Set(['KALSHI_PRIVATE_KEY_PATH', 'POLY_FUNDER', 'POLY_SIGNATURE_TYPE']);

/** Each credential variable (and its `_FILE` form) as it may be printed: masked or public. */
export function credentialView(
  env: Readonly<Record<string, string | undefined>>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CREDENTIAL_VARIABLES) {
    const v = env[name];
    const file = env[`${name}_FILE`];
    if (file) out[`${name}_FILE`] = file;
    if (v === undefined || v === '') {
      if (!file) out[name] = '(not set)';
      continue;
    }
    out[name] = PUBLIC.has(name) ? v : maskValue(v);
  }
  return out;
}
