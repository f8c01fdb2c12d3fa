// Who may do what. Every route the OpenAPI document lists is tried, generated from the document itself so
// that no route can ship without it: without a key, with a revoked key, with a key restricted to other
// resources (and a read-only key for writes), and with another merchant's ids, which must answer 404 and
// change nothing. Then what no generator knows: key formats, merchant isolation of lists (with real
// balances and payouts on both sides), restricted-key rules, rate limits, the admin credential, CORS only
// where a browser needs it, request ids, and no internals leaked.
import type { InferRequestType, InferResponseType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { freePort } from '../devkit/freePort.js';
import { issueApiKey } from '../lib/apiKeys/store.js';
import { confirmed } from '../lib/chain.js';
import { withDb } from '../lib/db/client.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { query } from '../test/harness/indexer.js';
import { checkedFetch, type DocumentedOperation } from '../test/harness/openApi.js';
import { pollUntil } from '../test/harness/poll.js';
import { expectStatus } from '../test/harness/typedClient.js';
import type { PmtClient } from './client.js';

// The routes to generate tests for come from the running API's document, so the stack starts while the
// file is collected; the merchants and their money are made before the tests run.
// The limit is lifted here (the generated tests call fast with one key); rate limits have tests of their own.
const stack = await startApiStack({ RATE_LIMIT_PER_SECOND: '100000' });
afterAll(() => stack.stop());

/**
 * A request the typed client cannot make, checked against the document all the same: the generated tests'
 * (each route's method and path are data from /openapi.json, and the typed client's routes are named in
 * code), and the few that send what no route's types let through (a form body).
 */
async function raw(
  key: string | undefined,
  method: string,
  path: string,
  body?: object | string,
  headers: Record<string, string> = {},
) {
  const response = await checkedFetch(stack.contract)(`${stack.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: typeof body === 'object' ? JSON.stringify(body) : body,
  });
  // Every answer these requests get is an error, which the API always sends as JSON.
  return { status: response.status, body: (await response.json()) as unknown };
}

const createIntent = async (merchant: TestMerchant, json: IntentCreate) =>
  expectStatus(await merchant.client.v1.payment_intents.$post({ json, header: {} }), 200);
const createKey = async (merchant: TestMerchant, json: KeyCreate) =>
  expectStatus(await merchant.client.v1.api_keys.$post({ json, header: {} }), 200);

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];
type KeyCreate = InferRequestType<PmtClient['v1']['api_keys']['$post']>['json'];
type Resource = NonNullable<NonNullable<KeyCreate['permissions']>['resources']>[number];
type Payout = InferResponseType<PmtClient['v1']['payouts']['$get'], 200>['data'][number];

/** Pays `amount` wei to `merchant` through an intent, releases it early (as the buyer may) and pays it out. */
async function paidOut(merchant: TestMerchant, amount: bigint) {
  const intent = await createIntent(merchant, { amount_crypto: amount.toString() });
  await stack.pay(intent);
  const paid = await stack.waitForIntent(merchant, intent.id, (body) => body.status === 'succeeded');
  const { escrowAddress } = stack.deployment;
  await stack.release(paid);
  const payout = await confirmed(
    stack.keeper,
    stack.keeper.writeContract({
      address: escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'payout',
      args: [NATIVE_TOKEN, [merchant.wallet]],
    }),
  );
  const shown = (payouts: Payout[]) => payouts.find((p) => p.transaction?.tx_hash === payout.transactionHash);
  const payouts = await pollUntil(
    'the payout in GET /v1/payouts',
    async () => (await expectStatus(await merchant.client.v1.payouts.$get({ query: {} }), 200)).data,
    (payouts) => shown(payouts) !== undefined,
  );
  return { intent, payout: shown(payouts)! };
}

/** Alice owns one object of every kind an id names, and real money: a payout made, a payment in escrow; Mallory has money of its own, so its lists are not empty by default. */
async function merchants() {
  const [alice, mallory] = [await stack.merchant(), await stack.merchant()];
  const alicePaidOut = await paidOut(alice, 3_000_000_000_000_000n);
  const aliceEscrowed = await createIntent(alice, { amount_crypto: '2000000000000000' });
  await stack.pay(aliceEscrowed);
  await stack.waitForIntent(alice, aliceEscrowed.id, (body) => body.status === 'succeeded');
  const aliceIntent = await createIntent(alice, { amount: 100, currency: 'USD' });
  // No worker runs here: the refund stays pending, an object of Alice's like any other.
  const aliceRefund = await expectStatus(
    await alice.client.v1.refunds.$post({ json: { payment_intent: aliceEscrowed.id, amount: '1000' }, header: {} }),
    200,
  );
  const aliceKey = await createKey(alice, { name: 'victim' });
  const aliceHook = await expectStatus(
    await alice.client.v1.webhook_endpoints.$post({ json: { url: 'https://alice.example/hook' }, header: {} }),
    200,
  );
  // Canceling is an event the API records itself (no worker runs here).
  const canceled = await createIntent(alice, { amount_crypto: '1000' });
  const cancel = alice.client.v1.payment_intents[':id'].cancel;
  await expectStatus(await cancel.$post({ param: { id: canceled.id }, json: {}, header: {} }), 200);
  const [aliceEvent] = (await expectStatus(await alice.client.v1.events.$get({ query: {} }), 200)).data;
  const spare = await createKey(alice, { name: 'revoked' });
  await expectStatus(await alice.client.v1.api_keys[':id'].revoke.$post({ param: { id: spare.id }, header: {} }), 200);
  const malloryPaidOut = await paidOut(mallory, 1_000_000_000_000_000n);
  return {
    alice,
    mallory,
    alicePaidOut,
    aliceEscrowed,
    aliceIntent,
    aliceRefund,
    // One there is: the cancel above recorded it.
    aliceEvent: aliceEvent!,
    aliceKey,
    aliceHook,
    // Shown on creation, as every new key's secret is.
    revokedKey: spare.secret!,
    malloryPaidOut,
  };
}

type Fixtures = Awaited<ReturnType<typeof merchants>>;

let alice: TestMerchant;
let mallory: TestMerchant;
let alicePaidOut: Fixtures['alicePaidOut'];
let malloryPaidOut: Fixtures['malloryPaidOut'];
let aliceEscrowed: Fixtures['aliceEscrowed'];
let aliceIntent: Fixtures['aliceIntent'];
let aliceRefund: Fixtures['aliceRefund'];
let aliceEvent: Fixtures['aliceEvent'];
let aliceKey: Fixtures['aliceKey'];
let aliceHook: Fixtures['aliceHook'];
let revokedKey: string;
beforeAll(async () => {
  ({
    alice,
    mallory,
    alicePaidOut,
    aliceEscrowed,
    aliceIntent,
    aliceRefund,
    aliceEvent,
    aliceKey,
    aliceHook,
    revokedKey,
    malloryPaidOut,
  } = await merchants());
}, 120_000);

/** An object of Alice's for each resource whose ids the API takes. */
const aliceIds = (): Record<string, string> => ({
  payment_intents: aliceIntent.id,
  api_keys: aliceKey.id,
  webhook_endpoints: aliceHook.id,
  payouts: alicePaidOut.payout.id,
  refunds: aliceRefund.id,
  events: aliceEvent.id,
});

/** Routes without a secret key, and the credential that authorizes them instead. */
const publicRoutes: Record<string, string> = {
  'get /v1/payment_intents/{id}/events': 'the intent’s client_secret (tested under "merchant isolation")',
  'put /v1/payment_intents/{id}/refund_address':
    'the intent’s client_secret (tested in jobs/deposits/deposits.e2e.test.ts: none, a wrong one)',
};

/** Cursor parameters: they take the id of an object of the listed resource. */
const ID_QUERY_PARAMETERS = ['starting_after', 'ending_before'];

const operations = stack.contract.operations;
const name = (operation: DocumentedOperation) => `${operation.method.toUpperCase()} ${operation.template}`;
const bodyFor = (operation: DocumentedOperation) => (operation.method === 'post' ? {} : undefined);
const concrete = (operation: DocumentedOperation, id: string) => operation.template.replace(/\{[^}]+\}/g, id);

/** What Alice can see of her own objects, without the fields that change on every read. */
async function aliceState(): Promise<string> {
  const v1 = alice.client.v1;
  const reads = [
    v1.merchant.$get(),
    v1.api_keys.$get({ query: {} }),
    v1.webhook_endpoints.$get({ query: {} }),
    v1.balance.$get(),
    v1.payouts.$get({ query: {} }),
    v1.refunds.$get({ query: { limit: '100' } }),
    v1.events.$get({ query: { limit: '100' } }),
    v1.payment_intents.$get({ query: { limit: '100' } }),
  ];
  const bodies = await Promise.all(reads.map(async (read) => (await read).json()));
  return JSON.stringify(bodies, (key, value) => (key === 'last_used' || key === 'confirmations' ? undefined : value));
}

/** A key of Alice's with `permissions`, made through the API. */
async function restrictedKey(permissions: KeyCreate['permissions']): Promise<string> {
  // Shown on creation, as every new key's secret is.
  return (await createKey(alice, { permissions })).secret!;
}

/** Resources as the document names them (an operation's `resource`): the names a restriction takes. */
const resourcesOf = (...resources: (string | undefined)[]) => resources as Resource[];

describe('every route in /openapi.json', () => {
  it('lists the routes this file expects to find', () => {
    expect(operations.length).toBeGreaterThanOrEqual(18);
    for (const operation of operations) {
      const key = `${operation.method} ${operation.template}`;
      if (operation.security.length === 0)
        expect(publicRoutes, `${key} has no security scheme: name what authorizes it`).toHaveProperty([key]);
      // Every scheme is one the tests below try; a new one needs tests of its own before it can pass here.
      else expect(['secretKey', 'adminKey'], key).toEqual(expect.arrayContaining(operation.security));
    }
  });

  describe.each(
    operations
      .filter((operation) => operation.security.includes('secretKey'))
      .map((operation) => [name(operation), operation] as const),
  )('%s', (_name, operation) => {
    const path = concrete(operation, 'x_unused');

    it('refuses a request without a key', async () => {
      const response = await raw(undefined, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { type: 'authentication_error', code: 'api_key_missing' } });
    });

    it('refuses a revoked key', async () => {
      const response = await raw(revokedKey, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'api_key_revoked' } });
    });

    it('refuses a key restricted to other resources', async () => {
      const other = operation.resource === 'balance' ? 'payouts' : 'balance';
      const key = await restrictedKey({ resources: [other] });
      const response = await raw(key, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: { type: 'permission_error', code: 'permission_denied' } });
    });

    if (operation.method !== 'get') {
      it('refuses a read-only key', async () => {
        const key = await restrictedKey({ read_only: true, resources: resourcesOf(operation.resource) });
        const response = await raw(key, operation.method.toUpperCase(), path, bodyFor(operation));
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ error: { code: 'permission_denied' } });
      });
    }

    const idQuery = operation.queryParameters.filter((parameter) => ID_QUERY_PARAMETERS.includes(parameter));
    if (operation.pathParameters.length + idQuery.length > 0) {
      it('answers another merchant’s ids with 404 and changes nothing', async () => {
        const id = aliceIds()[operation.resource ?? ''];
        expect(id, `no object of Alice's for ${operation.resource}: add one to aliceIds`).toBeDefined();
        const attempts = [
          ...(operation.pathParameters.length ? [concrete(operation, id!)] : []),
          ...idQuery.map((parameter) => `${concrete(operation, id!)}?${parameter}=${id}`),
        ];
        const before = await aliceState();
        for (const attempt of attempts) {
          const response = await raw(mallory.key, operation.method.toUpperCase(), attempt, bodyFor(operation));
          expect(response.status, attempt).toBe(404);
          expect(JSON.stringify(response.body)).not.toContain(alice.id);
        }
        expect(await aliceState()).toBe(before);
        // Alice's key still works: nothing revoked or rolled it.
        const merchant = await stack.client(aliceKey.secret!).v1.merchant.$get();
        expect((await expectStatus(merchant, 200)).id).toBe(alice.id);
      });
    }
  });

  describe.each(
    operations
      .filter((operation) => operation.security.includes('adminKey'))
      .map((operation) => [name(operation), operation] as const),
  )('%s', (_name, operation) => {
    it('refuses a request without the admin key, or with a merchant key', async () => {
      for (const key of [undefined, alice.key, `${stack.adminKey}x`]) {
        const response = await raw(key, operation.method.toUpperCase(), operation.template, bodyFor(operation));
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ error: { type: 'authentication_error', code: 'admin_key_invalid' } });
      }
    });
  });
});

