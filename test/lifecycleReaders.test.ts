/**
 * Reading a market's life from each venue's answers: open, closed, resolved with its payout,
 * and answers that prove nothing refused (never read as "open" or as a payout).
 */
import { describe, expect, it } from 'vitest';
import { readMarketState, readSettlements } from '../adapters/venues/kalshi/marketState.js';
import { PolymarketMarketStates } from '../adapters/venues/polymarket/marketState.js';
import {
  cents,
  closingSoon,
  contracts,
  dollars,
  settlementPayout,
  USD,
  winnerOf
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const signal = new AbortController().signal;
const kalshiGet = (body: unknown, status = 200) => {
  const seen: string[] = [];
  const get = (path: string) => {
    seen.push(path);
    return Promise.resolve({ status, text: JSON.stringify(body), retryAfter: undefined });
  };
  return { get, seen };
};
const market = (over: object) => ({
  market: {
    ticker: 'KX-1',
    status: 'active',
    result: '',
    close_time: '2026-12-01T00:00:00Z',
    ...over
  }
});

describe('Kalshi market state', () => {
  it('reads active as open with its close time', async () => {
    const { get, seen } = kalshiGet(market({}));
    expect(await readMarketState(get, 'KX-1', signal)).toEqual({
      venue: 'kalshi',
      phase: 'open',
      closeWallMs: Date.UTC(2026, 11, 1),
      yesPayout: null
    });
    expect(seen).toEqual(['/markets/KX-1']);
  });

  it('reads closed and determined as closed (payout not final)', async () => {
    for (const status of ['closed', 'determined', 'disputed', 'initialized']) {
      const s = await readMarketState(
        kalshiGet(market({ status, result: 'yes' })).get,
        'KX-1',
        signal
      );
      expect(s.phase, status).toBe('closed');
      expect(s.yesPayout).toBeNull();
    }
  });

  it('reads finalized with its payout: yes $1, no $0, scalar its settlement value', async () => {
    const read = (over: object) => readMarketState(kalshiGet(market(over)).get, 'KX-1', signal);
    expect((await read({ status: 'finalized', result: 'yes' })).yesPayout).toBe(USD);
    expect((await read({ status: 'finalized', result: 'no' })).yesPayout).toBe(0);
    const scalar = await read({
      status: 'finalized',
      result: 'scalar',
      settlement_value_dollars: '0.37'
    });
    expect(scalar).toMatchObject({ phase: 'resolved', yesPayout: cents(37) });
  });

  it('refuses a finalized market without a provable payout, another ticker, or an error', async () => {
    const read = (body: unknown, status = 200) =>
      readMarketState(kalshiGet(body, status).get, 'KX-1', signal);
    await expect(read(market({ status: 'finalized', result: '' }))).rejects.toThrow(
      /finalized market/
    );
    await expect(read(market({ status: 'finalized', result: 'scalar' }))).rejects.toThrow();
    await expect(read(market({ ticker: 'KX-2' }))).rejects.toThrow(/unexpected market body/);
    await expect(read({ error: { code: 'not_found', message: 'x' } }, 404)).rejects.toThrow(/404/);
  });

  it('reads settlements with what they paid', async () => {
    const body = {
      settlements: [
        {
          ticker: 'KX-1',
          market_result: 'yes',
          yes_count_fp: '10.00',
          no_count_fp: '0.00',
          revenue: 1000,
          fee_cost: '0.0200',
          settled_time: '2026-12-01T01:00:00Z'
        },
        {
          ticker: 'KX-OTHER',
          market_result: 'no',
          yes_count_fp: '1.00',
          no_count_fp: '0.00',
          revenue: 0,
          settled_time: '2026-12-01T01:00:00Z'
        }
      ],
      cursor: ''
    };
    expect(await readSettlements(kalshiGet(body).get, 'KX-1', signal)).toEqual([
      {
        ticker: 'KX-1',
        result: 'yes',
        yes: contracts(10),
        no: 0,
        revenue: dollars(10),
        fee: cents(2),
        settledWallMs: Date.UTC(2026, 11, 1, 1)
      }
    ]);
  });
});

describe('Polymarket market state', () => {
  const m = testMarket(3);
  const clob = (market: object) => {
    const seen: string[] = [];
    const get = (path: string) => {
      seen.push(path);
      const body = path.startsWith('/markets-by-token/') ? { condition_id: '0xabc' } : market;
      return Promise.resolve({ status: 200, text: JSON.stringify(body) });
    };
    return { states: new PolymarketMarketStates(get), seen };
  };
  const body = (over: object, winners: [boolean, boolean] = [false, false]) => ({
    condition_id: '0xabc',
    active: true,
    closed: false,
    accepting_orders: true,
    end_date_iso: '2026-12-01T00:00:00Z',
    tokens: [
      { token_id: m.polyYesTokenId, outcome: 'Yes', price: 0.5, winner: winners[0] },
      { token_id: m.polyNoTokenId, outcome: 'No', price: 0.5, winner: winners[1] }
    ],
    ...over
  });

  it('reads open, then closed, then resolved; the condition id is looked up once', async () => {
    const { states, seen } = clob(body({}));
    expect(await states.read(m, signal)).toEqual({
      venue: 'polymarket',
      phase: 'open',
      closeWallMs: Date.UTC(2026, 11, 1),
      yesPayout: null
    });
    await states.read(m, signal);
    expect(seen.filter((p) => p.startsWith('/markets-by-token/'))).toHaveLength(1);
    expect((await clob(body({ closed: true })).states.read(m, signal)).phase).toBe('closed');
    const won = await clob(body({ closed: true }, [false, true])).states.read(m, signal);
    expect(won).toMatchObject({ phase: 'resolved', yesPayout: 0 });
  });

  it('refuses an answer that does not list the pair or names two winners', async () => {
    const one = body({ tokens: [{ token_id: m.polyYesTokenId, winner: false }] });
    await expect(clob(one).states.read(m, signal)).rejects.toThrow(/does not list/);
    await expect(clob(body({ closed: true }, [true, true])).states.read(m, signal)).rejects.toThrow(
      /both tokens/
    );
  });
});

describe('settlement arithmetic', () => {
  it('pays each side its payout; a split pays both sides', () => {
    expect(settlementPayout({ yes: contracts(10), no: contracts(4) }, USD)).toBe(dollars(10));
    expect(settlementPayout({ yes: contracts(10), no: contracts(4) }, cents(0))).toBe(dollars(4));
    expect(settlementPayout({ yes: contracts(3), no: contracts(3) }, cents(37))).toBe(dollars(3));
    expect(winnerOf(USD)).toBe('yes');
    expect(winnerOf(cents(37))).toBeNull();
  });

  it('stops entries when a venue is not open or its close is within the guard', () => {
    const open = {
      venue: 'kalshi' as const,
      phase: 'open' as const,
      closeWallMs: 10_000,
      yesPayout: null
    };
    expect(closingSoon([open], 0, 5_000)).toBeNull();
    expect(closingSoon([open], 5_000, 5_000)).toBe(open);
    const closed = { ...open, venue: 'polymarket' as const, phase: 'closed' as const };
    expect(closingSoon([open, closed], 0, 5_000)).toBe(closed);
  });
});
