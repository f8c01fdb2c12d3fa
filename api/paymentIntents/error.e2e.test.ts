// Every documented way a payment intent request can be wrong, each answered with the error shape and
// status the docs give and nothing written; and Idempotency-Key replays, conflicts and races.
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { confirmed, walletClientFor } from '../../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { checkedFetch } from '../../test/harness/openApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import type { PmtClient } from '../client.js';

let stack: ApiStack;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack({ MAX_FIAT_AMOUNT: '1000000', BODY_LIMIT_BYTES: '4096' });
  shop = await stack.merchant();
}, 120_000);
afterAll(() => stack?.stop());

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];
type IntentList = InferRequestType<PmtClient['v1']['payment_intents']['$get']>['query'];

const intentCount = async (merchant: TestMerchant) =>
  (await expectStatus(await merchant.client.v1.payment_intents.$get({ query: { limit: '100' } }), 200)).data.length;

const create = (merchant: TestMerchant, json: IntentCreate, idempotencyKey?: string) =>
  merchant.client.v1.payment_intents.$post({
    json,
    header: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
  });

describe('invalid requests change nothing', () => {
  const cases: [string, unknown, 400 | 413, { code: string; param?: string; message?: RegExp }][] = [
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
    [
      'network the gateway does not serve',
      { amount_crypto: '5', network: 'moonbeam' },
      400,
      { code: 'network_not_served', param: 'network' },
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
    const response = await shop.client.v1.payment_intents.$post(
      // Each body is one a client gets wrong, outside the schema on purpose: cast so it is sent as it is.
      { json: (typeof body === 'string' ? {} : body) as IntentCreate, header: {} },
      // Text that is not JSON replaces what `json` would send (`init` comes last), so it goes out unchanged.
      typeof body === 'string' ? { init: { body } } : undefined,
    );
    const answer = await expectStatus(response, status);
    expect(answer.error).toMatchObject({
      type: 'invalid_request_error',
      code: error.code,
      ...(error.param ? { param: error.param } : {}),
    });
    expect(answer.error.message).toEqual(expect.any(String));
    expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+|node_modules/);
    expect(await intentCount(shop)).toBe(before);
  });

  it('refuses intents before the merchant has a payout wallet, saying what to do', async () => {
    const walletless = await stack.merchant({ wallet: false });
    const { error } = await expectStatus(await create(walletless, { amount: 100, currency: 'USD' }), 400);
    expect(error).toMatchObject({ code: 'payout_wallet_missing' });
    expect(error.message).toMatch(/POST \/v1\/merchant\/wallet/);
  });

  it('refuses intents while the escrow is paused, and takes them again once it is not', async () => {
    const before = await intentCount(shop);
    const admin = walletClientFor(stack.chain, devAccounts.admin);
    const escrow = { address: stack.deployment.escrowAddress, abi: pmtEscrowAbi } as const;
    const pausedIn = await confirmed(admin, admin.writeContract({ ...escrow, functionName: 'pause' }));
    await stack.indexer.waitForBlock(pausedIn.blockNumber);
    const refused = await expectStatus(await create(shop, { amount: 100, currency: 'USD' }), 503);
    expect(refused.error).toMatchObject({ code: 'escrow_paused', type: 'api_error' });
    expect(await intentCount(shop)).toBe(before);
    const unpausedIn = await confirmed(admin, admin.writeContract({ ...escrow, functionName: 'unpause' }));
    await stack.indexer.waitForBlock(unpausedIn.blockNumber);
    await expectStatus(await create(shop, { amount: 100, currency: 'USD' }), 200);
  });

  it('answers an unknown id and an unknown route with 404s', async () => {
    const intent = shop.client.v1.payment_intents[':id'];
    expect((await expectStatus(await intent.$get({ param: { id: 'pi_nope' } }), 404)).error).toMatchObject({
      code: 'resource_missing',
      param: 'id',
    });
    await expectStatus(await intent.cancel.$post({ param: { id: 'pi_nope' }, json: {}, header: {} }), 404);
    // A route the API does not have, which the typed client cannot name: a raw request, checked all the same.
    const route = await checkedFetch(stack.contract)(`${stack.url}/v1/charges`, {
      headers: { authorization: `Bearer ${shop.key}` },
    });
    expect(route.status).toBe(404);
    expect(((await route.json()) as { error: unknown }).error).toMatchObject({ code: 'route_not_found' });
  });

  it('checks list parameters', async () => {
    for (const [query, param] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ status: 'paid' }, 'status'],
      [{ 'created[gte]': 'yesterday' }, 'created[gte]'],
      [{ page: '2' }, 'page'],
      [{ 'created[gte]': '10000000000000' }, 'created[gte]'],
      [{ starting_after: 'a', ending_before: 'b' }, 'ending_before'],
      [{ network: 'moonbeam' }, 'network'],
    ] as const) {
      const what = new URLSearchParams(query).toString();
      // Some are outside the schema on purpose (an unknown status, an unknown parameter): cast to send them.
      const response = await shop.client.v1.payment_intents.$get({ query: query as IntentList });
      expect((await expectStatus(response, 400, what)).error.param, what).toBe(param);
    }
    const cursor = await shop.client.v1.payment_intents.$get({ query: { starting_after: 'pi_missing' } });
    expect((await expectStatus(cursor, 404)).error).toMatchObject({
      code: 'resource_missing',
      param: 'starting_after',
    });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body', async () => {
    const merchant = await stack.merchant();
    const body = { amount: 1234, currency: 'USD', metadata: { order: 'A-1' } };
    const first = await create(merchant, body, 'order-A-1');
    const again = await create(merchant, body, 'order-A-1');
    const created = await expectStatus(first, 200);
    expect(await expectStatus(again, 200)).toEqual(created);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await intentCount(merchant)).toBe(1);
  });

  it('refuses the same key with another body or path', async () => {
    const merchant = await stack.merchant();
    await expectStatus(await create(merchant, { amount: 100, currency: 'USD' }, 'k1'), 200);
    const changed = await expectStatus(await create(merchant, { amount: 101, currency: 'USD' }, 'k1'), 422);
    expect(changed.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused' });
    const otherPath = await merchant.client.v1.webhook_endpoints.$post({
      json: { url: 'https://example.com/hook' },
      header: { 'idempotency-key': 'k1' },
    });
    await expectStatus(otherPath, 422);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('keeps keys per merchant', async () => {
    const [a, b] = [await stack.merchant(), await stack.merchant()];
    const body = { amount_crypto: '77' };
    const fromA = await expectStatus(await create(a, body, 'shared'), 200);
    const fromB = await expectStatus(await create(b, body, 'shared'), 200);
    expect(fromB.id).not.toBe(fromA.id);
  });

  it('does not store failures: the same key works once the request is fixed', async () => {
    const merchant = await stack.merchant();
    const failed = await expectStatus(await create(merchant, { amount: 100, currency: 'GBP' }, 'retry-me'), 400);
    expect(failed.error).toMatchObject({ code: 'currency_not_supported' });
    // Had the failure been stored, a different body under the same key would be refused as a reuse (422).
    const fixed = await create(merchant, { amount: 100, currency: 'USD' }, 'retry-me');
    const fixedIntent = await expectStatus(fixed, 200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await create(merchant, { amount: 100, currency: 'USD' }, 'retry-me');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await expectStatus(replayed, 200)).id).toBe(fixedIntent.id);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('creates one intent from twenty identical requests sent at once', async () => {
    const merchant = await stack.merchant();
    const body = { amount: 4200, currency: 'EUR' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => create(merchant, body, 'race')));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const intents = await Promise.all(responses.map((r) => expectStatus(r, 200)));
    expect(new Set(intents.map((intent) => intent.id)).size).toBe(1);
    expect(await intentCount(merchant)).toBe(1);
  });

  it('refuses an empty or overlong key', async () => {
    for (const key of ['', 'x'.repeat(256)]) {
      const { error } = await expectStatus(
        await create(shop, { amount_crypto: '5' }, key),
        400,
        `a key of ${key.length}`,
      );
      expect(error).toMatchObject({ code: 'idempotency_key_invalid' });
    }
  });
});
