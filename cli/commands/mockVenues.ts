/**
 * `twinleg mock-venues`: both mock venues on 127.0.0.1 with freshly generated test
 * credentials, written to an env file (mode 0600) that `twinleg run --live --load-env` reads.
 * Every listed market gets a deep flat book (1¢…99¢ on both sides), so any opportunity fills
 * at the best level rather than at its quoted price. Each pair's two Polymarket tokens are one
 * market (one condition id). With `--market-lifetime <ms>` every market recurs (open for that
 * long, closed, resolved with a seeded outcome — the same on both venues — then open again,
 * staggered): Kalshi pays positions into cash at finalization and lists the settlements,
 * Polymarket redeems the tokens automatically. Runs until Ctrl-C; removes the files.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { cents, contracts, type MarketPair, type Micros, type Qty } from '../../core/index.js';
import { effectiveConfig, loadMarkets } from '../context.js';
import { integer, port, type CommonOptions } from '../options.js';

/** A flat ladder: `qty` contracts at every cent from 1¢ to 99¢. */
function ladder(qty: Qty): { price: Micros; qty: Qty }[] {
  return Array.from({ length: 99 }, (_, i) => ({ price: cents(i + 1), qty }));
}

interface MockOptions extends CommonOptions {
  readonly writeEnv: string;
  readonly kalshiPort: number;
  readonly polymarketPort: number;
  readonly depth: number;
  readonly marketLifetime?: number;
  readonly lifecycleSeed: number;
}

async function startMocks(o: MockOptions, markets: readonly MarketPair[]) {
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
  const book = { asks: ladder(contracts(o.depth)), bids: ladder(contracts(o.depth)) };
  const kalshi = await startKalshiMock({
    publicKey: rsa.publicKey,
    keyId,
    port: o.kalshiPort,
    markets: Object.fromEntries(markets.map((m) => [m.kalshiTicker, { book }])),
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
  for (const m of markets)
    for (const t of [m.polyYesTokenId, m.polyNoTokenId]) polymarket.setBook(t, book);
  const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { kalshi, polymarket, keyId, pem, pk, poly };
}

function lifetime(v: string): number {
  const n = integer('--market-lifetime')(v);
  if (n <= 0) throw new InvalidArgumentError('--market-lifetime must be > 0 ms');
  return n;
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
    .option('--depth <contracts>', 'contracts at each price level', port('--depth'), 10_000)
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
    const m = await startMocks(o, markets);
    const envFile = resolve(o.writeEnv);
    const pemFile = `${envFile}.kalshi.pem`;
    writeFileSync(pemFile, m.pem, { mode: 0o600 });
    const lines = [
      '# twinleg mock venues: test credentials, valid only for this mock instance',
      `KALSHI_API_BASE_URL=${m.kalshi.url}`,
      `KALSHI_API_KEY_ID=${m.keyId}`,
      `KALSHI_PRIVATE_KEY_PATH=${pemFile}`,
      `TWINLEG_VENUES_POLYMARKET_BASE_URL=${m.polymarket.url}`,
      `TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL=${m.polymarket.url}`,
      `POLY_PRIVATE_KEY=${m.pk}`,
      `POLY_API_KEY=${m.poly.apiKey}`,
      `POLY_API_SECRET=${m.poly.secret}`,
      `POLY_API_PASSPHRASE=${m.poly.passphrase}`,
      'POLY_SIGNATURE_TYPE=0'
    ];
    writeFileSync(envFile, lines.join('\n') + '\n', { mode: 0o600 });
    console.log(`kalshi mock:     ${m.kalshi.url}`);
    console.log(`polymarket mock: ${m.polymarket.url}`);
    console.log(`markets:         ${markets.length} from ${source}`);
    if (o.marketLifetime !== undefined)
      console.log(
        `lifecycle:       each market open ${o.marketLifetime} ms per cycle, then closed and resolved (seed ${o.lifecycleSeed})`
      );
    console.log(`env file:        ${envFile} (mode 0600; the Kalshi key is ${pemFile})`);
    console.log(
      `try:             npx twinleg run --live --i-accept-real-money --load-env ${o.writeEnv} --markets <file> --feed <file.jsonl>`
    );
    console.log('ready (Ctrl-C to stop)');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await Promise.allSettled([m.kalshi.close(), m.polymarket.close()]);
    rmSync(envFile, { force: true });
    rmSync(pemFile, { force: true });
    console.log('mock venues stopped; env file removed');
  });
}
