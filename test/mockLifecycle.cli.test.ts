/**
 * `twinleg mock-venues --market-lifetime`: both mocks run the same recurring lifecycle (the
 * same close time for a pair on Kalshi `GET /markets/{ticker}` and Polymarket
 * `end_date_iso`), and a pair's two Polymarket tokens answer one condition id listing both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { exited, start, tempDir, waitFor } from './cliSupport.js';
import type { ChildProcess } from 'node:child_process';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const env = join(tempDir(), 'mock.env');
let mocks: ChildProcess;
const get = async (url: string): Promise<Record<string, unknown>> =>
  (await (await fetch(url)).json()) as Record<string, unknown>;

beforeAll(async () => {
  mocks = start(['mock-venues', '--write-env', env, '--market-lifetime', '86400000']);
  await waitFor(mocks, /ready \(Ctrl-C to stop\)/, 50_000);
});

afterAll(async () => {
  mocks.kill('SIGINT');
  expect(await exited(mocks)).toBe(0);
});

describe('mock-venues with a market lifetime', () => {
  it('a pair closes at the same time on both mocks; its tokens are one market', async () => {
    const text = readFileSync(env, 'utf8');
    const kalshi = /^KALSHI_API_BASE_URL=(.+)$/m.exec(text)?.[1] ?? '';
    const poly = /^TWINLEG_VENUES_POLYMARKET_BASE_URL=(.+)$/m.exec(text)?.[1] ?? '';
    const closes = new Set<string>();
    for (const m of demoMarkets().slice(0, 4)) {
      const k = (await get(`${kalshi}/markets/${m.kalshiTicker}`)).market as Record<
        string,
        unknown
      >;
      expect(k.status).toBe('active');
      const yes = await get(`${poly}/markets-by-token/${m.polyYesTokenId}`);
      const no = await get(`${poly}/markets-by-token/${m.polyNoTokenId}`);
      expect(no.condition_id).toBe(yes.condition_id);
      const p = await get(`${poly}/markets/${String(yes.condition_id)}`);
      expect((p.tokens as { token_id: string }[]).map((t) => t.token_id)).toEqual([
        m.polyYesTokenId,
        m.polyNoTokenId
      ]);
      expect(p).toMatchObject({ closed: false, accepting_orders: true });
      expect(p.end_date_iso).toBe(k.close_time);
      closes.add(String(k.close_time));
    }
    expect(closes.size).toBe(4); // staggered
  });
});
