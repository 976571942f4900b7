/**
 * Signature type 3 (`POLY_1271`, deposit wallets): the order's `maker` and `signer` are the
 * deposit wallet, which validates the signature through EIP-1271 with an ERC-7739 nested
 * typed-data envelope.
 *
 * Mirrors `@polymarket/clob-client-v2@1.1.0` `ExchangeOrderBuilderV2.buildOrderSignature`
 * (`dist/order-utils/exchangeOrderBuilderV2.js`) [official]:
 * - inner signature: the EOA signs `TypedDataSign(Order contents,string name,string version,
 *   uint256 chainId,address verifyingContract,bytes32 salt)` under the exchange's domain, with
 *   `name "DepositWallet"`, `version "1"`, the chain id, `verifyingContract` = the deposit
 *   wallet (`order.signer`) and a zero salt;
 * - the posted signature is `innerSig ‖ exchange domain separator ‖ Order struct hash ‖
 *   Order type string (UTF-8) ‖ uint16 length of the type string` (186 = 0x00ba).
 *
 * The order id is unchanged: the EIP-712 hash of the Order under the exchange's domain.
 * Byte-identical to the SDK in `test/polymarketDepositWallet.test.ts`.
 * @packageDocumentation
 */
import { concat, domainSeparator, hashStruct, toHex, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { BYTES32_ZERO, ORDER_TYPES, POLYGON_CHAIN_ID } from './constants.js';
import type { orderTypedData } from './orderBuilder.js';

/** The Order type string of the V2/V3 struct (ERC-7739 `contentsType`). */
export const ORDER_TYPE_STRING = `Order(${ORDER_TYPES.Order.map((f) => `${f.type} ${f.name}`).join(',')})`;

const TYPED_DATA_SIGN = [
  { name: 'contents', type: 'Order' },
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' }
] as const;

const TYPE_HEX = toHex(ORDER_TYPE_STRING);
const TYPE_LEN = toHex(ORDER_TYPE_STRING.length, { size: 2 });

/** The EIP-712 domain and Order message of one order (from `orderTypedData`). */
export type OrderTypedData = ReturnType<typeof orderTypedData>;

/** The type-3 (deposit wallet) signature of an order, as the official SDK builds it. */
export async function depositWalletSignature(
  account: PrivateKeyAccount,
  td: OrderTypedData
): Promise<Hex> {
  const types = { Order: ORDER_TYPES.Order };
  const inner = await account.signTypedData({
    domain: td.domain,
    types: { TypedDataSign: TYPED_DATA_SIGN, Order: ORDER_TYPES.Order },
    primaryType: 'TypedDataSign',
    message: {
      contents: td.message,
      name: 'DepositWallet',
      version: '1',
      chainId: BigInt(POLYGON_CHAIN_ID),
      verifyingContract: td.message.signer,
      salt: BYTES32_ZERO
    }
  });
  const appDomain = domainSeparator({ domain: td.domain });
  const contents = hashStruct({ data: td.message, primaryType: 'Order', types });
  return concat([inner, appDomain, contents, TYPE_HEX, TYPE_LEN]);
}
