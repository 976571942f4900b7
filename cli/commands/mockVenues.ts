/**
 * `twinleg mock-venues`: both mock venues on 127.0.0.1 with freshly generated test
 * credentials, written to an env file (mode 0600) that `twinleg run --live --load-env` reads.
 * Every listed market gets a realistic book that moves: ladders of `--levels` 1¢ levels each
 * side of a mid (2¢ spread, `--depth` contracts at the best level, deeper further out), the mid
 * a seeded random walk (`--motion-seed`, one step every `--tick-ms` on the mocks' clock) with
 * occasional cross-venue dislocations (one venue's mid jumps 6¢ for a few ticks: YES ask on
 * one + NO ask on the other under $1 after fees; adapters/venues/common/bookMotion.ts). Fills
 * take the levels they match, so the books both WebSocket feeds serve — Kalshi WS v2 at
 * `/trade-api/ws/v2` on the Kalshi port (signed handshake), the Polymarket market channel at
 * `/ws/market` on the Polymarket port — move with them; what a fill took stays taken until
 * that venue's mid moves (so an arbitrage traded away does not come back the next tick).
 * `--books flat` keeps the old deep flat books (1¢…99¢ on both sides, every buy fills at the best
 * level whatever its quote: for JSONL feeds whose prices are not the mocks'). Each pair's two
 * Polymarket tokens are one market (one condition id). With `--market-lifetime <ms>` every
 * market recurs (open for that long, closed, resolved with a seeded outcome — the same on both
 * venues — then open again, staggered): Kalshi pays positions into cash at finalization and
 * lists the settlements, Polymarket redeems the tokens automatically. Runs until Ctrl-C;
 * removes the files.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  createMarketMotion,
  noLadder,
  TakenLiquidity,
  type MarketLadders,
  type MarketMotion
} from '../../adapters/venues/common/bookMotion.js';
import type { KalshiMock } from '../../adapters/venues/kalshi/mock/index.js';
import type { PolymarketMock } from '../../adapters/venues/polymarket/mock/index.js';
import { cents, contracts, type MarketPair, type Micros, type Qty } from '../../core/index.js';
import { effectiveConfig, loadMarkets } from '../context.js';
import { integer, port, type CommonOptions } from '../options.js';

/** A flat ladder: `qty` contracts at every cent from 1¢ to 99¢. */
function ladder(qty: Qty): { price: Micros; qty: Qty }[] {
  return Array.from({ length: 99 }, (_, i) => ({ price: cents(i + 1), qty }));
}

/** Options of {@link startMockVenues} (the command's options). */
export interface MockVenuesOptions {
  readonly kalshiPort: number;
  readonly polymarketPort: number;
  /**
   * Flat books: contracts at every cent (default 10 000); moving books: contracts at the best
   * level (default 200).
   */
  readonly depth?: number;
  readonly marketLifetime?: number;
  readonly lifecycleSeed: number;
  /** `motion` (default): moving ladders; `flat`: the deep flat 1¢…99¢ books. */
  readonly books?: 'motion' | 'flat';
  readonly motionSeed?: number;
  /** Ms between motion steps (default 500; 0: the books never move by themselves). */
  readonly tickMs?: number;
  /** Levels each side (default 5). */
  readonly levels?: number;
  /** Chance per market per tick of a cross-venue dislocation (default 0.01; 0: none). */
  readonly dislocationProbability?: number;
}

interface MockOptions extends CommonOptions, MockVenuesOptions {
  readonly writeEnv: string;
}

/** A repeating timer: calls `fn` every `ms` until the returned stop is called. */
export type Every = (ms: number, fn: () => void) => () => void;

const realEvery: Every = (ms, fn) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

/** The running mock venues. */
export interface MockVenues {
  readonly kalshi: KalshiMock;
  readonly polymarket: PolymarketMock;
  readonly keyId: string;
  /** The Kalshi test key (PKCS#8 PEM). */
  readonly pem: string;
  /** The Polymarket signer's private key. */
  readonly pk: `0x${string}`;
  readonly poly: { apiKey: string; secret: string; passphrase: string; address: string };
  /** The book motion (absent with flat books). */
  readonly motion: MarketMotion | undefined;
  /** Writes one tick's ladders into both mocks (what the timer does after `motion.tick()`). */
  apply(ladders: readonly MarketLadders[]): void;
  /** Stops the motion and both mocks. */
  close(): Promise<void>;
}

/**
 * Starts both mocks with fresh test credentials and the markets' books (see the module
 * comment); with moving books, `every` (default a real interval) steps the motion on the mocks'
 * clock and each step is written into both matching engines, whose WebSocket channels stream
 * the changes.
 */
