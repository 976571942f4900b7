/**
 * Which exchange contract a token trades on, read from the CLOB's market data and cached.
 *
 * What the official SDK does (`@polymarket/clob-client-v2@1.1.0`, `dist/client.js`,
 * `dist/order-builder/helpers/createOrder.js` / `createMarketOrder.js`) [official]:
 * - The exchange is `f(orderVersion, negRisk)`: version 2 → `negRisk ? negRiskExchangeV2 :
 *   exchangeV2`; version 3 → `exchangeV3` (domain "3"). The version is server-wide
 *   (`GET /version`, cached, re-read after `order_version_mismatch`), not per market;
 *   `createExchangeV3OrderFromAmounts` is the caller's explicit choice of ExchangeV3.
 * - `negRisk` comes from the compact market info: `GET /markets-by-token/{tokenId}` →
 *   `condition_id`, then `GET /clob-markets/{conditionId}` → `nr` (missing read as false) for
 *   every token in `t[].t`; without a known condition, `GET /neg-risk?token_id=` → `neg_risk`.
 * - The compact info carries no market version (SDK `MarketDetails` type; docs.polymarket.com
 *   `api-reference/markets/get-clob-market-info` example), so the SDK alone cannot tell a
 *   Protocol V2 market from a CTF one.
 *
 * What decides a Protocol V2 market: its `version` — `"v2"` trades position ids on ExchangeV3
 * (domain "3"), `"v1"` CTF token ids on the V2 pair (docs.polymarket.com
 * `migrate/polymarket-v2/api-integrations`: "Reject missing or unsupported versions")
 * [official, on the Gamma market]. The CLOB's full market `GET /markets/{conditionId}` carries
 * the same `version` string next to `neg_risk` and `tokens[].token_id` (nautilus_polymarket
 * `ClobMarketResponse.version`) [community].
 *
 * So a token is resolved with the SDK's `GET /markets-by-token/{tokenId}` → `condition_id`,
 * then `GET /markets/{conditionId}` → `version`, `neg_risk`, `tokens`. The answer must list the
 * token, `neg_risk` must be a boolean and `version` `"v1"` or `"v2"`. When that pair proves
 * nothing (HTTP error, missing or unknown field), the official source is asked: the Gamma market
 * (`gammaMarket.ts`: `GET /markets?clob_token_ids=` then `?position_ids=`, its `version` and
 * `negRisk`; sources there). Only when neither proves the version does discovery fail — never a
 * default exchange.
 * @packageDocumentation
 */
import { TwinlegError } from '../../../core/index.js';
import type { ExchangeKind } from './constants.js';
import { gammaKindsOf, gammaPaths, type ClobHint } from './gammaMarket.js';

/** Fetches one public path (GET, with its query) and returns status and body text. */
export type MarketGet = (
  path: string
) => Promise<{ readonly status: number; readonly text: string }>;

/** A token's exchange could not be proven (`venue_protocol`): the order must not be signed. */
export class ExchangeDiscoveryError extends TwinlegError {
  constructor(
    readonly tokenId: string,
    /** What was missing or wrong (the parenthesis of the message). */
    readonly why: string
  ) {
    super(
      'venue_protocol',
      `exchange of Polymarket token ${tokenId} unknown (${why}); set polyExchange ("standard", "neg-risk" or "v3") for its pair in the markets file`
    );
    this.name = 'ExchangeDiscoveryError';
  }
}

