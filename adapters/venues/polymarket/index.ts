/**
 * Polymarket CLOB V2 venue adapter: credentials, L2 HMAC, V2 order building and signing,
 * wire parsing, error mapping, and the {@link PolymarketAdapter} itself.
 * @packageDocumentation
 */
export { PolymarketAdapter } from './polymarketAdapter.js';
export { POLY_SETTLEMENT_WINDOW_MS, type PolymarketAdapterOptions } from './options.js';
export { outcomeFromTrades, type TradesQuery } from './tradesLookup.js';
export {
  PolymarketCredentials,
  loadPolymarketCredentials,
  CREDENTIAL_ENV,
  type CredentialsInput,
  type SignatureType
} from './credentials.js';
export { l2Signature, decodeSecret } from './hmac.js';
export { fakAmounts, AmountError, type FakAmounts } from './amounts.js';
export {
  buildSignedOrder,
  orderBody,
  orderIdOf,
  orderTypedData,
  exchangeDomain,
  type WireOrder,
  type OrderParams
} from './orderBuilder.js';
export {
  EXCHANGES,
  FAK_NO_MATCH_MSG,
  NOT_ENOUGH_BALANCE_MSG,
  type ExchangeKind
} from './constants.js';
export {
  classifyError,
  PolymarketCredentialsError,
  retryAfterMs,
  type ErrorVerdict
} from './errors.js';
export {
  readPostResponse,
  readOpenOrder,
  readTrades,
  tradeNotional,
  type PostResult
} from './wire.js';
export { CLOB_AUTH_MESSAGE, clobAuthSignature, l1Headers } from './l1Auth.js';
