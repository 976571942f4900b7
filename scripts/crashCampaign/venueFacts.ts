/**
 * What the mock venues themselves executed and hold, read from the mocks' state at the end:
 * the orders each venue accepted (with what filled), the Polymarket trades, and per market the
 * Kalshi net position (YES > 0, NO < 0: Kalshi nets a market's YES against its NO), the
 * Polymarket YES and NO tokens, and whether each held side could still be sold at or above the
 * auto-close floor.
 */
import { CENT, complementPrice, ZERO_QTY, type Micros, type Qty } from '../../core/index.js';
import type { CampaignMarket } from './markets.js';
import type { CampaignVenues } from './venues.js';

/** One order a venue accepted. */
export interface VenueOrder {
  readonly venue: 'kalshi' | 'polymarket';
  /** The venue's id (Kalshi order id; Polymarket order hash). */
  readonly orderId: string;
  /** Kalshi only: the client order id it was sent with. */
  readonly clientOrderId?: string;
  /** Contracts it filled (Polymarket: Σ of its trades). */
  readonly filled: Qty;
}

/** What a market's positions are at the venues, and which held sides have bids. */
export interface VenueHolding {
  readonly marketId: number;
  /** Kalshi's net position: YES > 0, NO < 0. */
  readonly kalshiNet: Qty;
  readonly polyYes: Qty;
  readonly polyNo: Qty;
  /** Whether each side held could be sold at ≥ the floor right now. */
  readonly sellable: {
    readonly kalshiYes: boolean;
    readonly kalshiNo: boolean;
    readonly polyYes: boolean;
    readonly polyNo: boolean;
  };
}

/** Everything the audits read from the venues. */
export interface VenueFacts {
  readonly orders: readonly VenueOrder[];
  readonly holdings: readonly VenueHolding[];
}

/** Reads the mocks' state. `floor` is the auto-close floor (config `autoClose.floorMicros`). */
export function readVenues(
  v: CampaignVenues,
  markets: readonly CampaignMarket[],
  floor: Micros = CENT
): VenueFacts {
  const polyFilled = new Map<string, number>();
  for (const f of v.polymarket.fills())
    polyFilled.set(f.orderId, (polyFilled.get(f.orderId) ?? 0) + f.qty);
  const orders: VenueOrder[] = [
    ...v.kalshi.orders().map((o) => ({
      venue: 'kalshi' as const,
      orderId: o.orderId,
      clientOrderId: o.clientOrderId,
      filled: o.filled
    })),
    ...v.polymarket.orders().map((o) => ({
      venue: 'polymarket' as const,
      orderId: o.orderId,
      filled: (polyFilled.get(o.orderId) ?? ZERO_QTY) as Qty
    }))
  ];
  const ceiling = complementPrice(floor);
  const holdings = markets.map((m) => {
    const k = v.kalshi.book(m.kalshiTicker);
    const bidsAtFloor = (tokenId: string) =>
      v.polyBook(tokenId).bids.some((l) => l.price >= floor && l.qty > 0);
    return {
      marketId: m.marketId,
      kalshiNet: v.kalshi.position(m.kalshiTicker),
      polyYes: v.polymarket.position(m.polyYesTokenId).held,
      polyNo: v.polymarket.position(m.polyNoTokenId).held,
      sellable: {
        kalshiYes: k.bids.some((l) => l.price >= floor && l.qty > 0),
        // selling NO is buying YES at 1 − the NO price: YES asks up to 1 − floor
        kalshiNo: k.asks.some((l) => l.price <= ceiling && l.qty > 0),
        polyYes: bidsAtFloor(m.polyYesTokenId),
        polyNo: bidsAtFloor(m.polyNoTokenId)
      }
    };
  });
  return { orders, holdings };
}
