import type {
  EngineConfig,
  ErrorCode,
  ExecutionResult,
  FastExecutionRequest,
  MarketPair,
  Micros,
  OrderAction,
  OrderOutcome,
  OrderRequest,
  Qty,
  ResumeState,
  RiskVerdict,
  Side,
  Venue,
  VenueHoldings
} from '../core/index.js';

/** Recovery shapes live in core (the ledger builds them); re-exported for machine users. */
export type { ResumeClose, ResumeLeg, ResumeState } from '../core/index.js';

/** What the supervisor hands an execution actor when it spawns it. */
export interface ExecutionInput {
  readonly executionId: string;
  readonly req: FastExecutionRequest;
  /** `undefined` when the market id is not registered (the machine rejects it). */
  readonly market: MarketPair | undefined;
  readonly config: EngineConfig;
  /** Present when the execution is recovered after a restart (see {@link ResumeState}). */
  readonly resume?: ResumeState;
}

/** The answer to one entry leg, sent back by the `placeLegs` actor. */
export interface LegEvent {
  readonly type: 'LEG';
  readonly side: Side;
  readonly outcome: OrderOutcome;
}

/** Events the execution machine receives. */
export type ExecutionEvent = LegEvent;

/** Input of the `placeLegs` actor: both entry orders, sent at once. */
export interface LegsInput {
  readonly yes: OrderRequest;
  readonly no: OrderRequest;
}

/** One entry leg's state. */
export interface LegState {
  readonly side: Side;
  readonly venue: Venue;
  /** Request price for this side. */
  readonly price: Micros;
  readonly order: OrderRequest | null;
  readonly outcome: OrderOutcome | null;
  readonly lookups: number;
  /** Set when the reconcile deadline passed without a terminal outcome. */
  readonly unresolved: boolean;
}

/**
 * How the close removes the exposure: `sell` the exposure's side (reduce-only, walking down to
 * the floor), or `hedge` it by buying the opposite side (walking up to the ceiling) when it
 * cannot be sold.
 */
export type CloseMode = 'sell' | 'hedge';

/**
 * Auto-close progress for the unhedged excess. With the market's holdings known, the close
 * sells what removes the market's real net exposure (at most the excess), on the venue that
 * holds the side: the excess leg's venue first, then the other one (`nextVenue`). When no
 * venue can sell it (nothing held, or a Polymarket sell under the venue minimum), it hedges:
 * buys the other side on Kalshi, then on Polymarket if that buy clears the minimum.
 */
export interface CloseState {
  readonly mode: CloseMode;
  /** Venue the close orders go to now. */
  readonly venue: Venue;
  /** The exposure's side (a hedge buys the other one). */
  readonly side: Side;
  /** Excess at the start of the close. */
  readonly excess: Qty;
  /** Contracts still to sell (the real exposure this close removes; unhedged if it stops). */
  readonly remaining: Qty;
  /** Most the current venue may still sell (what it holds of the side; `remaining` when not known). */
  readonly venueCap: Qty;
  /** Venue that also holds the side, tried when the current one is done or stops short. */
  readonly nextVenue: Venue | null;
  /** Price a walk starts at (sell: the excess leg's price; hedge: the other leg's). */
  readonly startPrice: Micros;
  /** `attempts` when the current venue's walk began (its attempts are counted from there). */
  readonly walkStart: number;
  /** Price of the next attempt. */
  readonly price: Micros;
  readonly attempts: number;
  /** Same-price retries used (settlement / rate limit / unavailable). */
  readonly sameRetries: number;
  readonly lookups: number;
  /** Contracts of the exposure removed: sold, or hedged by a buy of the other side. */
  readonly closed: Qty;
  /** Of `closed`, those hedged (each pair pays $1: netted at once on Kalshi, else at resolution). */
  readonly hedged: Qty;
  /** What the hedge buys cost (their notional, fees in `fee`). */
  readonly hedgeCost: Micros;
  readonly proceeds: Micros;
  readonly fee: Micros;
  /** Cost basis of the excess leg per contract source: leg notional and filled. */
  readonly basisNotional: Micros;
  readonly basisQty: Qty;
  readonly current: OrderRequest | null;
  readonly last: OrderOutcome | null;
  /** Why the close stopped short, if it did. */
  readonly stopReason: string | null;
}

/** Execution machine context: plain data only (serializable, safe to inspect). */
export interface ExecutionContext {
  readonly executionId: string;
  readonly req: FastExecutionRequest;
  readonly market: MarketPair | undefined;
  readonly config: EngineConfig;
  /** The risk layer's verdict, taken once in `validate` (null before, or without a market). */
  readonly verdict: RiskVerdict | null;
  /** Largest contract count the risk layer allows (0 until assessed). */
  readonly capacity: Qty;
  /** Contracts to buy on each leg. */
  readonly qty: Qty;
  readonly legs: { readonly yes: LegState; readonly no: LegState };
  readonly close: CloseState | null;
  readonly error: ErrorCode | null;
  readonly detail: string | null;
  /** Recovery data when resumed after a restart, else null. */
  readonly resume: ResumeState | null;
  /**
   * What the venues hold of the market, the way they hold it: read from the risk layer at
   * claim (before any leg; a resumed execution's recorded fills included), then moved by this
   * execution's own fills. Null when the risk layer does not tell (the close then sells the
   * excess leg on its own venue).
   */
  readonly holdings: VenueHoldings | null;
}

/** Events the machine emits (the supervisor turns them into fills and log lines). */
export type ExecutionEmitted =
  | {
      readonly type: 'fill';
      readonly venue: Venue;
      readonly side: Side;
      readonly action: OrderAction;
      readonly outcome: OrderOutcome;
    }
  | { readonly type: 'capped'; readonly wanted: Qty; readonly capacity: Qty; readonly qty: Qty }
  | {
      readonly type: 'mismatch';
      readonly yesFilled: Qty;
      readonly noFilled: Qty;
      readonly excess: Qty;
      readonly venue: Venue;
      readonly side: Side;
    }
  | {
      readonly type: 'closeAttempt';
      readonly attempt: number;
      readonly price: Micros;
      readonly qty: Qty;
      readonly venue: Venue;
      /** The order's side (a hedge buys the side opposite the exposure). */
      readonly side: Side;
      readonly action: OrderAction;
    }
  | {
      readonly type: 'legUnknown';
      readonly side: Side;
      readonly venue: Venue;
      readonly reason: string;
    }
  | {
      /** An order still unknown at `reconcile.alertMs`; looked up until `deadlineMs`. */
      readonly type: 'orderLate';
      readonly of: Side | 'close';
      readonly venue: Venue;
      readonly clientOrderId: string;
      readonly afterMs: number;
      readonly deadlineMs: number;
    };

/** The machine's output: the result without latency (the supervisor stamps it). */
export type ExecutionOutput = Omit<ExecutionResult, 'latencyNs'>;
