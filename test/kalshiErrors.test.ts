/**
 * Kalshi error bodies: the wrapped shape of every capture and the flat shape of the SDK's
 * `ErrorResponse` model are read alike (`409 order_already_exists` resolves by lookup in
 * both), and no credential the venue reflects (key id, signature, `KALSHI-ACCESS-*` values, a
 * PEM) reaches a reason, the ledger or a log. Loopback tests run the real adapter against a
 * bare server this test starts on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { cents, contracts, type Logger } from '../core/index.js';
import {
  classifyHttpError,
  KalshiAdapter,
  kalshiCredentials,
  type KalshiAdapterEvent
} from '../adapters/venues/kalshi/index.js';
import { errorInfo } from '../adapters/venues/kalshi/errors.js';
import { redactSecrets } from '../adapters/venues/kalshi/redact.js';
import { kalshiMarket, kalshiOrder, testKeyPair } from '../adapters/venues/kalshi/mock/index.js';

const wrapped = (code: string, message: string) =>
  JSON.stringify({ error: { code, message, service: 'exchange' } });
const flat = (code: string, message: string, details?: string) =>
  JSON.stringify({ code, message, ...(details === undefined ? {} : { details }) });

const KEY_ID = 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c';
const SIG = `${'Zm9vYmFyYmF6'.repeat(28)}q0Y=`; // 340 base64 chars, like an RSA-2048 PSS signature

describe('both error shapes', () => {
  it.each([
    ['wrapped', wrapped],
    ['flat', flat]
  ] as const)('%s: codes classify alike', (_, body) => {
    const c = (status: number, code: string) =>
      classifyHttpError(status, body(code, code.replace(/_/g, ' ')), undefined, 0);
    expect(c(400, 'insufficient_balance')).toMatchObject({
      kind: 'reject',
      rejectKind: 'insufficient_balance',
      code: 'insufficient_balance',
      message: 'insufficient balance'
    });
    expect(c(404, 'market_not_found')).toMatchObject({ rejectKind: 'invalid_order' });
    expect(c(409, 'trading_is_paused')).toMatchObject({ rejectKind: 'market_closed' });
    expect(c(409, 'order_already_exists')).toEqual({
      kind: 'duplicate',
      code: 'order_already_exists',
      message: 'order already exists'
    });
    expect(c(503, 'service_unavailable')).toMatchObject({ kind: 'unknown' });
  });

  it('flat details are kept after the message; a bare {"error": "…"} is a message', () => {
    expect(errorInfo(400, flat('invalid_parameters', 'bad count', 'count must be > 0'))).toEqual({
      code: 'invalid_parameters',
      message: 'bad count: count must be > 0'
    });
    expect(errorInfo(400, JSON.stringify({ error: 'not allowed' }))).toEqual({
      code: 'http_400',
      message: 'not allowed'
    });
    expect(errorInfo(502, '')).toEqual({ code: 'http_502', message: 'HTTP 502' });
  });
});

describe('no credential in a reason', () => {
  const pem = testKeyPair().privatePem;
  const reflections = [
    `invalid key id ${KEY_ID}`,
    `KALSHI-ACCESS-KEY: ${KEY_ID}; KALSHI-ACCESS-SIGNATURE: ${SIG}`,
    `signature ${SIG} does not verify`,
    `headers {"KALSHI-ACCESS-KEY":"kid_7f3a9b2c","KALSHI-ACCESS-TIMESTAMP":"1768889557000"}`,
    `could not parse ${pem}`,
    `cut PEM ${pem.slice(0, 120)}`
  ];
  // any part of them: a cut must not leave a prefix behind either
  const secrets = [KEY_ID.slice(0, 13), SIG.slice(0, 20), 'kid_7f3a9b2c', '1768889557000'];
  const pemParts = ['PRIVATE KEY', 'MII'];

  it.each(reflections)('%#: wrapped, flat and plain-text bodies', (msg) => {
    for (const text of [
      wrapped('authentication_error', msg),
      flat('authentication_error', 'denied', msg),
      `<html><body>${msg}</body></html>`
    ]) {
      for (const status of [400, 401, 409, 429, 500]) {
        const f = classifyHttpError(status, text, undefined, 0);
        const all = JSON.stringify(f);
        for (const s of [...secrets, ...pemParts]) expect(all).not.toContain(s);
      }
    }
  });

  it('a credential in the code field gives up the code', () => {
    expect(errorInfo(401, wrapped(KEY_ID, 'x')).code).toBe('http_401');
    expect(errorInfo(401, flat(`key_${SIG.slice(0, 50)}`, 'x')).code).toBe('http_401');
  });

  it('ordinary venue text is kept', () => {
    expect(redactSecrets('market not found')).toBe('market not found');
    expect(redactSecrets('api key invalid; signature verification failed')).toBe(
      'api key invalid; signature verification failed'
    );
  });
});

// ---- loopback: the real adapter against a bare server ----

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server | undefined;
let adapter: KalshiAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const keys = testKeyPair();
const market = kalshiMarket('KXERR');

async function start(handler: Handler, keyId: string) {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const logs: unknown[] = [];
  const events: KalshiAdapterEvent[] = [];
  const log = (level: string) => (obj: object, msg: string) => void logs.push([level, obj, msg]);
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error')
  };
  adapter = new KalshiAdapter({
    credentials: kalshiCredentials(keyId, keys.privatePem),
    clock: new ManualClock(),
    baseUrl: `http://127.0.0.1:${port}/trade-api/v2`,
    logger,
    retry: { maxAttempts: 1 },
    presignMaxAgeMs: 0,
    onEvent: (e) => events.push(e)
  });
  return { logs, events, adapter };
}

const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
};
const header = (req: IncomingMessage, h: string) => String(req.headers[h] ?? '');

describe('over loopback', () => {
  it('flat 409 order_already_exists resolves by lookup (idempotent retry of the client id)', async () => {
    const order = kalshiOrder(market, 'no', 'buy', 5, 40, 'dup-1');
    const { events, adapter: a } = await start((req, _body, res) => {
      if (req.method === 'POST')
        return send(res, 409, flat('order_already_exists', 'order already exists'));
      const orders = [
        {
          order_id: 'o-1',
          client_order_id: 'dup-1',
          ticker: 'KXERR',
          status: 'executed',
          book_side: 'ask',
          outcome_side: 'no',
          yes_price_dollars: '0.6000',
          fill_count_fp: '5.00',
          taker_fill_cost_dollars: '1.9000',
          taker_fees_dollars: '0.0900'
        }
      ];
      send(res, 200, JSON.stringify({ orders, cursor: '' }));
    }, KEY_ID);
    const o = await a.placeOrder(order, new AbortController().signal);
    expect(o).toMatchObject({
      status: 'filled',
      orderId: 'o-1',
      filledQty: contracts(5),
      notional: cents(190),
      fee: cents(9)
    });
    expect(events).toContainEqual({ type: 'duplicate', clientOrderId: 'dup-1' });
  });

  it.each([
    ['a UUID key id', KEY_ID],
    ['a key id of no known shape', 'kid_7f3a9b2c']
  ])(
    'an error body reflecting %s and the signature never reaches reason or logs',
    async (_, keyId) => {
      const seen: string[] = [];
      const reflect = (req: IncomingMessage) => {
        const vals = [
          'kalshi-access-key',
          'kalshi-access-signature',
          'kalshi-access-timestamp'
        ].map((h) => header(req, h));
        seen.push(...vals.filter((v) => v !== ''));
        return `request from key ${vals[0]} signed ${vals[1]} at ${vals[2]}`;
      };
      const statuses = [401, 400, 500, 429];
      const statusOf = (req: IncomingMessage, body: string): number => {
        const cid = /"client_order_id":"refl-(\d)"/.exec(body)?.[1];
        if (req.method === 'POST' && cid !== undefined) return statuses[Number(cid)]!;
        if (req.url?.includes('/portfolio/orders/')) return 401;
        return req.url?.includes('/portfolio/balance') ? 400 : 404;
      };
      let n = 0;
      const { logs, adapter: a } = await start((req, body, res) => {
        const msg = reflect(req);
        const b = n++ % 2 ? flat('authentication_error', msg) : wrapped('bad', msg);
        send(res, statusOf(req, body), b);
      }, keyId);
      const outcomes = [];
      for (let i = 0; i < statuses.length; i++) {
        const o = kalshiOrder(market, 'yes', 'buy', 1, 40, `refl-${i}`);
        outcomes.push(await a.placeOrder(o, new AbortController().signal));
      }
      outcomes.push(
        await a.lookupOrder(
          { ...kalshiOrder(market, 'yes', 'buy', 1, 40, 'refl-x'), orderId: 'o' },
          new AbortController().signal
        )
      );
      const balance = await a.balance().catch((e: unknown) => e);
      expect(outcomes.map((o) => o.status)).toEqual([
        'rejected',
        'rejected',
        'unknown',
        'rejected',
        'unknown'
      ]);
      const everything = JSON.stringify([outcomes, logs, String(balance)]);
      expect(seen).toContain(keyId);
      for (const v of new Set(seen)) expect(everything).not.toContain(v);
      expect(outcomes[0]!.reason).toMatch(/: request from key \[redacted\] signed \[redacted\] at/);
    }
  );
});
