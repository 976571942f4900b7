/**
 * The venues' own account reads for a live run and `twinleg reconcile`: Kalshi
 * `GET /portfolio/positions` and `/portfolio/balance` (the Kalshi adapter's), Polymarket
 * `GET /balance-allowance` for each market's tokens and the pUSD collateral (its own read-only
 * client). Positions come back by market id; tickers and tokens outside the markets file are
 * not compared. Credentials come from the environment exactly as `run --live` loads them.
 */
import type { HoldingsReads } from '../../actors/account/index.js';
import type { Clock, Logger, MarketPair, Micros, Qty } from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';

/** Pause between two Polymarket position reads (at most 5 authenticated GETs/s from them). */
export const POLY_READ_PACE_MS = 200;

/** What the account watch reads of the venues (each read throws when it fails). */
export interface AccountReads extends HoldingsReads {
  readonly cash: {
    readonly kalshi?: () => Promise<Micros>;
    readonly polymarket?: () => Promise<Micros>;
  };
  close(): Promise<void>;
}

/** The Kalshi adapter's account reads (structural, so a run passes its own adapter). */
export interface KalshiAccount {
  balance(signal?: AbortSignal): Promise<{ readonly balance: Micros }>;
  positions(signal?: AbortSignal, ticker?: string): Promise<Map<string, Qty>>;
}

/** True when `v` has the Kalshi adapter's account reads. */
export function isKalshiAccount(v: unknown): v is KalshiAccount {
  const o = v as Partial<KalshiAccount> | null;
  return typeof o?.balance === 'function' && typeof o.positions === 'function';
}

/**
 * Account reads over the live venues. `kalshi`: the run's adapter (absent: one is built from
 * the environment's credentials). Polymarket always gets its own one-connection client.
 */
export async function liveAccountReads(o: {
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly clock: Clock;
  readonly log: Logger;
  readonly kalshi?: KalshiAccount;
  readonly env?: NodeJS.ProcessEnv;
}): Promise<AccountReads> {
  const env = o.env ?? process.env;
  const [kalshiMod, polyMod, accountMod] = await Promise.all([
    import('../../adapters/venues/kalshi/index.js'),
    import('../../adapters/venues/polymarket/index.js'),
    import('../../adapters/venues/polymarket/account.js')
  ]);
  const k = o.config.venues.kalshi;
  const p = o.config.venues.polymarket;
  const own = o.kalshi
    ? undefined
    : new kalshiMod.KalshiAdapter({
        credentials: kalshiMod.loadKalshiCredentials({ env }),
        clock: o.clock,
        logger: o.log,
        baseUrl: k.baseUrl,
        connections: 1,
        timeouts: { readMs: k.readTimeoutMs },
        maxResponseBytes: k.maxResponseBytes
      });
  const kalshi: KalshiAccount = o.kalshi ?? (own as KalshiAccount);
  const poly = new accountMod.PolymarketAccount({
    baseUrl: p.baseUrl,
    credentials: polyMod.loadPolymarketCredentials(env),
    timeoutMs: p.lookupTimeoutMs,
    maxResponseBytes: p.maxResponseBytes,
    paceMs: POLY_READ_PACE_MS
  });
  const byTicker = new Map(o.markets.map((m) => [m.kalshiTicker, m.marketId]));
  return {
    kalshi: async () => {
      const out = new Map<number, Qty>();
      for (const [ticker, net] of await kalshi.positions()) {
        const id = byTicker.get(ticker);
        if (id !== undefined) out.set(id, net);
      }
      return out;
    },
    polymarket: () => poly.holdings(o.markets),
    cash: {
      kalshi: async () => (await kalshi.balance()).balance,
      polymarket: () => poly.balance()
    },
    close: async () => {
      await Promise.allSettled([poly.close(), own?.close()]);
    }
  };
}
