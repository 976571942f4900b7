import {
  CENT,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type FeeParams,
  type MarketPair
} from '../../core/index.js';

/** A Polymarket market charging taker fees (3 % × p(1 − p), like some crypto markets). */
const POLY_CRYPTO_FEES: FeeParams = {
  rateMicros: 30_000,
  exponent: 1,
  multiplierMicros: 1_000_000
};

const pair = (
  marketId: number,
  pairId: string,
  description: string,
  kalshiTicker: string,
  polyYesTokenId: string,
  polyNoTokenId: string,
  polyFees: FeeParams = POLYMARKET_NO_FEES
): MarketPair => ({
  marketId,
  pairId,
  description,
  kalshiTicker,
  polyYesTokenId,
  polyNoTokenId,
  tickSize: { kalshi: CENT, polymarket: CENT },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: polyFees }
});

/**
 * Demo market pairs for paper trading and examples: six named ones (ids 0..5) and, when
 * `count` is larger, generic "Demo market N" pairs after them (default 24 in all, so the 10 s
 * delayed release does not leave the demo idle). Tickers and token
 * ids are made up in the venues' formats; they do not exist. Tick 1¢ everywhere, Kalshi's
 * standard fees, Polymarket fee-free except the Bitcoin market (id 2, rate 3 %, exponent 1).
 * Market 0 is the demo feed's "spamming" market.
 */
export function demoMarkets(count = 24): MarketPair[] {
  const named = [
    pair(
      0,
      'fed-2026-03-cut',
      'Fed cuts rates at the March 2026 FOMC meeting',
      'KXFEDDECISION-26MAR-C25',
      '71321045679252212594626385532706912750332728571942532289631379312455583992563',
      '52114319501245915516055106046884209969926127482827954674443846427813813222426'
    ),
    pair(
      1,
      'nba-2026-sas',
      'San Antonio Spurs win the 2026 NBA Finals',
      'KXNBA-26-SAS',
      '53831553061883006530739877284105938919721408776239639687877978808906551086026',
      '10488419712263413908713458611328561240213727381452960932419373260124891045127'
    ),
    pair(
      2,
      'btc-150k-2026',
      'Bitcoin trades above $150,000 before January 1, 2027',
      'KXBTCMAXY-26DEC31-150000',
      '88613172803544318200496156596909968959424174365708473463931555296257475886634',
      '93025177978745967226369398316375153283719303181694312089141658577229870203845',
      POLY_CRYPTO_FEES
    ),
    pair(
      3,
      'us-recession-2026',
      'NBER declares a US recession starting in 2026',
      'KXRECSSNBER-26',
      '21742633143463906290569050155826241533067272736897614950488156847949938836455',
      '48331043336612883890938759509493159234755048973500640148014422747788308965732'
    ),
    pair(
      4,
      'wc-2026-bra',
      'Brazil wins the 2026 FIFA World Cup',
      'KXMENWORLDCUP-26-BRA',
      '69236923620077691027083946871148646972011131466059644796654161903044970987404',
      '87584955359245246404952128082451897287778571240979823316620093987046202296181'
    ),
    pair(
      5,
      'oscars-2026-picture',
      'The best-picture favourite wins at the 2026 Academy Awards',
      'KXOSCARPIC-26-ONE',
      '34201756420989337116230858716418227466312981104725327040963811546018216453309',
      '15980426783004539112880713385941612290264856453871320952284619001447285396551'
    )
  ];
  const extra = Array.from({ length: Math.max(0, count - named.length) }, (_, i) => {
    const id = named.length + i;
    const token = (n: number) => String(BigInt(id) * 1_000_003n + BigInt(n) * 7_919n + 10n ** 75n);
    return pair(id, `demo-${id}`, `Demo market ${id}`, `KXDEMO-26-M${id}`, token(1), token(2));
  });
  return [...named, ...extra].slice(0, Math.max(count, 1));
}