const obj = (text: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads a `GET /markets/{conditionId}` answer into the exchange of each listed token.
 * Throws {@link ExchangeDiscoveryError} (for `tokenId`) when the answer proves nothing.
 */
export function exchangeKindsOf(tokenId: string, text: string): Map<string, ExchangeKind> {
  const m = obj(text);
  if (!m) throw new ExchangeDiscoveryError(tokenId, 'market answer is not a JSON object');
  const tokens = Array.isArray(m.tokens) ? m.tokens : [];
  const ids = tokens
    .map((t: unknown) => (t as { token_id?: unknown } | null)?.token_id)
    .filter((t): t is string => typeof t === 'string' && /^\d+$/.test(t));
  if (!ids.includes(tokenId))
    throw new ExchangeDiscoveryError(tokenId, 'market answer does not list the token');
  if (typeof m.neg_risk !== 'boolean')
    throw new ExchangeDiscoveryError(tokenId, 'market answer has no boolean neg_risk');
  let kind: ExchangeKind;
  if (m.version === 'v2') kind = 'v3';
  else if (m.version === 'v1') kind = m.neg_risk ? 'neg-risk' : 'standard';
  else throw new ExchangeDiscoveryError(tokenId, `market version ${JSON.stringify(m.version)}`);
  return new Map(ids.map((t) => [t, kind]));
}

/**
 * Exchange per token: configured kinds first, else discovered once and cached — from the CLOB
 * pair, or from Gamma when that pair proves nothing (every token of the answered market is
 * cached; concurrent asks share one lookup). A failed lookup is not cached, so the next order
 * asks again. Without `gamma` only the CLOB is asked.
 */
export class ExchangeDirectory {
  private readonly known = new Map<string, ExchangeKind>();
  private readonly inFlight = new Map<string, Promise<ExchangeKind>>();

  constructor(
    private readonly get: MarketGet,
    configured: Readonly<Record<string, ExchangeKind>> = {},
    private readonly gamma?: MarketGet
  ) {
    for (const [t, k] of Object.entries(configured)) this.known.set(t, k);
  }

  /** The cached kind of `tokenId`, if any. */
  peek(tokenId: string): ExchangeKind | undefined {
    return this.known.get(tokenId);
  }

  /** The exchange of `tokenId`; throws {@link ExchangeDiscoveryError} when unproven. */
  kindOf(tokenId: string): Promise<ExchangeKind> {
    const k = this.known.get(tokenId);
    if (k) return Promise.resolve(k);
    let p = this.inFlight.get(tokenId);
    if (!p) {
      p = this.discover(tokenId).finally(() => this.inFlight.delete(tokenId));
      this.inFlight.set(tokenId, p);
    }
    return p;
  }

  private async discover(tokenId: string): Promise<ExchangeKind> {
    const hint: { conditionId?: string; negRisk?: boolean } = {};
    let kinds: Map<string, ExchangeKind>;
    try {
      kinds = await this.fromClob(tokenId, hint);
    } catch (e) {
      if (!(e instanceof ExchangeDiscoveryError) || this.gamma === undefined) throw e;
      kinds = await this.fromGamma(this.gamma, tokenId, hint, e.why);
    }
    for (const [t, k] of kinds) if (!this.known.has(t)) this.known.set(t, k);
    return kinds.get(tokenId) as ExchangeKind;
  }

  private async fromClob(
    tokenId: string,
    hint: { conditionId?: string; negRisk?: boolean }
  ): Promise<Map<string, ExchangeKind>> {
    const byToken = await this.fetch(
      this.get,
      tokenId,
      `/markets-by-token/${encodeURIComponent(tokenId)}`,
      'markets-by-token'
    );
    const cid = obj(byToken)?.condition_id;
    if (typeof cid !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(cid))
      throw new ExchangeDiscoveryError(tokenId, 'markets-by-token answer has no condition_id');
    hint.conditionId = cid;
    const text = await this.fetch(this.get, tokenId, `/markets/${cid}`, 'markets');
    const negRisk = obj(text)?.neg_risk;
    if (typeof negRisk === 'boolean') hint.negRisk = negRisk;
    return exchangeKindsOf(tokenId, text);
  }

  /** Gamma's answer, asked after the CLOB failed with `clobWhy`; both reasons when it fails. */
  private async fromGamma(
    gamma: MarketGet,
    tokenId: string,
    hint: ClobHint,
    clobWhy: string
  ): Promise<Map<string, ExchangeKind>> {
    let why = '';
    for (const path of gammaPaths(tokenId)) {
      let text: string;
      try {
        text = await this.fetch(gamma, tokenId, path, 'markets', 'Gamma ');
      } catch (e) {
        why = e instanceof ExchangeDiscoveryError ? e.why : String(e);
        break;
      }
      const v = gammaKindsOf(tokenId, text, hint);
      if (v.ok) return v.kinds;
      why = v.why;
      if (!v.unlisted) break;
    }
    throw new ExchangeDiscoveryError(tokenId, `${clobWhy}; ${why}`);
  }

  private async fetch(get: MarketGet, tokenId: string, path: string, name: string, src = '') {
    let res: { status: number; text: string };
    try {
      res = await get(path);
    } catch (e) {
      throw new ExchangeDiscoveryError(
        tokenId,
        `${src}GET ${src ? '/' : ''}${name} failed: ${e instanceof Error ? e.message : String(e)}`
      );
    }
    if (res.status !== 200)
      throw new ExchangeDiscoveryError(tokenId, `${src}GET /${name} answered HTTP ${res.status}`);
    return res.text;
  }
}
