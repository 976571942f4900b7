/**
 * A TOY detector feeding `twinleg run --feed stdin`: it shows the shape of the pipe, not how to
 * find arbitrage. It reads no market data: it scans a STATIC book snapshot written below
 * (made-up best asks for three pairs of `examples/markets.example.json`), prices both
 * cross-venue combinations of each pair after fees with twinleg's own `arbEconomics`, and
 * prints one opportunity per line, in the format of README.md "Opportunity files", for those
 * that clear 1¢ per contract. It repeats the scan `--rounds` times, `--interval-ms` apart, then
 * exits (so the run's stdin feed ends). Lines go to stdout; its notes go to stderr.
 *
 * A real detector does the same from live order books (the venues' WebSocket feeds), re-pricing
 * on every book change, and stamps nothing: twinleg stamps `detectedNs` when a line arrives.
 *
 * Paper:  npx tsx examples/detectorToStdin.ts | npx twinleg run --feed stdin --markets examples/markets.example.json
 * Mocks:  npx tsx examples/detectorToStdin.ts | npx twinleg run --live --i-accept-real-money \
 *           --load-env .twinleg-mock.env --markets examples/markets.example.json --feed stdin
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  arbEconomics,
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  minQty,
  POLYMARKET_NO_FEES,
  type ArbType,
  type FastExecutionRequest,
  type FeeParams,
  type MarketPair,
  type Micros,
  type Qty
} from '../index.js';

/** One best ask: price and size. */
interface Ask {
  readonly price: Micros;
  readonly size: Qty;
}
/** Best YES and NO asks on each venue. */
interface Quotes {
  readonly kalshi: { readonly yes: Ask; readonly no: Ask };
  readonly polymarket: { readonly yes: Ask; readonly no: Ask };
}

const ask = (priceCents: number, size: number): Ask => ({
  price: cents(priceCents),
  size: contracts(size)
});

/** The static snapshot, by pairId (made-up numbers, not market data). */
const SNAPSHOT: Readonly<Record<string, Quotes>> = {
  'fed-2026-03-cut': {
    kalshi: { yes: ask(44, 30), no: ask(56, 14) },
    polymarket: { yes: ask(38, 12), no: ask(63, 50) }
  },
  'nba-2026-sas': {
    kalshi: { yes: ask(39, 9), no: ask(62, 20) },
    polymarket: { yes: ask(40, 25), no: ask(56, 6) }
  },
  'btc-150k-2026': {
    kalshi: { yes: ask(52, 10), no: ask(49, 10) },
    polymarket: { yes: ask(51, 10), no: ask(50, 10) } // no arb after fees: never printed
  }
};

/** The fields of a markets-file entry this detector needs. */
interface MarketsFileEntry {
  readonly marketId: number;
  readonly pairId: string;
  readonly fees?: {
    readonly kalshi?: { readonly rateMicros: number; readonly multiplierMicros?: number };
    readonly polymarket?: { readonly rateMicros: number; readonly exponent?: number };
  };
}

/** A market pair carrying what `arbEconomics` reads: the id and the fee schedules. */
function pairOf(e: MarketsFileEntry): MarketPair {
  const kalshi: FeeParams = e.fees?.kalshi
    ? { ...KALSHI_STANDARD_FEES, ...e.fees.kalshi }
    : KALSHI_STANDARD_FEES;
  const polymarket: FeeParams = e.fees?.polymarket
    ? { ...POLYMARKET_NO_FEES, ...e.fees.polymarket }
    : POLYMARKET_NO_FEES;
  return {
    marketId: e.marketId,
    pairId: e.pairId,
    description: e.pairId,
    kalshiTicker: '',
    polyYesTokenId: '',
    polyNoTokenId: '',
    tickSize: { kalshi: cents(1), polymarket: cents(1) },
    fees: { kalshi, polymarket }
  };
}

/** The opportunity line of one pair, the better of its two cross-venue combinations. */
function detect(m: MarketPair, q: Quotes): Omit<FastExecutionRequest, 'detectedNs'> | null {
  const combos: { arbType: ArbType; yes: Ask; no: Ask }[] = [
    { arbType: 'PolyYesKalshiNo', yes: q.polymarket.yes, no: q.kalshi.no },
    { arbType: 'KalshiYesPolyNo', yes: q.kalshi.yes, no: q.polymarket.no }
  ];
  let best: { line: Omit<FastExecutionRequest, 'detectedNs'>; profit: Micros } | null = null;
  for (const c of combos) {
    const line = {
      marketId: m.marketId,
      arbType: c.arbType,
      yesPrice: c.yes.price,
      noPrice: c.no.price,
      yesSize: c.yes.size,
      noSize: c.no.size
    };
    const econ = arbEconomics({ ...line, detectedNs: 0 }, m, minQty(c.yes.size, c.no.size));
    if (econ.profitPerContract < cents(1)) continue;
    if (!best || econ.profit > best.profit) best = { line, profit: econ.profit };
  }
  return best?.line ?? null;
}

const { values } = parseArgs({
  options: {
    markets: { type: 'string', default: 'examples/markets.example.json' },
    rounds: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '1000' }
  }
});
const rounds = Number(values.rounds);
const intervalMs = Number(values['interval-ms']);
const entries = JSON.parse(readFileSync(values.markets, 'utf8')) as MarketsFileEntry[];
const markets = entries.filter((e) => e.pairId in SNAPSHOT).map(pairOf);
process.stderr.write(
  `toy detector: static snapshot of ${markets.length} pairs, ${rounds} rounds\n`
);

for (let r = 0; r < rounds; r++) {
  if (r > 0) await new Promise((done) => setTimeout(done, intervalMs));
  for (const m of markets) {
    const quotes = SNAPSHOT[m.pairId];
    const line = quotes ? detect(m, quotes) : null;
    if (line) process.stdout.write(JSON.stringify(line) + '\n');
  }
}
