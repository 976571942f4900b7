/**
 * The checks of `twinleg doctor`. Each answers ok (✓), failed (✗) or skipped (–) with one line
 * of detail and a hint; none ever prints a secret.
 */
import { NanoClock } from '../../actors/nanoClock.js';
import { KALSHI_ENV, loadKalshiCredentials } from '../../adapters/venues/kalshi/index.js';
import { ExchangeDirectory } from '../../adapters/venues/polymarket/marketInfo.js';
import type { MarketPair } from '../../core/index.js';
import { ClockOffset } from '../../adapters/venues/common/clockOffset.js';
import { USER_AGENT } from '../../adapters/venues/common/userAgent.js';
import type { TwinlegConfig } from '../config/schema.js';
import { loadMarkets } from '../context.js';
import { describeError } from '../errors.js';
import { openLedger } from '../ledger.js';

/** One check's verdict. */
export interface Check {
  readonly name: string;
  readonly ok: boolean | null;
  readonly detail: string;
  readonly hint?: string;
}

type Env = Readonly<Record<string, string | undefined>>;
const set = (env: Env, n: string) => Boolean(env[n] || env[`${n}_FILE`]);
const fail = (name: string, e: unknown, hint?: string): Check => ({
  name,
  ok: false,
  detail: describeError(e).message,
  hint: hint ?? describeError(e).hint
});

/** The markets file. */
export function checkMarkets(config: TwinlegConfig, live: boolean): Check {
  if (!config.paths.markets && !live)
    return {
      name: 'markets',
      ok: null,
      detail: 'no markets file (paper mode uses the demo markets)'
    };
  try {
    const { markets, source } = loadMarkets(config, live);
    return { name: 'markets', ok: true, detail: `${markets.length} market pairs in ${source}` };
  } catch (e) {
    return fail('markets', e);
  }
}

/** Kalshi credentials: presence and format (an RSA key that parses). */
export function checkKalshi(env: Env, live: boolean): Check {
  const any = Boolean(env[KALSHI_ENV.keyId] || env[KALSHI_ENV.keyPem] || env[KALSHI_ENV.keyPath]);
  if (!any && !live)
    return { name: 'kalshi credentials', ok: null, detail: 'not set (needed for --live)' };
  try {
    const c = loadKalshiCredentials({ env });
    const bits = c.privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    return {
      name: 'kalshi credentials',
      ok: true,
      detail: `key id set, RSA ${bits}-bit private key parses`
    };
  } catch (e) {
    return fail('kalshi credentials', e);
  }
}

/** Polymarket credentials: presence and format (key, base64 secret, signature type, funder). */
export async function checkPolymarket(env: Env, live: boolean): Promise<Check> {
  const { CREDENTIAL_ENV, loadPolymarketCredentials } =
    await import('../../adapters/venues/polymarket/index.js');
  const any = Object.values(CREDENTIAL_ENV).some((n) => set(env, n));
  if (!any && !live)
    return { name: 'polymarket credentials', ok: null, detail: 'not set (needed for --live)' };
  try {
    const c = loadPolymarketCredentials(env);
    const wallet =
      c.signatureType === 3
        ? ` (deposit wallet ${c.funder} is maker and order signer; the API key must belong to ${c.address})`
        : c.signatureType === 0
          ? ''
          : `, funder ${c.funder}`;
    return {
      name: 'polymarket credentials',
      ok: true,
      detail: `signer ${c.address}, signature type ${c.signatureType}${wallet}`
    };
  } catch (e) {
    return fail('polymarket credentials', e);
  }
}

