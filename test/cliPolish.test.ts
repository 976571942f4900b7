/**
 * The CLI's rough edges (issue 17, items 8-10), as real child processes: busy ports, a summary
 * path checked at start, `--version`, flags that do not apply, messages said once, config and
 * feed mistakes named precisely.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  blocker = undefined;
});

/** Holds a port on 127.0.0.1 until the test ends. */
async function busyPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', () => r()));
  return (blocker.address() as AddressInfo).port;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

describe('busy ports (item 8)', () => {
  it.each(['--inspector', '--metrics'])(
    '%s on a busy port: exit 2, one line naming the port, a hint, no trading',
    async (flag) => {
      const port = await busyPort();
      const r = await twinleg(['run', '--duration', '1', flag, String(port), '--json-logs']);
      expect(r.code).toBe(2);
      const err = lines(r.stderr);
      expect(err).toHaveLength(2);
      expect(err[0]).toMatch(
        new RegExp(`^twinleg: .*port ${port} on 127\\.0\\.0\\.1 is already in use`)
      );
      expect(err[0]).toMatch(new RegExp(`^twinleg: ${flag}: port`));
      expect(err[0]).not.toMatch(/another/); // the advice is the hint, said once
      expect(err[1]).toMatch(/^hint: .*another port/);
      expect(r.stdout).not.toMatch(/arb detected/);
    }
  );
});