describe('authentication', () => {
  it('names what is wrong with a missing, malformed or unknown key', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'api_key_missing'],
      [{ authorization: 'Token abc' }, 'api_key_missing'],
      [{ authorization: 'Bearer sk_test_short' }, 'api_key_invalid'],
      [{ authorization: `Bearer sk_test_${'a'.repeat(32)}` }, 'api_key_invalid'],
    ];
    for (const [headers, code] of cases) {
      const response = await stack.client(undefined).v1.payment_intents.$get({ query: {} }, { headers });
      const { error } = await expectStatus(response, 401, JSON.stringify(headers));
      expect(error).toMatchObject({ type: 'authentication_error', code });
    }
  });

  it('accepts the key as a Basic-auth user name, as curl -u sends it', async () => {
    const basic = `Basic ${Buffer.from(`${alice.key}:`).toString('base64')}`;
    const intent = stack.client(undefined).v1.payment_intents[':id'];
    await expectStatus(
      await intent.$get({ param: { id: aliceIntent.id } }, { headers: { authorization: basic } }),
      200,
    );
  });

  it('stops a revoked key at once and a rolled key when its grace ends', async () => {
    const merchant = await stack.merchant();
    const merchantWith = (key: string | undefined) => stack.client(key).v1.merchant.$get();
    const spare = await createKey(merchant, { name: 'spare' });
    // Used once, so this process trusts it for API_KEY_CACHE_MS; the revocation must drop that at once.
    await expectStatus(await merchantWith(spare.secret), 200);
    const revoke = merchant.client.v1.api_keys[':id'].revoke;
    await revoke.$post({ param: { id: spare.id }, header: { 'idempotency-key': `revoke-${spare.id}` } });
    expect((await expectStatus(await merchantWith(spare.secret), 401)).error).toMatchObject({
      code: 'api_key_revoked',
    });

    const rolled = await createKey(merchant, { name: 'rolled' });
    const roll = stack.client(rolled.secret).v1.api_keys[':id'].roll;
    const replacement = await expectStatus(
      await roll.$post({ param: { id: rolled.id }, json: { expires_in_seconds: 0 }, header: {} }),
      200,
    );
    expect((await expectStatus(await merchantWith(rolled.secret), 401)).error).toMatchObject({
      code: 'api_key_expired',
    });
    await expectStatus(await merchantWith(replacement.secret), 200);
  });

  it('refuses a live key on a test network', async () => {
    const live = await withDb(stack.api.services.config.databaseUrl, (db) => issueApiKey(db, alice.id, 'live'));
    const response = await stack.client(live.key).v1.merchant.$get();
    expect((await expectStatus(response, 401)).error).toMatchObject({ code: 'api_key_wrong_mode' });
  });
});

