/**
 * The CLI's rough edges (issue 17, items 8-10), as real child processes: busy ports, a summary
 * path checked at start, `--version`, flags that do not apply, messages said once, config and
 * feed mistakes named precisely.
 */
import { readFileSync } from 'node:fs';
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
    expect(r.stderr).toMatch(/^hint: /m);
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
