/**
 * The two venues of a run: simulated (paper, replay) or the real adapters (`--live`).
 */
import { SimulatedVenue } from '../../adapters/venues/simulated/index.js';
import {
  CENT,
  legVenues,
  TwinlegError,
  addQty,
  cents,
  CONTRACT,
  maxQty,
  subMicros,
  type Clock,
  type Logger,
  type MarketPair,
  type VenueAdapter
} from '../../core/index.js';
import type { OpportunityRecord } from '../../adapters/feeds/jsonlFeed.js';
import type { VenueHealth } from '../../adapters/venues/common/venueHealth.js';
import type { TwinlegConfig } from '../config/schema.js';

/** The venue pair of a run. `sim` is set when both are simulated. */
export interface Venues {
  readonly kalshi: VenueAdapter;
  readonly polymarket: VenueAdapter;
  readonly sim?: { readonly kalshi: SimulatedVenue; readonly polymarket: SimulatedVenue };
  /** Live adapters' clock offset and rate-limit alarms (for the metrics). */
  readonly health?: () => readonly VenueHealth[];
  close(): Promise<void>;
}

/** Simulated venues with paper-mode latencies (Kalshi 20–80 ms, Polymarket 10–50 ms, 1.5 s settlement). */
export function paperVenues(clock: Clock, seed: number): Venues {
  const kalshi = new SimulatedVenue({
    venue: 'kalshi',
    clock,
    seed,
    latencyMs: { min: 20, max: 80 }
  });
  const polymarket = new SimulatedVenue({
    venue: 'polymarket',
    clock,
    seed: seed + 1,
    latencyMs: { min: 10, max: 50 },
    settlementLagMs: 1_500
  });
  return { kalshi, polymarket, sim: { kalshi, polymarket }, close: () => Promise.resolve() };
}

/**
 * Sets the simulated books behind a recorded opportunity: asks at the quoted price with the
 * recorded depth (default the quoted size), bids 1¢ and 3¢ below for auto-close.
 */
export function seedBooks(sim: NonNullable<Venues['sim']>, rec: OpportunityRecord): void {
  const where = legVenues(rec.arbType);
  for (const side of ['yes', 'no'] as const) {
    const price = side === 'yes' ? rec.yesPrice : rec.noPrice;
    const size = side === 'yes' ? rec.yesSize : rec.noSize;
    const depth = rec.depth?.[side] ?? size;
    const deep = maxQty(size, CONTRACT);
    const bids = [subMicros(price, CENT), subMicros(price, cents(3))]
      .filter((p) => p >= CENT)
      .map((p) => ({ price: p, qty: addQty(deep, deep) })); // twice the size, at least 2
    sim[where[side]].setBook(rec.marketId, side, {
      asks: depth > 0 ? [{ price, qty: depth }] : [],
      bids
    });
  }
}

/** Hooks a live run gives the adapters. */
export interface LiveHooks {
  /** Polymarket: the order id, known before posting (write-ahead to the ledger). */
  readonly onOrderSigned?: (clientOrderId: string, orderId: string) => void;
}

/**
 * The real adapters, credentials from the environment (throws naming missing variables,
 * never values). Polymarket is warmed up (version check, connections, exchange kinds).
 */
export async function liveVenues(
  config: TwinlegConfig,
  markets: readonly MarketPair[],
  clock: Clock,
  logger: Logger,
  hooks: LiveHooks = {}
): Promise<Venues> {
  const env = process.env;
  // Imported here: the Polymarket adapter pulls in viem, which paper runs never need.
  const [
    { KalshiAdapter, loadKalshiCredentials },
    { loadPolymarketCredentials, PolymarketAdapter }
  ] = await Promise.all([
    import('../../adapters/venues/kalshi/index.js'),
    import('../../adapters/venues/polymarket/index.js')
  ]);
  const kc = loadKalshiCredentials({ env });
  const pc = loadPolymarketCredentials(env);
  const k = config.venues.kalshi;
  const p = config.venues.polymarket;
  const kalshi = new KalshiAdapter({
    credentials: kc,
    clock,
    logger,
    baseUrl: k.baseUrl,
    timeouts: { placeMs: k.placeTimeoutMs, readMs: k.readTimeoutMs },
    maxPenaltyMs: k.maxPenaltyMs,
    maxResponseBytes: k.maxResponseBytes,
    clockSyncMs: k.clockSyncMs
  });
  const polymarket = new PolymarketAdapter({
    baseUrl: p.baseUrl,
    gammaBaseUrl: p.gammaBaseUrl,
    credentials: pc,
    clock,
    logger,
    timeoutMs: p.timeoutMs,
    lookupTimeoutMs: p.lookupTimeoutMs,
    maxPenaltyMs: p.maxPenaltyMs,
    maxResponseBytes: p.maxResponseBytes,
    clockSyncMs: p.clockSyncMs,
    ...(hooks.onOrderSigned ? { onOrderSigned: hooks.onOrderSigned } : {})
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([kalshi.close(), polymarket.close()]);
  };
  try {
    await kalshi.warm(); // opens the pool and measures Kalshi's clock (never throws)
    await polymarket.warmUp(markets);
  } catch (e) {
    await close();
    const code = e instanceof TwinlegError ? e.code : 'venue_unreachable';
    const why = e instanceof Error ? e.message : String(e);
    // A plain TwinlegError's message starts with its code, which this one repeats.
    const reason = why.startsWith(`${code}: `) ? why.slice(code.length + 2) : why;
    throw new TwinlegError(code, `Polymarket at ${p.baseUrl} is not usable: ${reason}`, {
      cause: e
    });
  }
  return { kalshi, polymarket, close, health: () => [kalshi.health(), polymarket.health()] };
}
