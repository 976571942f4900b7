/**
 * The durable ledger (SQLite, WAL): write-ahead journal of executions, orders and fills,
 * positions and P&L from fills, breaker-state persistence, and restart recovery.
 * @packageDocumentation
 */
export { LedgerError } from './errors.js';
export { Ledger, type LedgerOptions } from './ledger.js';
export { lockHolder, lockPathOf, type LockOwner } from './lock.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './schema.js';
export type { LedgerSettlement } from './settlements.js';
export type {
  DispatchedOrder,
  Durability,
  HoldingKey,
  LedgerExecution,
  LedgerFill,
  LedgerHealth,
  LedgerPosition,
  LedgerResumeClose,
  LedgerResumeLeg,
  LedgerResumeRequest,
  LedgerResumeState,
  LedgerSummary,
  Recovery,
  SkippedExecution
} from './types.js';
