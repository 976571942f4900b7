import type { Side, Venue } from './market.js';
import type { ArbType } from './request.js';

/** Where each leg of an arb type trades. */
export interface LegVenues {
  readonly yes: Venue;
  readonly no: Venue;
}

const VENUES: Readonly<Record<ArbType, LegVenues>> = {
  PolyYesKalshiNo: { yes: 'polymarket', no: 'kalshi' },
  KalshiYesPolyNo: { yes: 'kalshi', no: 'polymarket' },
  PolyOnly: { yes: 'polymarket', no: 'polymarket' },
  KalshiOnly: { yes: 'kalshi', no: 'kalshi' }
};

/** The venue of the YES leg and of the NO leg for an arb type. */
export function legVenues(arbType: ArbType): LegVenues {
  return VENUES[arbType];
}

/** Venue of one side's leg. */
export function venueOf(arbType: ArbType, side: Side): Venue {
  return VENUES[arbType][side];
}
