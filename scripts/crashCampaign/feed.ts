/**
 * The opportunities the campaign writes to the engine's stdin (`--feed stdin`), one JSON line
 * each in the format of README "Opportunity files": random markets, both cross-venue
 * directions (so opposite-direction executions meet on one market) and a few single-venue
 * arbs, prices clearing the profit threshold, 3–15 contracts a side.
 */
import { cents, contracts } from '../../core/index.js';
import type { Rng } from './rng.js';

/** The arb types with their weights. */
const TYPES = [
  ['PolyYesKalshiNo', 4],
  ['KalshiYesPolyNo', 4],
  ['PolyOnly', 1],
  ['KalshiOnly', 1]
] as const;

/** One opportunity as a JSON line (no trailing newline). */
export function opportunityLine(rng: Rng, marketCount: number): string {
  let w = rng.int(
    1,
    TYPES.reduce((s, [, n]) => s + n, 0)
  );
  let arbType: string = TYPES[0][0];
  for (const [t, n] of TYPES) {
    if (w <= n) {
      arbType = t;
      break;
    }
    w -= n;
  }
  const yes = rng.int(30, 45);
  const no = rng.int(85, 92) - yes;
  return JSON.stringify({
    marketId: rng.int(0, marketCount - 1),
    arbType,
    yesPrice: cents(yes),
    noPrice: cents(no),
    yesSize: contracts(rng.int(3, 15)),
    noSize: contracts(rng.int(3, 15))
  });
}
