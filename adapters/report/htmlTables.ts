/**
 * The report page's tables: generic table markup, and the fills, mismatches and closes tables
 * with amounts written by core's formatters (money in dollars, quantities in contracts).
 */
import { formatQty, formatUsd } from '../../core/index.js';
import { formatDurationMs } from './stats.js';
import { esc } from './svg.js';
import type { CloseRow, FillRow, MismatchRow } from './tables.js';

/** Rows shown per table; the rest are in `report.json`. */
export const HTML_ROW_LIMIT = 2000;

const row = (cells: readonly (string | number)[], th = false): string =>
  `<tr>${cells.map((c) => (th ? `<th>${esc(String(c))}</th>` : `<td>${esc(String(c))}</td>`)).join('')}</tr>`;

/** A table with a header row; rows past {@link HTML_ROW_LIMIT} are left out with a note. */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  empty = 'none'
): string {
  if (rows.length === 0) return `<p class="none">${esc(empty)}</p>`;
  const shown = rows.slice(0, HTML_ROW_LIMIT);
  const note =
    rows.length > shown.length
      ? `<p class="none">first ${shown.length} of ${rows.length} rows; all in report.json</p>`
      : '';
  return `<div class="scroll"><table>${row(head, true)}${shown.map((r) => row(r)).join('')}</table></div>${note}`;
}

const sideOf = (venue: string | null, side: string | null): string =>
  venue && side ? `${venue} ${side.toUpperCase()}` : 'unknown';

/** Every fill. */
export function fillsTable(rows: readonly FillRow[]): string {
  return table(
    [
      'time since start',
      'market',
      'venue',
      'side',
      'action',
      'contracts',
      'avg price',
      'notional',
      'fee',
      'execution'
    ],
    rows.map((f) => [
      formatDurationMs(f.tMs),
      `${f.marketId} ${f.pairId}`,
      f.venue,
      f.side.toUpperCase(),
      f.action === 'sell' ? 'sell (close)' : 'buy',
      formatQty(f.contracts),
      formatUsd(f.avgPrice),
      formatUsd(f.notional),
      formatUsd(f.fee),
      f.executionId
    ]),
    'no fills'
  );
}

/** Every execution whose legs filled unequally. */
export function mismatchesTable(rows: readonly MismatchRow[]): string {
  return table(
    [
      'execution',
      'market',
      'outcome',
      'YES filled (contracts)',
      'NO filled (contracts)',
      'excess (contracts)',
      'excess held on'
    ],
    rows.map((m) => [
      m.executionId,
      m.marketId,
      m.outcome,
      formatQty(m.yesFilled),
      formatQty(m.noFilled),
      formatQty(m.excess),
      sideOf(m.venue, m.side)
    ]),
    'no mismatches'
  );
}

/** The attempts cell: exact when known, else the filled attempts as a lower bound. */
const attempts = (c: CloseRow): string =>
  c.attempts !== null
    ? String(c.attempts)
    : c.filledAttempts > 0
      ? `≥ ${c.filledAttempts}`
      : 'unknown';

/** Every auto-close. */
export function closesTable(rows: readonly CloseRow[]): string {
  return table(
    [
      'execution',
      'market',
      'sold on',
      'excess (contracts)',
      'attempts (sells sent)',
      'closed (contracts)',
      'remaining unhedged (contracts)',
      'proceeds',
      'close fees',
      'close P&L',
      'execution P&L',
      'stop reason'
    ],
    rows.map((c) => [
      c.executionId,
      c.marketId,
      sideOf(c.venue, c.side),
      formatQty(c.excess),
      attempts(c),
      formatQty(c.closed),
      formatQty(c.remaining),
      formatUsd(c.proceeds),
      formatUsd(c.fees),
      formatUsd(c.closePnl),
      formatUsd(c.pnl),
      c.stopReason ?? (c.remaining === 0 ? 'closed in full' : 'not stated')
    ]),
    'no auto-closes'
  );
}