describe('checked at start (item 9)', () => {
  it('--summary-json into a missing directory is a usage error before any trading', async () => {
    const file = join(tempDir(), 'missing', 'summary.json');
    const r = await twinleg(['run', '--duration', '1', '--summary-json', file, '--json-logs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--summary-json .*missing.*does not exist/);
    expect(r.stderr).toMatch(/^hint: give a file path in an existing, writable directory/m);
    expect(r.stdout).not.toMatch(/arb detected/);
  });

  it('--summary-json naming a directory is a usage error before any trading', async () => {
    const dir = tempDir();
    const r = await twinleg(['run', '--duration', '1', '--summary-json', dir, '--json-logs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--summary-json .*: .* is a directory/);
    expect(r.stdout).not.toMatch(/arb detected/);
  });
});

describe('flags (item 10)', () => {
  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await twinleg(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--config help says JSON or YAML; --rate says demo feed only', async () => {
    const r = await twinleg(['run', '--help']);
    expect(r.stdout).toMatch(/--config <file>\s+configuration file: JSON, or YAML/);
    expect(r.stdout).toMatch(/--rate <perSecond>\s+demo feed only/);
  });

  it('--rate with a file feed or stdin is a usage error', async () => {
    const [file, stdin] = await Promise.all([
      twinleg(['run', '--feed', 'examples/opportunities.sample.jsonl', '--rate', '9']),
      twinleg(['run', '--feed', 'stdin', '--rate', '9'])
    ]);
    for (const r of [file, stdin]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^twinleg: --rate only paces the demo feed/m);
      expect(r.stdout).not.toMatch(/arb detected/);
    }
  });
});

describe('said once (item 10)', () => {
  it('the ledger banner is printed once', async () => {
    const db = join(tempDir(), 'twinleg.db');
    const feed = ['--feed', 'examples/opportunities.sample.jsonl', '--pace', 'asap'];
    const markets = ['--markets', 'examples/markets.example.json'];
    const [info, warn] = await Promise.all([
      twinleg(['run', ...feed, ...markets, '--db', db, '--json-logs']),
      twinleg(['run', ...feed, ...markets, '--db', `${db}2`, '--json-logs', '--log-level', 'warn'])
    ]);
    for (const r of [info, warn]) {
      expect(r.code).toBe(0);
      const all = `${r.stdout}\n${r.stderr}`;
      expect(all.match(/nothing to recover/g) ?? []).toHaveLength(1);
    }
  });

  it('a ledger that cannot be opened is named once, its advice as the hint', async () => {
    const db = join(tempDir(), 'missing', 'x.db');
    const r = await twinleg(['run', '--duration', '1', '--db', db]);
    expect(r.code).toBe(5);
    const err = lines(r.stderr);
    expect(err).toHaveLength(2);
    expect(err[0]?.split(db)).toHaveLength(2); // the path appears once
    expect(err[0]).not.toMatch(/cannot open.*cannot open/);
    expect(err[0]).not.toMatch(/\(check the path/);
    expect(err[1]).toMatch(/^hint: check the path and its permissions/);
  });
});

describe('doctor on a damaged ledger', () => {
  it('gives the advice without sending the user back to doctor', async () => {
    const db = join(tempDir(), 'junk.db');
    writeFileSync(db, 'not a database at all, just text\n'.repeat(10));
    const r = await twinleg(['doctor', '--db', db]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/✗ ledger: ledger .*junk\.db: cannot open: file is not a database\n/);
    expect(r.stdout).toMatch(
      /hint: not a twinleg ledger, or damaged: move it aside or use another --db\n/
    );
    expect(r.stdout).not.toMatch(/twinleg doctor --db/);
  });
});

describe('config and feed mistakes (item 10)', () => {
  it('a broken JSON config reports line and column', async () => {
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, '{\n  "engine": {\n    "legTimeoutMs": 5\n  ,}\n}\n');
    const r = await twinleg(['run', '--config', file, '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.json: not valid JSON at line 4, column 4: /);
  });

  it('a broken markets file reports line and column too', async () => {
    const file = join(tempDir(), 'm.json');
    writeFileSync(file, '[\n  {"marketId": 0,\n   "pairId": "x" "kalshiTicker": "K"}\n]\n');
    const r = await twinleg(['run', '--markets', file, '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/m\.json: not valid JSON at line 3, column 18: /);
  });

  it('line and column from any JSON.parse message: offset (Node 20), own (Node 22+), end', async () => {
    const { jsonErrorAt } = await import('../cli/config/jsonError.js');
    const at = (t: string) => {
      try {
        JSON.parse(t);
      } catch (e) {
        return jsonErrorAt(t, (e as Error).message);
      }
    };
    expect(at('{\n "a": 1,\n}')).toBe('at line 3, column 1: Expected double-quoted property name');
    expect(at('{"a":')).toBe('at line 1, column 6: unexpected end of the file');
    expect(
      jsonErrorAt(
        '',
        'Expected double-quoted property name in JSON at position 10 (line 3 column 1)'
      )
    ).toBe('at line 3, column 1: Expected double-quoted property name');
  });

  it('an unknown config key suggests the nearest known one', async () => {
    const file = join(tempDir(), 'c.yaml');
    writeFileSync(file, 'engine:\n  legTimeoutMS: 500\nmetrcs:\n  port: 0\n');
    const r = await twinleg(['run', '--config', file, '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key "legTimeoutMS"; did you mean "legTimeoutMs"\?/);
    const { loadConfig } = await import('../cli/config/load.js');
    writeFileSync(file, 'metrcs:\n  port: 0\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/did you mean "metrics"\?/);
    writeFileSync(file, 'engine:\n  zzzzzzzz: 1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/unknown key "zzzzzzzz"$/);
  });

  it('an unknown key in an opportunity line is an error naming the line and the key', async () => {
    const file = join(tempDir(), 'f.jsonl');
    const ok = '{"marketId":0,"arbType":"PolyOnly","yesPrice":1,"noPrice":2,"yesSize":3,"noSize":4';
    writeFileSync(file, `${ok}}\n\n${ok},"yesSzie":5}\n`);
    const [run, replay] = await Promise.all([
      twinleg(['run', '--feed', file, '--duration', '1']),
      twinleg(['replay', file, '--out', join(tempDir(), 'r')])
    ]);
    for (const r of [run, replay]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/f\.jsonl:3: unknown key "yesSzie" \(known: t, marketId, /);
    }
    writeFileSync(file, `${ok},"depth":{"yse":1}}\n`);
    const depth = await twinleg(['run', '--feed', file, '--duration', '1']);
    expect(depth.stderr).toMatch(/f\.jsonl:1: depth: unknown key "yse" \(known: yes, no\)/);
  });
});

describe('environment mistakes said once', () => {
  it('a bad CB_* amount names the variable and the reason, without an inner code', async () => {
    const { loadConfig } = await import('../cli/config/load.js');
    const err = (() => {
      try {
        loadConfig({ env: { CB_MAX_DAILY_LOSS: 'abc' } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toBe(
      'invalid configuration CB_MAX_DAILY_LOSS: not a decimal number: "abc"'
    );
  });
});

describe('.gitignore', () => {
  it('covers what the examples create', () => {
    const ignored = readFileSync('.gitignore', 'utf8').split('\n');
    for (const p of ['replay-report/', 'twinleg.db', '.twinleg-mock.env', 'live.env'])
      expect(ignored).toContain(p);
  });
});
