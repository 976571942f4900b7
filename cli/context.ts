/**
 * What every command starts from: the environment file, the configuration (file < env <
 * flags), the markets and a logger.
 */
import { existsSync } from 'node:fs';
import type { Logger as PinoLogger } from 'pino';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { createLogger } from '../adapters/logging/logger.js';
import type { MarketPair } from '../core/index.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import type { TwinlegConfig } from './config/schema.js';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { readMarketsFile, MarketsFileError } from './markets.js';
import type { CommonOptions } from './options.js';

/** Loads `--load-env` into `process.env` (variables already set win). Not `--env-file`: Node 20 claims that flag even after the script name. */
export function loadEnvFile(file: string | undefined): void {
  if (!file) return;
  if (!existsSync(file))
    throw new CliError(
      `env file not found: ${file}`,
      'check the path given to --load-env',
      EXIT.usage
    );
  process.loadEnvFile(file);
}

/** The configuration with the command-line flags applied on top. */
export function effectiveConfig(o: CommonOptions & { dryRun?: boolean }): LoadedConfig {
  loadEnvFile(o.loadEnv);
  const loaded = loadConfig({ file: o.config, env: process.env });
  const c = loaded.config;
  const format = o.jsonLogs ? 'json' : o.pretty ? 'pretty' : c.logging.format;
  const config: TwinlegConfig = {
    ...c,
    engine: { ...c.engine, dryRun: o.dryRun === true || c.engine.dryRun },
    paths: {
      ...c.paths,
      ...(o.db ? { db: o.db } : {}),
      ...(o.markets ? { markets: o.markets } : {})
    },
    logging: {
      level: (o.logLevel as TwinlegConfig['logging']['level'] | undefined) ?? c.logging.level,
      format
    }
  };
  return { ...loaded, config };
}

/** The markets of a configuration: the file, or the demo markets (`live` requires a file). */
export function loadMarkets(
  config: TwinlegConfig,
  live: boolean
): { markets: MarketPair[]; source: string } {
  const file = config.paths.markets;
  if (!file) {
    if (live)
      throw new CliError(
        '--live needs a markets file',
        'pass --markets <file> (example: examples/markets.example.json)',
        EXIT.usage
      );
    return { markets: demoMarkets(), source: 'demo markets' };
  }
  const markets = readMarketsFile(file);
  const cap = config.engine.capacity;
  const over = markets.find((m) => m.marketId >= cap);
  if (over)
    throw new MarketsFileError(
      `${file}: marketId ${over.marketId} ("${over.pairId}") is not below engine.capacity ${cap}`
    );
  return { markets, source: file };
}

/** The logger the configuration asks for. */
export function makeLogger(config: TwinlegConfig, fd = 1): PinoLogger {
  const f = config.logging.format;
  return createLogger({
    level: config.logging.level,
    fd,
    ...(f === 'auto' ? {} : { pretty: f === 'pretty' })
  });
}
