/**
 * Settlements in the ledger: a market resolved on a venue pays its contracts, and the
 * contracts are gone. One transaction writes the settlement row and the fills that close the
 * contracts (sells at the payout per contract), so every reader of fills — positions, P&L, the
 * breaker's replay — sees the market flat on that venue and the payout realized, with no
 * second path. Recording the same resolution again changes nothing.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { FillRecord, Micros, Qty, Settlement, Venue } from '../../core/index.js';

/** One resolution of a market on a venue, as stored (core's {@link Settlement}). */
export type LedgerSettlement = Settlement;

interface SettlementRow {
  market_id: number;
  venue: Venue;
  close_wall_ms: number;
  yes_payout: number;
  contracts: number;
  payout: number;
  fee: number;
  redeemed: number;
  wall_ms: number;
}

/** Prepared settlement writes and reads. */
export class SettlementStore {
  private readonly insert: Statement;
  private readonly all: Statement;
  private readonly tx: (s: LedgerSettlement, fills: readonly FillRecord[]) => boolean;

  /** `writeFill`: the journal's own fill write (the same table, the same rules). */
  constructor(
    db: Database,
    private readonly writeFill: (f: FillRecord) => void
  ) {
    this.insert = db.prepare(`INSERT INTO settlements (market_id, venue, close_wall_ms,
      yes_payout, contracts, payout, fee, redeemed, wall_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (market_id, venue, close_wall_ms) DO NOTHING`);
    this.all = db.prepare('SELECT * FROM settlements ORDER BY id');
    this.tx = db.transaction((s: LedgerSettlement, fills: readonly FillRecord[]) => {
      const r = this.insert.run(
        s.marketId,
        s.venue,
        s.closeWallMs,
        s.yesPayout,
        s.contracts,
        s.payout,
        s.fee,
        s.redeemed ? 1 : 0,
        s.wallMs
      );
      if (r.changes === 0) return false;
      for (const f of fills) this.writeFill(f);
      return true;
    });
  }

  /** Stores a settlement and its closing fills at once; false when already recorded. */
  record(s: LedgerSettlement, fills: readonly FillRecord[]): boolean {
    return this.tx(s, fills);
  }

  /** Every settlement, oldest first. */
  list(): LedgerSettlement[] {
    return (this.all.all() as SettlementRow[]).map((r) => ({
      marketId: r.market_id,
      venue: r.venue,
      closeWallMs: r.close_wall_ms,
      yesPayout: r.yes_payout as Micros,
      contracts: r.contracts as Qty,
      payout: r.payout as Micros,
      fee: r.fee as Micros,
      redeemed: r.redeemed === 1,
      wallMs: r.wall_ms
    }));
  }
}
