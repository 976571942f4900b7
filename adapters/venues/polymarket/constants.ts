import type { Address } from 'viem';

/** Polygon mainnet chain id (the only chain the adapter signs for). */
export const POLYGON_CHAIN_ID = 137;

/** EIP-712 domain name shared by every Polymarket exchange contract. */
export const EXCHANGE_DOMAIN_NAME = 'Polymarket CTF Exchange';

/**
 * Which exchange contract a token trades on:
 * - `standard`: CTF Exchange V2 (binary markets, CTF token ids), domain version "2";
 * - `neg-risk`: Neg Risk CTF Exchange V2, domain version "2";
 * - `v3`: ExchangeV3 ("Protocol V2" markets, position ids), domain version "3".
 */
export type ExchangeKind = 'standard' | 'neg-risk' | 'v3';

/** Address and EIP-712 domain version of one exchange. */
export interface ExchangeSpec {
  readonly address: Address;
  readonly version: '2' | '3';
}

/** Exchange contracts on Polygon (from `@polymarket/clob-client-v2@1.1.0` `config.js`). */
export const EXCHANGES: Readonly<Record<ExchangeKind, ExchangeSpec>> = {
  standard: { address: '0xE111180000d2663C0091e4f400237545B87B996B', version: '2' },
  'neg-risk': { address: '0xe2222d279d744050d28e00520010520000310F59', version: '2' },
  v3: { address: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa', version: '3' }
};

/** The V2/V3 signed Order struct (field order is part of the type hash). */
export const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' }
  ]
} as const;

/** bytes32 zero (default metadata and builder code). */
export const BYTES32_ZERO = `0x${'0'.repeat(64)}` as const;

/** The exact message of the FAK no-match 400 (a clean no-fill). */
export const FAK_NO_MATCH_MSG =
  'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.';

/** The balance/allowance rejection (on a sell right after a buy: not settled yet). */
export const NOT_ENOUGH_BALANCE_MSG = 'not enough balance / allowance';
