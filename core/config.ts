import { z } from 'zod';
import { TwinlegError } from './errors.js';
import { asMicros, asQty, cents, contracts, dollars } from './money.js';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
/** An amount of money in micro-dollars, at least `min`; parses to `Micros`. */
const micros = (min: number) => int(min).transform(asMicros);
/** A quantity in micro-contracts, at least `min`; parses to `Qty`. */
const qty = (min: number) => int(min).transform(asQty);

/**
 * Longest timer Node honours: a larger delay is silently shrunk to 1 ms, so every duration
 * field refuses it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** A duration in ms, at least `min`, at most {@link MAX_TIMER_MS}. */
const ms = (min: number) => int(min, MAX_TIMER_MS);

/**
 * Engine configuration: one zod schema with the source design's defaults. Money in
 * micro-dollars, quantities in micro-contracts, durations in milliseconds.
 */
export const EngineConfigSchema = z.object({
  /** In-flight bitmask capacity (market ids 0..capacity-1). */
  capacity: int(32, 1 << 24)
    .refine((n) => n % 32 === 0, 'must be a multiple of 32')
    .default(512),
  /** Validate and size, never send orders. */
  dryRun: z.boolean().default(false),
  /** Minimum profit per contract after fees (default 1¢). */
  minProfitPerContract: micros(0).default(cents(1)),
  /** Minimum contracts available on both legs (default 1). */
  minQty: qty(1).default(contracts(1)),
  /** Delay before a slot is released after success, dry run or thin liquidity. */
  delayedReleaseMs: ms(0).default(10_000),
  /** Polymarket minimum notional for FAK orders (default $1). */
  polyMinNotional: micros(0).default(dollars(1)),
  /** Per-leg placement timeout; past it the leg is `unknown` and looked up. */
  legTimeoutMs: ms(1).default(5_000),
  reconcile: z
    .object({
      /**
       * An order still unknown this long after its lookups began is reported (a warning with
       * its id); the lookups go on until {@link deadlineMs}. No alert when not shorter.
       */
      alertMs: ms(1).default(30_000),
      /**
       * Give up looking an order up after this long: an entry leg is then unresolved
       * (`order_unresolved`), a close stops. Long enough for a venue that answers late (a
       * Polymarket order can show `delayed` well past 30 s): giving up early leaves exposure
       * that the order's real outcome would have told the close about.
       */
      deadlineMs: ms(1).default(300_000),
      /** Waits between lookups; the last one repeats. */
      backoffMs: z.array(ms(1)).min(1).default([100, 200, 500, 1_000, 2_000]),
      /** Timeout of one lookup request. */
      lookupTimeoutMs: ms(1).default(3_000)
    })
    .prefault({}),
  autoClose: z
    .object({
      /** Wait before selling Polymarket excess (on-chain settlement). */
      polySettlementWaitMs: ms(0).default(2_000),
      /** Delay between close attempts. */
      retryDelayMs: ms(0).default(100),
      /** Price step down per retry (default 1¢). */
      stepMicros: micros(1).default(cents(1)),
      /** Lowest sell price (default 1¢). */
      floorMicros: micros(1).default(cents(1)),
      /**
       * Highest price a hedge buy walks up to (default 99¢): when the exposure cannot be sold
       * (no venue holds it, or the Polymarket sell is under `polyMinNotional`), the close buys
       * the opposite side instead, 1 step up per retry from the ask the request knew.
       */
      ceilingMicros: micros(1).default(cents(99)),
      /** Same-price retries: settlement / rate-limit errors, orders the venue never took. */
      maxSettlementRetries: int(0).default(50),
      /** Hard cap on close orders per execution. */
      maxAttempts: int(1).default(250)
    })
    .prefault({})
});

/** Fully-resolved engine configuration. */
export type EngineConfig = z.infer<typeof EngineConfigSchema>;
/** What a caller may pass: any subset, defaults fill the rest. */
export type EngineConfigInput = z.input<typeof EngineConfigSchema>;

/** Parses and defaults an engine configuration; throws a readable error naming the field. */
export function parseEngineConfig(input: EngineConfigInput = {}): EngineConfig {
  const r = EngineConfigSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first?.path.join('.') ?? '?';
    throw new TwinlegError(
      'invalid_config',
      `engine config at "${path}": ${first?.message ?? 'invalid'}`
    );
  }
  return r.data;
}

/**
 * The venue reconciliation's schedule (`reconcile` in the twinleg configuration): how often
 * the ledger's positions are compared with the venues' own (`0`: at start only).
 */
export const ReconcileConfigSchema = z.object({
  /** Between two comparisons (default 60 s). */
  intervalMs: ms(0).default(60_000)
});

/**
 * Balance watching (`balances`): how often each venue's cash is read (`0`: at start only) and
 * the minimum below which new entries stop (closes never do).
 */
export const BalanceConfigSchema = z.object({
  /** Between two reads (default 60 s). */
  intervalMs: ms(0).default(60_000),
  /** Per venue, micro-dollars (default $5): below it, a global `balance_low` hold. */
  minimumMicros: micros(0).default(dollars(5))
});

/**
 * Following markets to their end (`lifecycle`): how often each market's state is read on both
 * venues, how long before a close new entries stop, and the paper markets' lifetime (paper
 * mode with the demo feed: markets that close, resolve and reopen, so positions settle).
 */
export const LifecycleConfigSchema = z.object({
  /** Between two reads of every market's state (default 60 s). */
  pollMs: ms(1).default(60_000),
  /** No new entries this long before a market's close on either venue (default 5 minutes). */
  noEntryBeforeCloseMs: ms(0).default(300_000),
  /** Paper markets: open this long per cycle (default 10 s of engine time). */
  paperLifetimeMs: ms(1_000).default(10_000),
  /** Paper markets: no new entries this long before a close (default 1 s). */
  paperNoEntryBeforeCloseMs: ms(0).default(1_000),
  /** Paper markets: state read period (default 500 ms; shorter than a resolution lasts). */
  paperPollMs: ms(1).default(500)
});

/** Resolved `lifecycle` section. */
export type LifecycleConfig = z.infer<typeof LifecycleConfigSchema>;
/** Resolved `reconcile` section. */
export type ReconcileConfig = z.infer<typeof ReconcileConfigSchema>;
/** Resolved `balances` section. */
export type BalanceConfig = z.infer<typeof BalanceConfigSchema>;