export async function startMockVenues(
  o: MockVenuesOptions,
  markets: readonly MarketPair[],
  every: Every = realEvery
): Promise<MockVenues> {
  const [
    { generatePrivateKey, privateKeyToAccount },
    { startKalshiMock },
    { startPolymarketMock }
  ] = await Promise.all([
    import('viem/accounts'),
    import('../../adapters/venues/kalshi/mock/index.js'),
    import('../../adapters/venues/polymarket/mock/index.js')
  ]);
  const origin = Date.now(); // both mocks' schedules start together: the same close times
  const life =
    o.marketLifetime === undefined
      ? undefined
      : { lifetimeMs: o.marketLifetime, seed: o.lifecycleSeed, originWallMs: origin };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  const kalshi = await startKalshiMock({
    publicKey: rsa.publicKey,
    keyId,
    port: o.kalshiPort,
    markets: Object.fromEntries(markets.map((m) => [m.kalshiTicker, {}])),
    ...(life
      ? {
          lifecycle: {
            ...life,
            marketIds: Object.fromEntries(markets.map((m) => [m.kalshiTicker, m.marketId]))
          }
        }
      : {})
  });
  const pk = generatePrivateKey();
  const poly = {
    apiKey: randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex'),
    address: privateKeyToAccount(pk).address
  };
  const polymarket = await startPolymarketMock({
    ...poly,
    port: o.polymarketPort,
    markets: markets.flatMap((m) =>
      [m.polyYesTokenId, m.polyNoTokenId].map((tokenId) => ({
        tokenId,
        ...(m.polyExchange ? { kind: m.polyExchange } : {})
      }))
    ),
    pairs: markets.map((m) => ({
      marketId: m.marketId,
      yesTokenId: m.polyYesTokenId,
      noTokenId: m.polyNoTokenId
    })),
    ...(life ? { lifecycle: life } : {})
  });
  const byId = new Map(markets.map((m) => [m.marketId, m]));
  const taken = new TakenLiquidity(); // what fills took stays taken until the mid moves
  const apply = (ladders: readonly MarketLadders[]): void => {
    const books = polymarket.exchange.books;
    for (const l of ladders) {
      const m = byId.get(l.marketId);
      if (!m) continue;
      const k = m.kalshiTicker;
      const [yes, no] = [m.polyYesTokenId, m.polyNoTokenId];
      kalshi.setBook(k, taken.next(`k:${k}`, l.mid.kalshi, l.kalshi, kalshi.book(k)));
      const py = taken.next(`p:${yes}`, l.mid.polymarket, l.polymarket, books.get(yes));
      const pn = taken.next(`p:${no}`, l.mid.polymarket, noLadder(l.polymarket), books.get(no));
      polymarket.setBook(yes, py);
      polymarket.setBook(no, pn);
    }
  };
  let motion: MarketMotion | undefined;
  let stop = (): void => {};
  if (o.books === 'flat') {
    const q = contracts(o.depth ?? 10_000);
    const book = { asks: ladder(q), bids: ladder(q) };
    for (const m of markets) {
      kalshi.setBook(m.kalshiTicker, book);
      for (const t of [m.polyYesTokenId, m.polyNoTokenId]) polymarket.setBook(t, book);
    }
  } else {
    const p = o.dislocationProbability ?? 0.01;
    motion = createMarketMotion({
      seed: o.motionSeed ?? 1,
      markets: markets.map((m) => m.marketId),
      depth: o.depth ?? 200,
      ...(o.levels === undefined ? {} : { levels: o.levels }),
      dislocation: p > 0 ? { probability: p } : false
    });
    apply(motion.current());
    const tickMs = o.tickMs ?? 500;
    const mo = motion;
    if (tickMs > 0) stop = every(tickMs, () => apply(mo.tick()));
  }
  const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    kalshi,
    polymarket,
    keyId,
    pem,
    pk,
    poly,
    motion,
    apply,
    close: async () => {
      stop();
      await Promise.allSettled([kalshi.close(), polymarket.close()]);
    }
  };
}

function lifetime(v: string): number {
  const n = integer('--market-lifetime')(v);
  if (n <= 0) throw new InvalidArgumentError('--market-lifetime must be > 0 ms');
  return n;
}

function probability(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('--dislocation-probability must be in [0, 1]');
  return n;
}

function books(v: string): 'motion' | 'flat' {
  if (v !== 'motion' && v !== 'flat') throw new InvalidArgumentError('--books: motion or flat');
  return v;
}

