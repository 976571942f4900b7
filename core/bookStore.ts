import { VenueBook, type StaleReason } from './book.js';
import { TwinlegError } from './errors.js';
import type { Venue } from './market.js';

/** Both venues' books of one market pair. */
export interface MarketBooks {
  readonly marketId: number;
  readonly kalshi: VenueBook;
  readonly polymarket: VenueBook;
}

/** Called with a market's id after a feed has applied a message to its books. */
export type BookListener = (marketId: number) => void;

/**
 * The local books of every configured market, by dense market id (the in-flight bit), shared
 * by the venue feeds (writers) and the detector (reader).
 *
 * A feed applies one venue message through the {@link VenueBook} writes and then calls
 * {@link changed} once for each market it touched, so readers never see half a message.
 * Listeners run synchronously inside `changed`; the detector's listener only marks the market
 * dirty, so a feed pays almost nothing for it.
 */
export class BookStore {
  private readonly byId: (MarketBooks | undefined)[] = [];
  private readonly ids: number[] = [];
  private listeners: BookListener[] = [];

  /** Creates empty (stale) books for each market id. */
  constructor(marketIds: Iterable<number>) {
    for (const id of marketIds) {
      if (!Number.isSafeInteger(id) || id < 0) {
        throw new TwinlegError('invalid_config', `book store: bad market id ${id}`);
      }
      if (this.byId[id]) throw new TwinlegError('invalid_config', `duplicate market id ${id}`);
      this.byId[id] = {
        marketId: id,
        kalshi: new VenueBook('kalshi'),
        polymarket: new VenueBook('polymarket')
      };
      this.ids.push(id);
    }
  }

  /** The market ids held, in creation order. */
  marketIds(): readonly number[] {
    return this.ids;
  }

  /** Both books of a market, or undefined for an unknown id. */
  get(marketId: number): MarketBooks | undefined {
    return this.byId[marketId];
  }

  /** One venue's book of a market, or undefined for an unknown id. */
  venue(marketId: number, venue: Venue): VenueBook | undefined {
    return this.byId[marketId]?.[venue];
  }

  /** Marks every book of one venue stale (a disconnect: stale until each next snapshot). */
  markVenueStale(venue: Venue, reason: StaleReason): void {
    for (const id of this.ids) {
      this.byId[id]?.[venue].markStale(reason);
      this.changed(id);
    }
  }

  /** Tells the listeners that a market's books changed (once per applied venue message). */
  changed(marketId: number): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(marketId);
  }

  /** Adds a listener; returns the function that removes it. */
  onChange(listener: BookListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
