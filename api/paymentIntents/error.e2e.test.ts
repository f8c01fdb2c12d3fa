// Every documented way a payment intent request can be wrong, each answered with the error shape and
// status the docs give and nothing written; and Idempotency-Key replays, conflicts and races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { confirmed, walletClientFor } from '../../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';

let stack: ApiStack;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack({ MAX_FIAT_AMOUNT: '1000000', BODY_LIMIT_BYTES: '4096' });
  shop = await stack.merchant();
}, 120_000);
afterAll(() => stack?.stop());

const intentCount = async (merchant: TestMerchant) =>
  (await merchant.call('GET', '/v1/payment_intents?limit=100')).body.data.length as number;

describe('invalid requests change nothing', () => {
  const cases: [string, unknown, number, { code: string; param?: string; message?: RegExp }][] = [
    ['negative amount', { amount: -1, currency: 'USD' }, 400, { code: 'parameter_invalid', param: 'amount' }],
    ['zero amount', { amount: 0, currency: 'USD' }, 400, { code: 'parameter_invalid', param: 'amount' }],
    ['fractional amount', { amount: 10.5, currency: 'USD' }, 400, { code: 'parameter_invalid', param: 'amount' }],
    ['amount as a string', { amount: '100', currency: 'USD' }, 400, { code: 'parameter_invalid', param: 'amount' }],
    ['unsafe integer', { amount: 2 ** 53, currency: 'USD' }, 400, { code: 'parameter_invalid', param: 'amount' }],
    [
      'amount over the configured maximum',
      { amount: 1_000_001, currency: 'USD' },
      400,
      { code: 'amount_too_large', param: 'amount' },
    ],
    ['missing currency', { amount: 100 }, 400, { code: 'parameter_missing', param: 'currency' }],
    ['missing amount', { currency: 'USD' }, 400, { code: 'parameter_missing', param: 'amount' }],
    [
      'both kinds of amount',
      { amount: 100, currency: 'USD', amount_crypto: '5' },
      400,
      { code: 'parameter_invalid', param: 'amount_crypto' },
    ],
    ['malformed currency', { amount: 100, currency: 'US$' }, 400, { code: 'parameter_invalid', param: 'currency' }],
    [
      'currency without a price',
      { amount: 100, currency: 'GBP' },
      400,
      { code: 'currency_not_supported', param: 'currency' },
    ],
    ['zero crypto amount', { amount_crypto: '0' }, 400, { code: 'parameter_invalid', param: 'amount_crypto' }],
    ['crypto amount as a number', { amount_crypto: 5 }, 400, { code: 'parameter_invalid', param: 'amount_crypto' }],
    [
      'crypto amount beyond uint256',
      { amount_crypto: '9'.repeat(78) },
      400,
      { code: 'parameter_invalid', param: 'amount_crypto' },
    ],
    [
      'unknown field',
      { amount: 100, currency: 'USD', capture: true },
      400,
      { code: 'parameter_unknown', param: 'capture' },
    ],
    [
      'asset that is not an address',
      { amount_crypto: '5', asset: 'USDC' },
      400,
      { code: 'parameter_invalid', param: 'asset' },
    ],
    [
      'token with a wrong checksum',
      { amount_crypto: '5', asset: '0x5fbDB2315678afecb367f032d93F642f64180aa3' },
      400,
      { code: 'parameter_invalid', param: 'asset' },
    ],
    [
      'token the escrow does not allow',
      { amount_crypto: '5', asset: '0x0000000000000000000000000000000000000001' },
      400,
      { code: 'asset_not_allowed', param: 'asset' },
    ],
    [
      'bad email',
      { amount_crypto: '5', customer_email: 'nope' },
      400,
      { code: 'parameter_invalid', param: 'customer_email' },
    ],
    [
      'metadata with 51 keys',
      { amount_crypto: '5', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      400,
      { code: 'parameter_invalid', param: 'metadata' },
    ],
    [
      'metadata key of 41 characters',
      { amount_crypto: '5', metadata: { ['k'.repeat(41)]: 'v' } },
      400,
      { code: 'parameter_invalid', param: `metadata.${'k'.repeat(41)}` },
    ],
    [
      'metadata value of 501 characters',
      { amount_crypto: '5', metadata: { note: 'v'.repeat(501) } },
      400,
      { code: 'parameter_invalid', param: 'metadata.note' },
    ],
    [
      'metadata value that is not a string',
      { amount_crypto: '5', metadata: { n: 5 } },
      400,
      { code: 'parameter_invalid', param: 'metadata.n' },
    ],
    ['malformed JSON', '{"amount":', 400, { code: 'body_invalid_json' }],
    [
      'body over the size limit',
      { amount_crypto: '5', description: 'x'.repeat(5000) },
      413,
      { code: 'body_too_large' },
    ],
  ];

  it.each(cases)('%s', async (_name, body, status, error) => {
    const before = await intentCount(shop);
    const response = await shop.call('POST', '/v1/payment_intents', body);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: error.code,
      ...(error.param ? { param: error.param } : {}),
    });
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
    expect(await intentCount(shop)).toBe(before);
  });

  it('refuses intents before the merchant has a payout wallet, saying what to do', async () => {
    const walletless = await stack.merchant({ wallet: false });
    const response = await walletless.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'payout_wallet_missing' });
    expect(response.body.error.message).toMatch(/POST \/v1\/merchant\/wallet/);
  });

  it('refuses intents while the escrow is paused, and takes them again once it is not', async () => {
    const before = await intentCount(shop);
    const admin = walletClientFor(stack.chain, devAccounts.admin);
    const escrow = { address: stack.deployment.escrowAddress, abi: pmtEscrowAbi } as const;
    const pausedIn = await confirmed(admin, admin.writeContract({ ...escrow, functionName: 'pause' }));
    await stack.indexer.waitForBlock(pausedIn.blockNumber);
    const refused = await shop.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'escrow_paused', type: 'api_error' });
    expect(await intentCount(shop)).toBe(before);
    const unpausedIn = await confirmed(admin, admin.writeContract({ ...escrow, functionName: 'unpause' }));
    await stack.indexer.waitForBlock(unpausedIn.blockNumber);
    expect((await shop.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' })).status).toBe(200);
  });

  it('answers an unknown id and an unknown route with 404s', async () => {
    expect((await shop.call('GET', '/v1/payment_intents/pi_nope')).body.error).toMatchObject({
      code: 'resource_missing',
      param: 'id',
    });
    expect((await shop.call('POST', '/v1/payment_intents/pi_nope/cancel')).status).toBe(404);
    const route = await shop.call('GET', '/v1/charges');
    expect(route.status).toBe(404);
    expect(route.body.error).toMatchObject({ code: 'route_not_found' });
  });

  it('checks list parameters', async () => {
    for (const [path, param] of [
      ['/v1/payment_intents?limit=0', 'limit'],
      ['/v1/payment_intents?limit=101', 'limit'],
      ['/v1/payment_intents?status=paid', 'status'],
      ['/v1/payment_intents?created[gte]=yesterday', 'created[gte]'],
      ['/v1/payment_intents?page=2', 'page'],
      ['/v1/payment_intents?created[gte]=10000000000000', 'created[gte]'],
      ['/v1/payment_intents?starting_after=a&ending_before=b', 'ending_before'],
    ] as const) {
      const response = await shop.call('GET', path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.param, path).toBe(param);
    }
    const cursor = await shop.call('GET', '/v1/payment_intents?starting_after=pi_missing');
    expect(cursor.status).toBe(404);
    expect(cursor.body.error).toMatchObject({ code: 'resource_missing', param: 'starting_after' });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body', async () => {
    const merchant = await stack.merchant();
    const body = { amount: 1234, currency: 'USD', metadata: { order: 'A-1' } };
    const first = await merchant.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'order-A-1' });
    const again = await merchant.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'order-A-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await intentCount(merchant)).toBe(1);
  });

  it('refuses the same key with another body or path', async () => {
    const merchant = await stack.merchant();
    await merchant.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' }, { 'idempotency-key': 'k1' });
    const changed = await merchant.call(
      'POST',
      '/v1/payment_intents',
      { amount: 101, currency: 'USD' },
      { 'idempotency-key': 'k1' },
    );
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused' });
    const otherPath = await merchant.call(
      'POST',
      '/v1/webhook_endpoints',
      { url: 'https://example.com/hook' },
      { 'idempotency-key': 'k1' },
    );
    expect(otherPath.status).toBe(422);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('keeps keys per merchant', async () => {
    const [a, b] = [await stack.merchant(), await stack.merchant()];
    const body = { amount_crypto: '77' };
    const fromA = await a.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'shared' });
    const fromB = await b.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'shared' });
    expect(fromB.status).toBe(200);
    expect(fromB.body.id).not.toBe(fromA.body.id);
  });

  it('does not store failures: the same key works once the request is fixed', async () => {
    const merchant = await stack.merchant();
    const failed = await merchant.call(
      'POST',
      '/v1/payment_intents',
      { amount: 100, currency: 'GBP' },
      { 'idempotency-key': 'retry-me' },
    );
    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatchObject({ code: 'currency_not_supported' });
    // Had the failure been stored, a different body under the same key would be refused as a reuse (422).
    const fixed = await merchant.call(
      'POST',
      '/v1/payment_intents',
      { amount: 100, currency: 'USD' },
      { 'idempotency-key': 'retry-me' },
    );
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await merchant.call(
      'POST',
      '/v1/payment_intents',
      { amount: 100, currency: 'USD' },
      { 'idempotency-key': 'retry-me' },
    );
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.id).toBe(fixed.body.id);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('creates one intent from twenty identical requests sent at once', async () => {
    const merchant = await stack.merchant();
    const body = { amount: 4200, currency: 'EUR' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        merchant.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'race' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('refuses an empty or overlong key', async () => {
    for (const key of ['', 'x'.repeat(256)]) {
      const response = await shop.call(
        'POST',
        '/v1/payment_intents',
        { amount_crypto: '5' },
        { 'idempotency-key': key },
      );
      expect(response.body.error).toMatchObject({ code: 'idempotency_key_invalid' });
    }
  });
});