/** The ledger's health (`--db`). */
export async function checkLedger(config: TwinlegConfig): Promise<Check> {
  if (!config.paths.db) return { name: 'ledger', ok: null, detail: 'no --db given' };
  try {
    const ledger = await openLedger(config.paths.db, { clock: new NanoClock(), readonly: true });
    try {
      const h = ledger.health();
      const detail = `${h.file}: schema v${h.schemaVersion}, journal ${h.journalMode}, integrity ${h.integrity}`;
      return h.ok
        ? { name: 'ledger', ok: true, detail }
        : {
            name: 'ledger',
            ok: false,
            detail,
            hint: 'restore from a backup, or move the file away to start fresh'
          };
    } finally {
      ledger.close();
    }
  } catch (e) {
    // Not "`twinleg doctor --db` checks its health" from inside doctor itself.
    return fail(
      'ledger',
      e,
      describeError(e).hint.replace(/; `(npx )?twinleg doctor [^`]*`.*$/, '')
    );
  }
}

/** Largest tolerated clock skew, ms (the venues reject signatures a few seconds off). */
export const MAX_SKEW_MS = 2_000;

async function timedGet(
  url: string
): Promise<{ res: Response; offsetOf: (serverMs: number) => number }> {
  const sentMs = Date.now();
  const res = await fetch(url, {
    signal: AbortSignal.timeout(5_000),
    headers: { 'user-agent': USER_AGENT }
  });
  const receivedMs = Date.now();
  // the adapters' estimator: the venue read its clock (whole seconds) between send and receipt
  const offsetOf = (serverMs: number): number =>
    new ClockOffset().add({ serverMs, resolutionMs: 1_000, sentMs, receivedMs }) ?? NaN;
  return { res, offsetOf };
}

function skewCheck(name: string, url: string, skewMs: number, what: string): Check {
  const ok = Math.abs(skewMs) <= MAX_SKEW_MS;
  return {
    name,
    ok,
    detail: `${url} reachable; clock skew ${Math.round(skewMs)} ms (venue − local, ${what}; applied to signed timestamps)`,
    ...(ok ? {} : { hint: 'synchronize the system clock (NTP); signed requests are time-stamped' })
  };
}

/** Kalshi reachability and clock skew from the `Date` header (1 s resolution). */
export async function checkKalshiReach(baseUrl: string): Promise<Check> {
  const name = 'kalshi reachability';
  try {
    const { res, offsetOf } = await timedGet(`${baseUrl}/exchange/status`);
    const date = res.headers.get('date');
    await res.body?.cancel();
    if (!date)
      return {
        name,
        ok: false,
        detail: `${baseUrl}: HTTP ${res.status} without a Date header`,
        hint: 'check KALSHI_API_BASE_URL'
      };
    return skewCheck(name, baseUrl, offsetOf(Date.parse(date)), `Date header, HTTP ${res.status}`);
  } catch (e) {
    return {
      name,
      ok: false,
      detail: `${baseUrl} unreachable: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'check the network and KALSHI_API_BASE_URL'
    };
  }
}

/** Polymarket reachability and clock skew from `GET /time` (Unix seconds). */
export async function checkPolymarketReach(baseUrl: string): Promise<Check> {
  const name = 'polymarket reachability';
  try {
    const { res, offsetOf } = await timedGet(`${baseUrl}/time`);
    const text = await res.text();
    const sec = Number(text.trim());
    if (!res.ok || !Number.isFinite(sec))
      return {
        name,
        ok: false,
        detail: `${baseUrl}/time answered HTTP ${res.status}`,
        hint: 'check TWINLEG_VENUES_POLYMARKET_BASE_URL'
      };
    return skewCheck(name, baseUrl, offsetOf(sec * 1000), 'GET /time');
  } catch (e) {
    return {
      name,
      ok: false,
      detail: `${baseUrl} unreachable: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'check the network and TWINLEG_VENUES_POLYMARKET_BASE_URL'
    };
  }
}

/**
 * The exchange of every Polymarket token of `markets` without `polyExchange`, discovered from
 * the CLOB as `run --live` does at startup (`GET /markets-by-token`, `GET /markets`), then from
 * Gamma when given and the CLOB proves nothing. Fails
 * naming the first token that cannot be proven and the `polyExchange` override.
 */
export async function checkPolymarketExchanges(
  baseUrl: string,
  markets: readonly MarketPair[],
  gammaBaseUrl?: string
): Promise<Check> {
  const name = 'polymarket exchanges';
  const getter = (origin: string) => async (path: string) => {
    const res = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, text: await res.text() };
  };
  const gamma = gammaBaseUrl === undefined ? undefined : getter(gammaBaseUrl);
  const dir = new ExchangeDirectory(getter(baseUrl), {}, gamma);
  const count = { standard: 0, 'neg-risk': 0, v3: 0 };
  let configured = 0;
  try {
    for (const m of markets) {
      if (m.polyExchange) {
        configured += 1;
        continue;
      }
      for (const t of [m.polyYesTokenId, m.polyNoTokenId]) count[await dir.kindOf(t)] += 1;
    }
  } catch (e) {
    return {
      name,
      ok: false,
      detail: e instanceof Error ? e.message : String(e),
      hint: 'check the token ids, or set polyExchange for that pair in the markets file'
    };
  }
  const found = Object.entries(count).map(([k, n]) => `${n} ${k}`);
  return {
    name,
    ok: true,
    detail: `tokens discovered: ${found.join(', ')}; ${configured} pair(s) set by polyExchange`
  };
}

/** {@link checkPolymarketExchanges} for the configured markets (skipped when they do not load). */
export async function polymarketExchanges(config: TwinlegConfig): Promise<Check> {
  let markets: MarketPair[];
  try {
    markets = loadMarkets(config, true).markets;
  } catch {
    return { name: 'polymarket exchanges', ok: null, detail: 'skipped (no usable markets file)' };
  }
  const p = config.venues.polymarket;
  return checkPolymarketExchanges(p.baseUrl, markets, p.gammaBaseUrl);
}
