/**
 * The two mock venues as separate processes (`adapters/venues/{kalshi,polymarket}/mock/main.ts`
 * run by `node --import tsx`, with {@link ./watchdog.ts} preloaded), with the keys the
 * benchmark's signers and adapters need. Every child is killed on {@link MockVenues.close},
 * on process exit and on SIGINT/SIGTERM; the watchdog covers the case where we are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { testKeyPair, type TestKeys } from '../adapters/venues/kalshi/mock/index.js';

/** Kalshi ticker the mock lists (empty book: IOC orders are answered 0 filled). */
export const BENCH_TICKER = 'KXBENCH-1';
const KEY_ID = 'bench-key-id';

/** Polymarket L2 credentials (fresh per run). */
export interface PolyKeys {
  readonly privateKey: Hex;
  readonly apiKey: string;
  readonly secret: string;
  readonly passphrase: string;
}

/** Both mocks running. */
export interface MockVenues {
  /** Kalshi API root (`…/trade-api/v2`). */
  readonly kalshiUrl: string;
  readonly kalshiKeyId: string;
  readonly kalshiKeys: TestKeys;
  /** Polymarket CLOB origin. */
  readonly polyUrl: string;
  readonly polyKeys: PolyKeys;
  readonly pids: readonly number[];
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

const root = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Spawns one mock `main.ts` and resolves with the JSON line it prints once listening. */
function spawnMock(
  main: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 30_000
): Promise<{ child: ChildProcess; info: { url: string } }> {
  hookExit();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', root('./watchdog.ts'), root(main), ...args],
    { cwd: root('..'), env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] }
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock ${main} did not start in ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock ${main} exited early (code ${String(code)})`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ child, info: JSON.parse(line) as { url: string } });
      } catch (e) {
        child.kill('SIGKILL');
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
function stopChild(c: ChildProcess, graceMs = 2_000): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
    c.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    c.kill('SIGTERM');
  });
}

/** Starts both mocks with fresh keys (see the module comment). */
export async function startMockVenues(): Promise<MockVenues> {
  const dir = mkdtempSync(join(tmpdir(), 'twinleg-bench-'));
  const kalshiKeys = testKeyPair();
  const pubPath = join(dir, 'kalshi-public.pem');
  writeFileSync(pubPath, kalshiKeys.publicKey.export({ type: 'spki', format: 'pem' }));
  const marketsPath = join(dir, 'markets.json');
  writeFileSync(marketsPath, JSON.stringify({ [BENCH_TICKER]: { book: { bids: [], asks: [] } } }));
  const polyKeys: PolyKeys = {
    privateKey: generatePrivateKey(),
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  const started: ChildProcess[] = [];
  try {
    const [k, p] = await Promise.all([
      spawnMock(
        '../adapters/venues/kalshi/mock/main.ts',
        ['--public-key', pubPath, '--key-id', KEY_ID, '--markets', marketsPath],
        {}
      ).then((x) => (started.push(x.child), x)),
      spawnMock('../adapters/venues/polymarket/mock/main.ts', [], {
        POLY_MOCK_API_KEY: polyKeys.apiKey,
        POLY_MOCK_SECRET: polyKeys.secret,
        POLY_MOCK_PASSPHRASE: polyKeys.passphrase,
        POLY_MOCK_ADDRESS: privateKeyToAccount(polyKeys.privateKey).address
      }).then((x) => (started.push(x.child), x))
    ]);
    return {
      kalshiUrl: k.info.url,
      kalshiKeyId: KEY_ID,
      kalshiKeys,
      polyUrl: p.info.url,
      polyKeys,
      pids: [k.child.pid ?? -1, p.child.pid ?? -1],
      close: async () => {
        await Promise.all([stopChild(k.child), stopChild(p.child)]);
        rmSync(dir, { recursive: true, force: true });
      }
    };
  } catch (e) {
    await Promise.all(started.map((c) => stopChild(c, 200)));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
