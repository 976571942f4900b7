/**
 * The one configuration schema of the `twinleg` command: engine, circuit breaker, venues,
 * paths, logging, inspector and metrics. The engine and breaker parts reuse their own schemas
 * (`core/config.ts`, `actors/circuitBreaker/breakerConfig.ts`), so every field, default and
 * bound lives in one place. Units are the core units: money in micro-dollars, quantities in
 * micro-contracts, durations in milliseconds.
 */
import { z } from 'zod';
import { BreakerConfigSchema } from '../../actors/circuitBreaker/index.js';
import {
  BalanceConfigSchema,
  LifecycleConfigSchema,
  EngineConfigSchema,
  ReconcileConfigSchema
} from '../../core/index.js';
import { KALSHI_PROD_URL } from '../../adapters/venues/kalshi/index.js';
import { GAMMA_PROD_URL } from '../../adapters/venues/polymarket/gammaMarket.js';

/** Polymarket's production CLOB origin. */
export const POLY_PROD_URL = 'https://clob.polymarket.com';

const port = z.number().int().min(0).max(65_535);
const ms = z.number().int().min(1).max(600_000);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Limits every venue client shares: the longest rate-limit penalty a 429 may impose (longer
 * ones are capped and alarmed), the largest response body read (longer answers are unusable:
 * the order is looked up), and the interval between measurements of the venue's clock (`0`
 * turns measuring and correcting signed timestamps off).
 */
const venueLimits = {
  maxPenaltyMs: z.number().int().min(0).max(3_600_000).default(60_000),
  maxResponseBytes: z.number().int().min(4_096).max(268_435_456).default(1_048_576),
  clockSyncMs: z.number().int().min(0).max(3_600_000).default(60_000)
};

/** Venue endpoints and client timeouts (credentials never live in the file: see README). */
const VenuesSchema = z
  .object({
    kalshi: z
      .object({
        /** API root including `/trade-api/v2`. */
        baseUrl: httpUrl.default(KALSHI_PROD_URL),
        placeTimeoutMs: ms.default(3_000),
        readTimeoutMs: ms.default(2_000),
        ...venueLimits
      })
      .strict()
      .prefault({}),
    polymarket: z
      .object({
        /** CLOB origin. */
        baseUrl: httpUrl.default(POLY_PROD_URL),
        /** Gamma origin, asked when the CLOB's market data does not prove a token's exchange. */
        gammaBaseUrl: httpUrl.default(GAMMA_PROD_URL),
        timeoutMs: ms.default(3_000),
        lookupTimeoutMs: ms.default(2_000),
        ...venueLimits
      })
      .strict()
      .prefault({})
  })
  .strict()
  .prefault({});

/** The whole configuration. Every field is optional; defaults fill the rest. */
export const TwinlegConfigSchema = z
  .object({
    engine: EngineConfigSchema.strict().prefault({}),
    breaker: BreakerConfigSchema.strict().prefault({}),
    venues: VenuesSchema,
    /** Venue reconciliation (`intervalMs`). */
    reconcile: ReconcileConfigSchema.strict().prefault({}),
    /** Balance watching (`intervalMs`, `minimumMicros`). */
    balances: BalanceConfigSchema.strict().prefault({}),
    /** Markets followed to their end (`pollMs`, `noEntryBeforeCloseMs`, paper lifetimes). */
    lifecycle: LifecycleConfigSchema.strict().prefault({}),
    paths: z
      .object({
        /** The SQLite ledger (absent: nothing is persisted). */
        db: z.string().min(1).optional(),
        /** The markets file (absent: the demo markets, paper mode only). */
        markets: z.string().min(1).optional()
      })
      .strict()
      .prefault({}),
    logging: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
        /** `auto`: pretty in a terminal, JSON lines otherwise. */
        format: z.enum(['auto', 'pretty', 'json']).default('auto')
      })
      .strict()
      .prefault({}),
    inspector: z
      .object({ host: z.string().default('127.0.0.1'), port: port.default(0) })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: port.default(9464),
        /** Serve a non-loopback `host` (off: refused; on: served with a warning). */
        allowRemote: z.boolean().default(false),
        /** Basic-auth user (`TWINLEG_METRICS_USER`; empty: no auth). */
        user: z.string().default(''),
        /** Basic-auth password (`TWINLEG_METRICS_PASSWORD`; needed with a user). */
        password: z.string().default('')
      })
      .strict()
      .prefault({})
  })
  .strict();

/** The resolved configuration. */
export type TwinlegConfig = z.infer<typeof TwinlegConfigSchema>;
/** What a file may contain. */
export type TwinlegConfigInput = z.input<typeof TwinlegConfigSchema>;
