/**
 * Runs the mock Kalshi as its own process (benchmarks, manual runs):
 *
 *     npx tsx adapters/venues/kalshi/mock/main.ts [--port N] [--public-key PEM_PATH] [--key-id ID]
 *         [--markets JSON_PATH]
 *
 * Without `--public-key` it generates a 2048-bit RSA key pair and writes the private key to a
 * 0600 temp file (removed on exit). Prints one JSON line `{url, port, keyId, privateKeyPath?}` (a path, never
 * key material) and runs until SIGINT/SIGTERM.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKalshiMock } from './server.js';
import type { MockMarketInput } from './types.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'public-key': { type: 'string' },
    'key-id': { type: 'string', default: 'mock-key-id' },
    markets: { type: 'string' }
  }
});

let publicKey: string;
let privateKeyPath: string | undefined;
let keyDir: string | undefined;
if (values['public-key']) {
  publicKey = readFileSync(values['public-key'], 'utf8');
} else {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  keyDir = mkdtempSync(join(tmpdir(), 'kalshi-mock-'));
  privateKeyPath = join(keyDir, 'private.pem');
  writeFileSync(privateKeyPath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600
  });
}
const markets = values.markets
  ? (JSON.parse(readFileSync(values.markets, 'utf8')) as Record<string, MockMarketInput>)
  : {};
const keyId = values['key-id'];
const mock = await startKalshiMock({ publicKey, keyId, port: Number(values.port), markets });
process.stdout.write(
  `${JSON.stringify({ url: mock.url, port: mock.port, keyId, ...(privateKeyPath ? { privateKeyPath } : {}) })}\n`
);
const stop = (): void => {
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  void mock.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
