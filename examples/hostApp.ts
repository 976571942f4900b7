/**
 * A host application embedding twinleg: its own detector pushes opportunities into an RxJS
 * Subject; the engine executes them against (here) simulated venues; the host listens to
 * results and fills. Run: `npx tsx examples/hostApp.ts`.
 */
import { Subject } from 'rxjs';
import {
  cents,
  contracts,
  createLogger,
  ExecutionSupervisor,
  formatUsd,
  KALSHI_STANDARD_FEES,
  NanoClock,
  POLYMARKET_NO_FEES,
  SimulatedVenue,
  type FastExecutionRequest,
  type MarketPair
} from '../index.js';

const clock = new NanoClock(); // one shared clock: the detector stamps with it too
const market: MarketPair = {
  marketId: 0,
  pairId: 'fed-dec-cut',
  description: 'Fed cuts rates in December',
  kalshiTicker: 'KXFEDDECISION-26DEC-C25',
  polyYesTokenId: '7132',
  polyNoTokenId: '7133',
  tickSize: { kalshi: cents(1), polymarket: cents(1) },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
};

const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, latencyMs: { min: 30, max: 60 } });
const polymarket = new SimulatedVenue({
  venue: 'polymarket',
  clock,
  latencyMs: { min: 10, max: 30 }
});
kalshi.setBook(0, 'no', { asks: [{ price: cents(55), qty: contracts(40) }], bids: [] });
polymarket.setBook(0, 'yes', { asks: [{ price: cents(41), qty: contracts(25) }], bids: [] });

const engine = new ExecutionSupervisor({
  markets: [market],
  venues: { kalshi, polymarket },
  clock,
  logger: createLogger({ level: 'info' })
});
engine.results$.subscribe((r) =>
  console.log(
    `result ${r.executionId}: ${r.error ?? 'success'} profit ${formatUsd(r.realizedProfit)}`
  )
);
engine.fills$.subscribe((f) =>
  console.log(`fill ${f.platform} ${f.side} ${f.action} ${f.contracts}`)
);

const detector = new Subject<FastExecutionRequest>();
engine.connect(detector);
detector.next({
  marketId: 0,
  arbType: 'PolyYesKalshiNo',
  yesPrice: cents(41),
  noPrice: cents(55),
  yesSize: contracts(25),
  noSize: contracts(40),
  detectedNs: clock.nowNs()
});

setTimeout(() => {
  void engine.stop().then(() => console.log('stopped'));
}, 500);
