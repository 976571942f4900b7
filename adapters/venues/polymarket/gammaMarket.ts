/**
 * The exchange of a token read from Polymarket's Gamma market data: the official selection rule
 * of Protocol V2.
 *
 * Sources:
 * - docs.polymarket.com `migrate/polymarket-v2/api-integrations` ("Select the Trading ID")
 *   [official]: a Gamma market's `version` decides; `"v2"` → the outcome ids are `positionIds`
 *   (an array of decimal strings) on ExchangeV3, `"v1"` → `clobTokenIds` (a JSON-encoded array of
 *   decimal strings) on the CTF Exchange V2 pair; "choose the ID field by version, even when
 *   both fields are present"; "reject missing or unsupported versions … and missing or
 *   non-decimal IDs". `negRisk` (boolean) picks the V2 pair's neg-risk exchange.
 * - The list route and its filters: the official Python SDK (`Polymarket/py-sdk`,
 *   `_internal/actions/gamma.py` `list_markets_spec`) filters markets by `clob_token_ids` and
 *   by `position_ids`; the official TypeScript SDK (`Polymarket/ts-sdk`, `bindings/src/gamma/
 *   market.ts`) reads `GET /markets` as an array of markets with `conditionId`, `negRisk`,
 *   `clobTokenIds` (JSON text) and `positionIds` [official].
 *
 * So a token is looked up with `GET /markets?clob_token_ids=<token>`, and when no market there
 * lists it, `GET /markets?position_ids=<token>`. Exactly one market must list the token, in
 * the id field its `version` selects; anything else proves nothing.
 * @packageDocumentation
 */
import type { ExchangeKind } from './constants.js';

/** Gamma's production origin. */
export const GAMMA_PROD_URL = 'https://gamma-api.polymarket.com';

/** The Gamma paths asked for `tokenId`, in order. */
export const gammaPaths = (tokenId: string): readonly string[] => [
  `/markets?clob_token_ids=${encodeURIComponent(tokenId)}`,
  `/markets?position_ids=${encodeURIComponent(tokenId)}`
];

/** What one Gamma answer proves about a token. */
export type GammaVerdict =
  /** The token's exchange, and the exchange of every id of its market's trading field. */
  | { readonly ok: true; readonly kinds: Map<string, ExchangeKind> }
  /** No market of this answer lists the token (ask the next path). */
  | { readonly ok: false; readonly unlisted: true; readonly why: string }
  /** The answer lists the token but proves nothing: discovery fails with `why`. */
  | { readonly ok: false; readonly unlisted: false; readonly why: string };

/** Decimal ids of a Gamma id field (JSON text or array); undefined when absent or malformed. */
function idsOf(v: unknown): string[] | undefined {
  let a: unknown = v;
  if (typeof v === 'string') {
    try {
      a = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(a)) return undefined;
  return a.every((x) => typeof x === 'string' && /^\d+$/.test(x)) ? (a as string[]) : undefined;
}

/** Facts the CLOB already gave about the token's market (used only to cross-check or fill). */
export interface ClobHint {
  readonly conditionId?: string;
  readonly negRisk?: boolean;
}

/**
 * Reads a Gamma `GET /markets?…` answer (an array of markets) for `tokenId`. `hint` holds what
 * the CLOB proved about the market: its condition id must agree with Gamma's, and its
 * `neg_risk` stands in when Gamma's `negRisk` is missing.
 */
export function gammaKindsOf(tokenId: string, text: string, hint: ClobHint = {}): GammaVerdict {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, unlisted: false, why: 'Gamma answer is not JSON' };
  }
  if (!Array.isArray(v)) return { ok: false, unlisted: false, why: 'Gamma answer is not an array' };
  const listing = v.filter((m): m is Record<string, unknown> => {
    if (typeof m !== 'object' || m === null) return false;
    const r = m as Record<string, unknown>;
    return [r.clobTokenIds, r.positionIds].some((f) => idsOf(f)?.includes(tokenId) === true);
  });
  const m = listing[0];
  if (m === undefined) return { ok: false, unlisted: true, why: 'no Gamma market lists the token' };
  if (listing.length > 1)
    return { ok: false, unlisted: false, why: `${listing.length} Gamma markets list the token` };
  const cid = m.conditionId;
  if (
    hint.conditionId !== undefined &&
    typeof cid === 'string' &&
    cid.toLowerCase() !== hint.conditionId.toLowerCase()
  )
    return { ok: false, unlisted: false, why: `Gamma conditionId ${cid} is not the CLOB's` };
  const field = m.version === 'v2' ? 'positionIds' : m.version === 'v1' ? 'clobTokenIds' : null;
  if (field === null)
    return { ok: false, unlisted: false, why: `Gamma version ${JSON.stringify(m.version)}` };
  const ids = idsOf(m[field]);
  if (ids?.includes(tokenId) !== true)
    return {
      ok: false,
      unlisted: false,
      why: `the token is not in the ${field} of the Gamma ${field === 'positionIds' ? 'v2' : 'v1'} market`
    };
  let kind: ExchangeKind = 'v3';
  if (m.version === 'v1') {
    const negRisk = typeof m.negRisk === 'boolean' ? m.negRisk : hint.negRisk;
    if (negRisk === undefined)
      return { ok: false, unlisted: false, why: 'Gamma v1 market has no boolean negRisk' };
    kind = negRisk ? 'neg-risk' : 'standard';
  }
  return { ok: true, kinds: new Map(ids.map((t) => [t, kind])) };
}
