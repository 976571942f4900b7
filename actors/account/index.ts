/**
 * The venue accounts as the engine watches them: balances (cash per venue, the size each can
 * pay for, a global hold below the minimum), the reconciliation of the ledger's positions
 * with the venues' own (a hold per market that differs), and the risk port that applies both
 * before the breaker.
 * @packageDocumentation
 */
export { accountRisk, type AccountRiskOptions } from './accountRisk.js';
export {
  affordable,
  affordableOn,
  legCost,
  type Affordable,
  type VenueCash
} from './affordable.js';
export { BalanceBook } from './balanceBook.js';
export {
  describeDifference,
  Reconciler,
  type HoldingsReads,
  type ReconcilerOptions
} from './reconciler.js';