describe('merchant isolation', () => {
  it('lists only the caller’s own objects, balances and payouts', async () => {
    const aliceFacts = [
      alice.id,
      alice.wallet,
      aliceIntent.id,
      aliceEscrowed.id,
      aliceKey.id,
      aliceHook.id,
      aliceRefund.id,
      aliceEvent.id,
      alicePaidOut.payout.id,
      // Found by its transaction's hash, so it has one.
      alicePaidOut.payout.transaction!.tx_hash,
    ];
    const v1 = mallory.client.v1;
    const lists = [
      ['/v1/payment_intents?limit=100', v1.payment_intents.$get({ query: { limit: '100' } })],
      ['/v1/api_keys', v1.api_keys.$get({ query: {} })],
      ['/v1/webhook_endpoints', v1.webhook_endpoints.$get({ query: {} })],
      ['/v1/payouts', v1.payouts.$get({ query: {} })],
      ['/v1/refunds', v1.refunds.$get({ query: {} })],
      ['/v1/events', v1.events.$get({ query: {} })],
      ['/v1/balance', v1.balance.$get()],
      ['/v1/merchant', v1.merchant.$get()],
    ] as const;
    for (const [path, list] of lists) {
      const text = JSON.stringify(await expectStatus(await list, 200, path));
      for (const fact of aliceFacts) expect(text, `${path} shows Alice's ${fact}`).not.toContain(fact);
    }
    // Mallory sees exactly its own money: Alice's escrowed payment and payout are in no total.
    const net = BigInt(malloryPaidOut.payout.amount);
    expect((await expectStatus(await v1.balance.$get(), 200)).assets).toEqual([
      {
        network: 'anvil',
        chain_id: 31_337,
        asset: 'native',
        escrowed: '0',
        available: '0',
        paid_out: net.toString(),
        withdrawn: '0',
      },
    ]);
    expect((await expectStatus(await v1.payouts.$get({ query: {} }), 200)).data).toEqual([malloryPaidOut.payout]);
    // And Alice does see hers, so the lists above were not empty for want of data.
    const aliceRefunds = await expectStatus(await alice.client.v1.refunds.$get({ query: {} }), 200);
    expect(aliceRefunds.data.map((refund) => refund.id)).toEqual([aliceRefund.id]);
    const aliceBalance = (await expectStatus(await alice.client.v1.balance.$get(), 200)).assets;
    expect(aliceBalance).toEqual([
      {
        network: 'anvil',
        chain_id: 31_337,
        asset: 'native',
        escrowed: '2000000000000000',
        available: '0',
        paid_out: alicePaidOut.payout.amount,
        withdrawn: '0',
      },
    ]);
  });

  it('does not let a merchant claim another’s payout wallet', async () => {
    const response = await mallory.client.v1.merchant.wallet.$post({ json: { address: alice.wallet }, header: {} });
    expect((await expectStatus(response, 409)).error).toMatchObject({ code: 'wallet_in_use', param: 'address' });
    expect((await expectStatus(await mallory.client.v1.merchant.$get(), 200)).payout_address).toBe(mallory.wallet);
  });

  it('opens an intent’s event stream only with its own client secret', async () => {
    const events = stack.client(undefined).v1.payment_intents[':id'].events;
    const param = { id: aliceIntent.id };
    const malloryIntent = await createIntent(mallory, { amount: 100, currency: 'USD' });
    for (const secret of ['', 'nope', malloryIntent.client_secret]) {
      await expectStatus(await events.$get({ param, query: { client_secret: secret }, header: {} }), 404, secret);
    }
    for (const secret of ['nope', malloryIntent.client_secret]) {
      const header = { 'x-client-secret': secret };
      await expectStatus(await events.$get({ param, query: {}, header }), 404, secret);
    }
    const missing = await expectStatus(await events.$get({ param, query: {}, header: {} }), 400);
    expect(missing.error).toMatchObject({ code: 'parameter_missing', param: 'client_secret' });
  });
});

