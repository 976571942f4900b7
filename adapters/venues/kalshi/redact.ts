/**
 * Keeps credentials out of reasons. Venue error text reaches outcomes, the ledger and logs, and
 * a venue (or a proxy in front of it) may reflect what we sent: the API key id, the signature,
 * the `KALSHI-ACCESS-*` headers. {@link redactSecrets} removes the exact values we sent and
 * anything shaped like a credential.
 */

/** What replaces a removed value. */
export const REDACTED = '[redacted]';

/** Shortest exact value worth replacing (shorter ones would shred ordinary text). */
const MIN_EXACT = 6;

/** Credential shapes, applied in order; each replacement keeps any label it matched. */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // a PEM block, or what is left of one when the text was cut
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, REDACTED],
  // `KALSHI-ACCESS-KEY: …`, `"KALSHI-ACCESS-SIGNATURE":"…"`, `kalshi_access_timestamp=…`
  [
    /(kalshi[-_ ]?access[-_ ]?(?:key|signature|timestamp)["']?\s*[:=]?\s*["']?)[^\s"',;}\]]+/gi,
    `$1${REDACTED}`
  ],
  // a labelled key id or signature whose value has a digit (`key id 3f2c…`, `signature=…`)
  [
    /((?:api[-_ ]?)?key[-_ ]?id|api[-_ ]?key|access[-_ ]?key|signature)(["']?\s*[:= ]\s*["']?)(?=[\w+/=-]*\d)[\w+/=-]{8,}/gi,
    `$1$2${REDACTED}`
  ],
  // a UUID (Kalshi key ids are UUIDs)
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, REDACTED],
  // a long base64 / base64url / hex run (an RSA-PSS signature is 344 base64 chars)
  [/[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED]
];

/**
 * `text` without the `known` values (exact, e.g. the auth header values of the request that
 * was answered) and without anything that looks like a credential: PEM blocks, `KALSHI-ACCESS-*`
 * header values, labelled key ids and signatures, UUIDs and long base64 runs.
 */
export function redactSecrets(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const v of known) if (v.length >= MIN_EXACT) out = out.split(v).join(REDACTED);
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out;
}

/** Just the exact `known` values removed (cheap; for whole response bodies). */
export function redactKnown(text: string, known: Iterable<string>): string {
  let out = text;
  for (const v of known)
    if (v.length >= MIN_EXACT && out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}
