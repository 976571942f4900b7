/**
 * Acknowledged reconciliation differences: a JSON-lines side file next to the ledger
 * (`<db>.acks.jsonl`), appended by `twinleg reconcile --ack <marketId>` and re-read by a
 * running reconciler each pass, so it works while a run holds the ledger's lock. Each line
 * accepts one market's offset `venue − ledger` (Kalshi net, Polymarket YES, NO, in
 * micro-contracts) as it was when acknowledged; the last line of a market wins. The market
 * stays released while its offset is that one, and is held again if it changes.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { asQty, type Logger, type VenueHoldings } from '../../core/index.js';

const qty = z.number().int().transform(asQty);
const AckSchema = z.object({
  marketId: z.number().int().min(0),
  wallMs: z.number().int(),
  offset: z.object({ kalshiNet: qty, polyYes: qty, polyNo: qty })
});

/** One acknowledgement. */
export type ReconcileAck = z.infer<typeof AckSchema>;

/** The side file of the ledger at `db`. */
export function acksPath(db: string): string {
  return `${db}.acks.jsonl`;
}

/** Appends an acknowledgement of `offset` for `marketId`. */
export function appendAck(
  file: string,
  marketId: number,
  offset: VenueHoldings,
  wallMs: number
): void {
  const line = { marketId, wallMs, offset };
  appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

/** The acknowledged offset per market (last line wins); bad lines are skipped with a warning. */
export function readAcks(file: string, log?: Logger): Map<number, VenueHoldings> {
  const out = new Map<number, VenueHoldings>();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const r = AckSchema.safeParse(raw);
    if (!r.success) {
      log?.warn(
        { file, line: i + 1 },
        `reconcile: ${file}:${i + 1} is not an acknowledgement (skipped)`
      );
      return;
    }
    out.set(r.data.marketId, r.data.offset);
  });
  return out;
}