describe('restricted keys', () => {
  it('lets a read-only key read and nothing else', async () => {
    const reader = await createKey(alice, { name: 'reporting', permissions: { read_only: true } });
    expect(reader.permissions).toEqual({ read_only: true });
    const intents = stack.client(reader.secret).v1.payment_intents;
    await expectStatus(await intents[':id'].$get({ param: { id: aliceIntent.id } }), 200);
    const write = await intents.$post({ json: { amount: 100, currency: 'USD' }, header: {} });
    expect((await expectStatus(write, 403)).error).toMatchObject({
      type: 'permission_error',
      code: 'permission_denied',
    });
  });

  it('limits a key to its named resources, and never lets a restricted key manage keys', async () => {
    const limited = await restrictedKey({ resources: ['balance', 'api_keys'] });
    const v1 = stack.client(limited).v1;
    await expectStatus(await v1.balance.$get(), 200);
    await expectStatus(await v1.payment_intents.$get({ query: {} }), 403);
    const mint = await expectStatus(await v1.api_keys.$post({ json: { name: 'escalate' }, header: {} }), 403);
    expect(mint.error.message).toMatch(/unrestricted/);
  });

  it('does not replay a stored response to a key that may not make the request', async () => {
    const request = { json: { name: 'ops' }, header: { 'idempotency-key': 'mint-ops' } };
    const created = await expectStatus(await alice.client.v1.api_keys.$post(request), 200);
    const limited = await restrictedKey({ resources: ['api_keys', 'balance'] });
    const replay = await expectStatus(await stack.client(limited).v1.api_keys.$post(request), 403);
    expect(JSON.stringify(replay)).not.toContain(created.id);
  });

  it('never stores a shown-once secret for replays', async () => {
    const mint = () =>
      alice.client.v1.api_keys.$post({ json: { name: 'ci' }, header: { 'idempotency-key': 'mint-ci' } });
    const first = await expectStatus(await mint(), 200);
    expect(first.secret).toMatch(/^sk_test_/);
    const replay = await mint();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await expectStatus(replay, 200);
    expect(replayed).toEqual({ ...first, secret: undefined });
    expect(replayed).not.toHaveProperty('secret');
    const stored = await query<{ body: string }>(
      stack.api.services.config.databaseUrl,
      `SELECT response_body::text AS body FROM app.idempotency_key WHERE key = 'mint-ci'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).not.toContain(first.secret);
  });

  it('refuses bodies that are not JSON instead of reading them as empty', async () => {
    // A form body, which the typed client (that sends a route's body as JSON) cannot send.
    const form = await raw(alice.key, 'POST', '/v1/api_keys', 'permissions[read_only]=true', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ error: { code: 'content_type_invalid' } });
  });

  it('refuses unknown resources in a restriction', async () => {
    // A resource the API does not have, on purpose: cast so it is sent as it is.
    const permissions = { resources: ['everything' as Resource] };
    const response = await alice.client.v1.api_keys.$post({ json: { permissions }, header: {} });
    expect((await expectStatus(response, 400)).error.param).toBe('permissions.resources.0');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-key limit, counting each key apart', async () => {
    const limited = await stack.extraApi({ RATE_LIMIT_PER_SECOND: '5' });
    const merchant = limited.client(alice.key).v1.merchant;
    const burst = await Promise.all(Array.from({ length: 12 }, () => merchant.$get()));
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(burst.filter((r) => r.status === 200).length).toBeLessThanOrEqual(5 * 2);
    expect((await expectStatus(refused[0]!, 429)).error).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limit',
    });
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectStatus(await limited.client(mallory.key).v1.merchant.$get(), 200);
  });
});

describe('admin API', () => {
  it('is off when no admin credential is configured', async () => {
    const closed = await stack.extraApi({ ADMIN_API_KEY: '' });
    const response = await closed
      .client(stack.adminKey)
      .v1.admin.merchants.$post({ json: { name: 'X', email: 'x@example.com' }, header: {} });
    expect((await expectStatus(response, 403)).error).toMatchObject({ code: 'admin_api_disabled' });
  });

  it('validates the new merchant and its terms', async () => {
    const response = await stack
      .client(stack.adminKey)
      .v1.admin.merchants.$post({ json: { name: 'Shop', email: 'shop@example.com', fee_bps: 1_001 }, header: {} });
    expect((await expectStatus(response, 400)).error.param).toBe('fee_bps');
  });
});

describe('browsers and operators', () => {
  it('allows cross-origin reads of the event stream only', async () => {
    const preflight = (path: string) =>
      fetch(`${stack.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
      });
    expect(
      (await preflight(`/v1/payment_intents/${aliceIntent.id}/events`)).headers.get('access-control-allow-origin'),
    ).toBe('*');
    expect((await preflight('/v1/payment_intents')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives every response a request id, keeping a caller’s own', async () => {
    const fresh = await alice.client.v1.merchant.$get();
    expect(fresh.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{24}$/);
    const own = await alice.client.v1.merchant.$get(undefined, { headers: { 'x-request-id': 'trace-42' } });
    expect(own.headers.get('x-request-id')).toBe('trace-42');
  });

  it('reports an unreachable chain node as 503 when it needs one, and still serves what it does not', async () => {
    const offline = await stack.extraApi({ RPC_URL: `http://127.0.0.1:${await freePort()}` });
    const intents = offline.client(alice.key).v1.payment_intents;
    const token = await intents.$post({
      json: { amount_crypto: '5', asset: stack.deployment.tokenAddress },
      header: {},
    });
    expect((await expectStatus(token, 503)).error).toMatchObject({ type: 'api_error', code: 'chain_unavailable' });
    await expectStatus(await intents.$post({ json: { amount: 100, currency: 'USD' }, header: {} }), 200);
  });

  it('reports a missing indexer as 503 without internals', async () => {
    const blind = await stack.extraApi({ INDEXER_VIEWS_SCHEMA: 'no_such_views' });
    const response = await blind.client(alice.key).v1.payment_intents[':id'].$get({ param: { id: aliceIntent.id } });
    const answer = await expectStatus(response, 503);
    expect(answer.error).toMatchObject({ type: 'api_error', code: 'indexer_unavailable' });
    expect(JSON.stringify(answer)).not.toMatch(/no_such_views|relation|select|\.ts/i);
  });
});
