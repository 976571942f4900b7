/**
 * The checks between claim and the legs, as data: their order, the code each one fails with
 * and its detail string live here once. The machine's `validate` and `size` states run the
 * checks of their stage with one action ({@link firstFailure}) and leave for `release` on the
 * first that fails.
 */
import {
  CONTRACT,
  formatCents,
  formatQty,
  formatUsd,
  type ErrorCode,
  type Micros
} from '../core/index.js';
import {
  availableQty,
  belowPolyMinimum,
  capacityQty,
  offeredProfitPerContract,
  offeredQty,
  sizedProfitPerContract
} from './executionLogic.js';
import type { ExecutionContext } from './executionTypes.js';

/** Where a check runs: before sizing (`validate`) or on the sized order (`size`). */
export type CheckStage = 'validate' | 'size';

/** Why an execution stops before its legs. */
export interface CheckFailure {
  readonly code: ErrorCode;
  readonly detail: string;
}

/** One pre-leg check: `fails` answers null when it passes. */
export interface PreLegCheck {
  readonly name: string;
  readonly stage: CheckStage;
  readonly fails: (ctx: ExecutionContext) => CheckFailure | null;
}

const fail = (code: ErrorCode, detail: string): CheckFailure => ({ code, detail });

/** `profit_below_threshold` when `perContract` is under the configured minimum. */
function profitFailure(c: ExecutionContext, perContract: Micros, prefix: string) {
  const min = c.config.minProfitPerContract;
  return perContract < min
    ? fail(
        'profit_below_threshold',
        `${prefix}${formatCents(perContract)} a contract after fees, under ${formatCents(min)}`
      )
    : null;
}

/** Every pre-leg check, in the order the machine runs them. */
export const PRE_LEG_CHECKS: readonly PreLegCheck[] = [
  {
    name: 'market registered',
    stage: 'validate',
    fails: (c) =>
      c.market ? null : fail('unknown_market', `market ${c.req.marketId} is not registered`)
  },
  {
    name: 'risk layer allows',
    stage: 'validate',
    fails: (c) =>
      c.verdict?.blocked ? fail(c.verdict.blocked, c.verdict.detail ?? c.verdict.blocked) : null
  },
  {
    name: 'profit after fees',
    stage: 'validate',
    fails: (c) => profitFailure(c, offeredProfitPerContract(c), '')
  },
  {
    name: 'liquidity',
    stage: 'validate',
    fails: (c) =>
      availableQty(c) < c.config.minQty
        ? fail(
            'insufficient_liquidity',
            `${formatQty(availableQty(c))} contracts on both legs, under ${formatQty(c.config.minQty)}`
          )
        : null
  },
  {
    name: 'risk capacity',
    stage: 'size',
    fails: (c) => (capacityQty(c) < CONTRACT ? fail('circuit_breaker', 'no capacity left') : null)
  },
  {
    name: 'venue precision',
    stage: 'size',
    fails: (c) =>
      c.qty < CONTRACT
        ? fail(
            'below_venue_minimum',
            `no whole quantity up to ${formatQty(capacityQty(c))} contracts has Polymarket amounts the venue accepts at these prices`
          )
        : null
  },
  {
    name: 'venue minimum',
    stage: 'size',
    // the detail names the cause when the capacity (risk limits, balances) cut the size under it;
    // the code stays below_venue_minimum, whose delayed release keeps a stale offer from
    // re-firing at once
    fails: (c) => {
      if (!belowPolyMinimum(c)) return null;
      const min = formatUsd(c.config.polyMinNotional);
      const offered = availableQty(c);
      return fail(
        'below_venue_minimum',
        capacityQty(c) < offered && !belowPolyMinimum(c, offered)
          ? `the capacity the risk checks leave (${formatQty(c.qty)} contracts) puts a Polymarket leg under the ${min} minimum; the ${formatQty(offered)} offered would clear it`
          : `a Polymarket leg is under the ${min} minimum`
      );
    }
  },
  {
    name: 'profit at size',
    stage: 'size',
    // the same size as the offered-profit check: that answer stands, no second fee computation
    fails: (c) =>
      c.qty === offeredQty(c)
        ? null
        : profitFailure(c, sizedProfitPerContract(c), 'at capped size: ')
  },
  {
    name: 'dry run',
    stage: 'size',
    fails: (c) => (c.config.dryRun ? fail('dry_run', 'dry run: no orders sent') : null)
  }
];

const BY_STAGE: Record<CheckStage, readonly PreLegCheck[]> = {
  validate: PRE_LEG_CHECKS.filter((c) => c.stage === 'validate'),
  size: PRE_LEG_CHECKS.filter((c) => c.stage === 'size')
};

/** The first check of `stage` that fails, or null when all pass. */
export function firstFailure(ctx: ExecutionContext, stage: CheckStage): CheckFailure | null {
  for (const check of BY_STAGE[stage]) {
    const f = check.fails(ctx);
    if (f) return f;
  }
  return null;
}
