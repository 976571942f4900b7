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
  type Venue,
  type VenueAdapter
} from '../../core/index.js';
import type { OpportunityRecord } from '../../adapters/feeds/jsonlFeed.js';
import type { DispatchedOrder } from '../../adapters/ledger/index.js';
import type { VenueHealth } from '../../adapters/venues/common/venueHealth.js';
import type { MarketStateRead } from '../../actors/lifecycle/marketWatch.js';
import type { VenuePaid } from '../../actors/lifecycle/settler.js';
import type { TwinlegConfig } from '../config/schema.js';

/** The venue pair of a run. `sim` is set when both are simulated. */
export interface Venues {
  readonly kalshi: VenueAdapter;
  readonly polymarket: VenueAdapter;
  readonly sim?: { readonly kalshi: SimulatedVenue; readonly polymarket: SimulatedVenue };
  /** Live adapters' clock offset and rate-limit alarms (for the metrics). */
  readonly health?: () => readonly VenueHealth[];
  /** How the venues tell each market's life (absent: markets never close, e.g. file replays). */
  readonly lifecycle?: VenueLifecycle;
  close(): Promise<void>;
}

/** A run's reads of market states and of what the venues paid at resolution. */
export interface VenueLifecycle {
  readonly read: MarketStateRead;
  readonly venuePaid: Partial<Record<Venue, VenuePaid>>;
}

/**
 * Simulated venues with paper-mode latencies (Kalshi 20–80 ms, Polymarket 10–50 ms, 1.5 s
 * settlement). With `lifetimeMs`, markets live seeded recurring lives (open, closed, resolved,
 * open again) and the venues answer their states and settlements.
 */
export function paperVenues(clock: Clock, seed: number, lifetimeMs?: number): Venues {
  const lifecycle = lifetimeMs === undefined ? {} : { lifecycle: { lifetimeMs, seed } };
  const kalshi = new SimulatedVenue({
    venue: 'kalshi',
    clock,
    seed,
    latencyMs: { min: 20, max: 80 },
    ...lifecycle
  });
  const polymarket = new SimulatedVenue({
    venue: 'polymarket',
    clock,
    seed: seed + 1,
    latencyMs: { min: 10, max: 50 },
    settlementLagMs: 1_500,
    ...lifecycle
  });
  const sim = { kalshi, polymarket };
  return {
    kalshi,
    polymarket,
    sim,
    ...(lifetimeMs === undefined
      ? {}
      : {
          lifecycle: {
            read: (m, v) => Promise.resolve(sim[v].marketState(m.marketId)),
            venuePaid: {
              kalshi: (m, _v, close) => Promise.resolve(kalshi.settlementPaid(m.marketId, close))
            }
          }
        }),
    close: () => Promise.resolve()
  };
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

/** Hooks a live run gives the adapters (see `ledgerWiring.ts` `liveHooks`). */
export interface LiveHooks {
  /**
   * Polymarket: the order id and signing time, before the order can be posted (write-ahead to
   * the ledger: its dispatch record). Throwing: the order is not posted.
   */
  readonly onOrderSigned?: (clientOrderId: string, orderId: string, signedWallMs: number) => void;
  /** Kalshi: the order is about to be written to the socket. Throwing: it is not sent. */
  readonly onOrderDispatched?: (clientOrderId: string, wallMs: number) => void;
  /**
   * Orders a previous process dispatched and never resolved (the ledger's recovery): each is
   * handed to its adapter's `recall` before any execution resumes, so "not found" becomes final
   * after the venue's window (Kalshi: consistency window; Polymarket: settlement window).
   */
  readonly recall?: readonly DispatchedOrder[];
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
    { KalshiAdapter, loadKalshiCredentials, KALSHI_CONSISTENCY_WINDOW_MS },
    { loadPolymarketCredentials, PolymarketAdapter, POLY_SETTLEMENT_WINDOW_MS }
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
    clockSyncMs: k.clockSyncMs,
    ...(hooks.onOrderDispatched ? { onOrderDispatched: hooks.onOrderDispatched } : {})
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
  const windowMs = Math.max(KALSHI_CONSISTENCY_WINDOW_MS, POLY_SETTLEMENT_WINDOW_MS);
  if (config.engine.reconcile.deadlineMs <= windowMs)
    logger.warn(
      { deadlineMs: config.engine.reconcile.deadlineMs, windowMs },
      'engine.reconcile.deadlineMs is not longer than the venues\' "not found" windows: an order recalled after a restart may end unresolved'
    );
  recallDispatched(hooks.recall ?? [], markets, { kalshi, polymarket }, logger);
  const ctl = new AbortController();
  const lifecycle: VenueLifecycle = {
    read: (m, v, signal) => (v === 'kalshi' ? kalshi : polymarket).marketState(m, signal),
    venuePaid: { kalshi: (m, _v, close) => kalshi.settlementPaid(m, ctl.signal, close) }
  };
  return {
    kalshi,
    polymarket,
    lifecycle,
    close: () => {
      ctl.abort(new Error('venues closed'));
      return close();
    },
    health: () => [kalshi.health(), polymarket.health()]
  };
}

/** What {@link recallDispatched} needs of the adapters. */
export interface Recallers {
  readonly kalshi: {
    recall(clientOrderId: string, ticker: string, dispatchedWallMs: number, orderId?: string): void;
  };
  readonly polymarket: {
    recall(clientOrderId: string, orderId: string, signedWallMs: number): void;
  };
}

/**
 * Hands each order a previous process dispatched to its adapter (Kalshi by ticker and dispatch
 * time, Polymarket by signed id and signing time). Returns how many were recalled; an order
 * whose market is no longer configured, or a Polymarket order without id, is left as is (it
 * stays `unknown`, and its execution is reported unresolved).
 */
export function recallDispatched(
  orders: readonly DispatchedOrder[],
  markets: readonly MarketPair[],
  adapters: Recallers,
  logger: Logger
): number {
  const byId = new Map(markets.map((m) => [m.marketId, m]));
  let n = 0;
  for (const o of orders) {
    const m = byId.get(o.marketId);
    if (!m) continue;
    const id = o.venueOrderId ?? undefined;
    if (o.venue === 'kalshi') {
      adapters.kalshi.recall(o.clientOrderId, m.kalshiTicker, o.dispatchedWallMs, id);
    } else if (id !== undefined) {
      adapters.polymarket.recall(o.clientOrderId, id, o.dispatchedWallMs);
    } else continue;
    n += 1;
  }
  if (orders.length > 0)
    logger.info(
      { recalled: n, dispatched: orders.length },
      `venues: ${n} order(s) dispatched before the restart handed to their adapters`
    );
  return n;
}
