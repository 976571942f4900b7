/**
 * Runs the mock Polymarket CLOB as its own process (benchmarks, `twinleg mock-venues`).
 * Credentials come from POLY_MOCK_API_KEY, POLY_MOCK_SECRET, POLY_MOCK_PASSPHRASE and
 * POLY_MOCK_ADDRESS (the signer the key is bound to); POLY_MOCK_PORT picks the port. Prints
 * `{"url": ...}` on one stdout line once listening; stops on SIGINT/SIGTERM.
 */
import type { Address } from 'viem';
import { startPolymarketMock } from './server.js';

const need = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`mock: ${name} is required`);
  return v;
};

const mock = await startPolymarketMock({
  apiKey: need('POLY_MOCK_API_KEY'),
  secret: need('POLY_MOCK_SECRET'),
  passphrase: need('POLY_MOCK_PASSPHRASE'),
  address: need('POLY_MOCK_ADDRESS') as Address,
  port: Number(process.env.POLY_MOCK_PORT ?? 0)
});
process.stdout.write(`${JSON.stringify({ url: mock.url })}\n`);
const stop = (): void => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
