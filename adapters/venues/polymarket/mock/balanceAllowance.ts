/**
 * The mock CLOB's `GET /balance-allowance` (L2): the account's pUSD (`asset_type=COLLATERAL`)
 * or one token's shares (`asset_type=CONDITIONAL&token_id=`), in base units (6 decimals), from
 * the mock's own state — what its matching engine credited and debited, never the adapter's.
 * `signature_type` must be 0–3 (the CLOB derives the funding wallet from it).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { MockExchange } from './exchange.js';
import type { PolymarketMockOptions } from './types.js';
import { checkL2, type MockClock } from './verify.js';

/** A JSON answer. */
export interface BalanceAnswer {
  readonly status: number;
  readonly json: unknown;
}

/** The path this route answers. */
export const BALANCE_ALLOWANCE_PATH = '/balance-allowance';

/** Answers `GET /balance-allowance`, or null for any other request. */
export function balanceAllowanceRoute(
  ex: MockExchange,
  opts: PolymarketMockOptions,
  req: { method: string; path: string; headers: IncomingHttpHeaders; raw: Buffer },
  q: URLSearchParams,
  clock: MockClock
): BalanceAnswer | null {
  if (req.method !== 'GET' || req.path !== BALANCE_ALLOWANCE_PATH) return null;
  const auth = checkL2(opts, req.headers, req.method, req.path, req.raw, clock);
  if (auth !== null) return { status: 401, json: { error: auth } };
  if (!/^[0-3]$/.test(q.get('signature_type') ?? ''))
    return { status: 400, json: { error: 'invalid signature_type' } };
  const allowances = {
    [opts.funder ?? opts.address]:
      '115792089237316195423570985008687907853269984665640564039457584007913129639935'
  };
  const type = q.get('asset_type');
  if (type === 'COLLATERAL')
    return { status: 200, json: { balance: String(ex.balance), allowances } };
  if (type === 'CONDITIONAL') {
    const token = q.get('token_id') ?? '';
    if (!/^\d+$/.test(token)) return { status: 400, json: { error: 'invalid token_id' } };
    return { status: 200, json: { balance: String(ex.position(token).held), allowances } };
  }
  return { status: 400, json: { error: 'invalid asset_type' } };
}