/** The lines of the env file `mock-venues` writes (credentials and every URL). */
export function mockEnvLines(m: MockVenues, pemFile: string): string[] {
  return [
    '# twinleg mock venues: test credentials, valid only for this mock instance',
    `KALSHI_API_BASE_URL=${m.kalshi.url}`,
    `KALSHI_WS_BASE_URL=${m.kalshi.wsBase}`,
    `KALSHI_API_KEY_ID=${m.keyId}`,
    `KALSHI_PRIVATE_KEY_PATH=${pemFile}`,
    `TWINLEG_VENUES_POLYMARKET_BASE_URL=${m.polymarket.url}`,
    `TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL=${m.polymarket.url}`,
    `TWINLEG_VENUES_POLYMARKET_WS_URL=${m.polymarket.wsUrl}`,
    `POLY_PRIVATE_KEY=${m.pk}`,
    `POLY_API_KEY=${m.poly.apiKey}`,
    `POLY_API_SECRET=${m.poly.secret}`,
    `POLY_API_PASSPHRASE=${m.poly.passphrase}`,
    'POLY_SIGNATURE_TYPE=0'
  ];
}

/** The `mock-venues` command. */
export function mockVenuesCommand(): Command {
  const cmd = new Command('mock-venues').description(
    'start both mock venues on 127.0.0.1 with fresh test credentials (written to an env file) until Ctrl-C'
  );
  cmd
    .option('--config <file>', 'configuration file (JSON)')
    .option('--markets <file>', 'markets to list (default: the demo markets)')
    .option(
      '--write-env <file>',
      'where to write the credentials and URLs (mode 0600)',
      './.twinleg-mock.env'
    )
    .option('--kalshi-port <port>', 'Kalshi mock port (0: any)', port('--kalshi-port'), 0)
    .option(
      '--polymarket-port <port>',
      'Polymarket mock port (0: any)',
      port('--polymarket-port'),
      0
    )
    .option(
      '--books <kind>',
      'motion: ladders around a seeded random-walk mid with dislocations; flat: every cent 1¢…99¢',
      books,
      'motion'
    )
    .option(
      '--depth <contracts>',
      'contracts at the best level (motion, default 200; deeper further out) or at every level (flat, default 10000)',
      port('--depth')
    )
    .option('--levels <n>', 'levels each side of the mid (motion)', port('--levels'), 5)
    .option(
      '--tick-ms <ms>',
      'ms between book motion steps (0: books move only on fills)',
      integer('--tick-ms'),
      500
    )
    .option('--motion-seed <n>', 'seed of the book motion', integer('--motion-seed'), 1)
    .option(
      '--dislocation-probability <p>',
      'chance per market per tick that one venue dislocates (0: never)',
      probability,
      0.01
    )
    .option(
      '--market-lifetime <ms>',
      'markets recur: open this long, then closed, resolved (seeded outcome) and open again (default: never close)',
      lifetime
    )
    .option(
      '--lifecycle-seed <n>',
      'seed of the outcomes and of the stagger',
      integer('--lifecycle-seed'),
      1
    );
  return cmd.action(async (o: MockOptions) => {
    const { config } = effectiveConfig({
      ...(o.config ? { config: o.config } : {}),
      ...(o.markets ? { markets: o.markets } : {})
    });
    const { markets, source } = loadMarkets(config, false);
    const m = await startMockVenues(o, markets);
    const envFile = resolve(o.writeEnv);
    const pemFile = `${envFile}.kalshi.pem`;
    writeFileSync(pemFile, m.pem, { mode: 0o600 });
    writeFileSync(envFile, mockEnvLines(m, pemFile).join('\n') + '\n', { mode: 0o600 });
    console.log(`kalshi mock:     ${m.kalshi.url} (book feed ${m.kalshi.wsBase}/trade-api/ws/v2)`);
    console.log(`polymarket mock: ${m.polymarket.url} (market channel ${m.polymarket.wsUrl})`);
    console.log(`markets:         ${markets.length} from ${source}`);
    console.log(
      o.books === 'flat'
        ? 'books:           flat, every cent 1¢…99¢'
        : `books:           moving (seed ${o.motionSeed ?? 1}, a step every ${o.tickMs ?? 500} ms)`
    );
    if (o.marketLifetime !== undefined)
      console.log(
        `lifecycle:       each market open ${o.marketLifetime} ms per cycle, then closed and resolved (seed ${o.lifecycleSeed})`
      );
    console.log(`env file:        ${envFile} (mode 0600; the Kalshi key is ${pemFile})`);
    console.log(
      `try:             npx twinleg run --live --i-accept-real-money --load-env ${o.writeEnv} --markets <file>${o.books === 'flat' ? ' --feed <file.jsonl>' : ''}`
    );
    console.log('ready (Ctrl-C to stop)');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await m.close();
    rmSync(envFile, { force: true });
    rmSync(pemFile, { force: true });
    console.log('mock venues stopped; env file removed');
  });
}
