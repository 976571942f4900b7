import { TwinlegError } from '../../core/index.js';

/**
 * A ledger that cannot be opened, migrated or written (`ledger_unavailable`), or that another
 * process holds (`ledger_locked`). The message starts with `ledger <file>:`.
 */
export class LedgerError extends TwinlegError {
  constructor(
    code: 'ledger_unavailable' | 'ledger_locked',
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options);
    this.name = 'LedgerError';
  }
}
