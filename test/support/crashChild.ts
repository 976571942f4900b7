/**
 * The process the SIGKILL test kills: an ExecutionSupervisor with the real Kalshi and
 * Polymarket adapters (pointed at the test's mock venues) and the Ledger as its journal.
 *
 *     node --import tsx test/support/crashChild.ts run|recover <db-path>
 *
 * `run` submits the scripted opportunities of `crashScenario.ts`, one step at a time: before
 * each step it prints `{"ev":"step"}` and waits for a line on stdin (the test scripts the mock
 * venues in between). Every journal write is echoed as a JSON line after it committed.
 * `recover` opens the ledger, resumes what it finds, waits for every result and prints a
 * summary. Endpoints and generated test keys come from the environment (`CRASH_ENV`).
 */
import { createInterface } from 'node:readline';
import { NanoClock } from '../../actors/nanoClock.js';
import { ExecutionSupervisor } from '../../actors/supervisor.js';
import { Ledger } from '../../adapters/ledger/index.js';
import { KalshiAdapter, kalshiCredentials } from '../../adapters/venues/kalshi/index.js';
import {
  PolymarketAdapter,
  PolymarketCredentials
} from '../../adapters/venues/polymarket/index.js';
import {
  cents,
  contracts,
  marketRegistry,
  type ArbType,
  type ExecutionResult,
  type Journal
} from '../../core/index.js';
import { CRASH_ENV, CRASH_MARKETS, crashEngineConfig, type CrashLine } from './crashScenario.js';

const [mode, dbPath] = process.argv.slice(2);
if ((mode !== 'run' && mode !== 'recover') || !dbPath) {
  process.stderr.write('usage: crashChild.ts run|recover <db-path>\n');
  process.exit(2);
}
const env = (k: keyof typeof CRASH_ENV): string => {
  const v = process.env[CRASH_ENV[k]];
  if (!v) throw new Error(`${CRASH_ENV[k]} is required`);
  return v;
};
const say = (l: CrashLine): void => void process.stdout.write(`${JSON.stringify(l)}\n`);

const clock = new NanoClock();
const markets = marketRegistry(CRASH_MARKETS);
const ledger = Ledger.open(dbPath, { clock });
/** The ledger, echoing each write after it returned (i.e. after it committed). */
const journal: Journal = {
  executionStarted: (id, req, wallMs) => ledger.executionStarted(id, req, wallMs),
  orderIntent: (o, role, wallMs) => {
    ledger.orderIntent(o, role, wallMs);
    say({ ev: 'intent', cid: o.clientOrderId, role });
  },
  orderOutcome: (ref, out, wallMs) => {
    ledger.orderOutcome(ref, out, wallMs);
    say({ ev: 'outcome', cid: ref.clientOrderId, status: out.status });
  },
  fill: (f) => {
    ledger.fill(f);
    say({ ev: 'fill', cid: f.clientOrderId, qty: f.contracts });
  },
  executionFinished: (r, wallMs) => {
    ledger.executionFinished(r, wallMs);
    say({ ev: 'finished', id: r.executionId, error: r.error });
  }
};
const run = mode === 'run';
const kalshi = new KalshiAdapter({
  credentials: kalshiCredentials(env('kalshiKeyId'), env('kalshiPem')),
  clock,
  baseUrl: env('kalshiUrl'),
  timeouts: { placeMs: run ? 120_000 : 3_000 }
});
const polymarket = new PolymarketAdapter({
  baseUrl: env('polyUrl'),
  credentials: new PolymarketCredentials({
    privateKey: env('polyKey'),
    apiKey: env('polyApiKey'),
    secret: env('polySecret'),
    passphrase: env('polyPassphrase'),
    signatureType: 0
  }),
  clock,
  timeoutMs: run ? 120_000 : 3_000,
  onOrderSigned: (cid, orderId) => {
    ledger.recordVenueOrderId(cid, orderId);
    say({ ev: 'venueId', cid, orderId });
  }
});
await polymarket.warmUp(CRASH_MARKETS);
const supervisor = new ExecutionSupervisor({
  markets,
  venues: { kalshi, polymarket },
  clock,
  journal,
  idPrefix: 'c-',
  config: crashEngineConfig(run ? 'run' : 'recover')
});
const results: ExecutionResult[] = [];
supervisor.results$.subscribe((r) => {
  results.push(r);
  say({ ev: 'result', id: r.executionId, error: r.error });
});

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const step = async (name: string): Promise<void> => {
  say({ ev: 'step', step: name });
  await lines.next();
};
const opp = (marketId: number, arbType: ArbType) => ({
  marketId,
  arbType,
  yesPrice: cents(45),
  noPrice: cents(50),
  yesSize: contracts(10),
  noSize: contracts(10),
  detectedNs: clock.nowNs()
});

if (run) {
  await step('m1');
  await supervisor.submit(opp(1, 'KalshiYesPolyNo'));
  await step('m2');
  void supervisor.submit(opp(2, 'PolyYesKalshiNo'));
  await step('m3');
  void supervisor.submit(opp(3, 'KalshiYesPolyNo'));
  await step('m4');
  void supervisor.submit(opp(4, 'PolyYesKalshiNo'));
  await step('end'); // never answered: the test kills this process
} else {
  const recovery = ledger.recover(markets);
  const resumed = supervisor.resume(recovery.resume);
  say({ ev: 'recovered', banner: recovery.banner, resumed });
  const deadline = clock.nowNs() + 60e9;
  while (results.length < resumed.length && clock.nowNs() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  say({ ev: 'summary', results, ledger: ledger.summary() });
  await supervisor.stop({ timeoutMs: 1_000 });
  await Promise.all([kalshi.close(), polymarket.close()]);
  ledger.close();
  process.exit(0);
}
