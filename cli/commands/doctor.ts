/**
 * `twinleg doctor`: checks configuration, markets, credentials (presence and format, never
 * values), the ledger, and with `--live` venue reachability and clock skew; then prints the
 * effective configuration with secrets masked. Exit 4 when any check fails.
 */
import { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { credentialView, maskSecrets } from '../config/mask.js';
import type { TwinlegConfig } from '../config/schema.js';
import { effectiveConfig } from '../context.js';
import {
  checkKalshi,
  checkKalshiReach,
  checkLedger,
  checkMarkets,
  checkPolymarket,
  checkPolymarketReach,
  polymarketExchanges,
  type Check
} from '../doctor/checks.js';
import { describeError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { addCommonOptions, type CommonOptions } from '../options.js';

const mark = (c: Check): string => (c.ok === true ? '✓' : c.ok === false ? '✗' : '–');

/** The `doctor` command. */
export function doctorCommand(): Command {
  const cmd = new Command('doctor').description(
    'check config, markets, credentials, ledger (and with --live, venue reachability and clock skew)'
  );
  addCommonOptions(cmd, { db: true }).option(
    '--live',
    'also require credentials and a markets file, and contact the venues'
  );
  return cmd.action(async (o: CommonOptions & { live?: boolean }) => {
    const live = o.live === true;
    const checks: Check[] = [];
    let config: TwinlegConfig;
    let source = 'defaults';
    try {
      const loaded = effectiveConfig(o);
      config = loaded.config;
      source = [loaded.file ?? 'defaults', ...loaded.envVariables].join(', ');
      checks.push({ name: 'config', ok: true, detail: `valid (from ${source})` });
    } catch (e) {
      const d = describeError(e);
      checks.push({ name: 'config', ok: false, detail: d.message, hint: d.hint });
      config = loadConfig({ env: {} }).config;
    }
    checks.push(
      checkMarkets(config, live),
      checkKalshi(process.env, live),
      await checkPolymarket(process.env, live),
      await checkLedger(config)
    );
    if (live) {
      checks.push(
        ...(await Promise.all([
          checkKalshiReach(config.venues.kalshi.baseUrl),
          checkPolymarketReach(config.venues.polymarket.baseUrl),
          polymarketExchanges(config)
        ]))
      );
    }
    for (const c of checks) {
      console.log(`${mark(c)} ${c.name}: ${c.detail}`);
      if (c.ok === false && c.hint) console.log(`  hint: ${c.hint}`);
    }
    console.log('\neffective configuration (secrets masked):');
    console.log(
      JSON.stringify(
        { ...(maskSecrets(config) as object), credentials: credentialView(process.env) },
        null,
        2
      )
    );
    const failed = checks.filter((c) => c.ok === false).length;
    console.log(failed === 0 ? '\nall checks passed' : `\n${failed} check(s) failed`);
    process.exitCode = failed === 0 ? EXIT.ok : EXIT.checkFailed;
  });
}
