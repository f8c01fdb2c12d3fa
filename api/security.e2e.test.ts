// Who may do what. Every route the OpenAPI document lists is tried, generated from the document itself so
// that no route can ship without it: without a key, with a revoked key, with a key restricted to other
// resources (and a read-only key for writes), and with another merchant's ids, which must answer 404 and
// change nothing. Then what no generator knows: key formats, merchant isolation of lists (with real
// balances and payouts on both sides), restricted-key rules, rate limits, the admin credential, CORS only
// where a browser needs it, request ids, and no internals leaked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { freePort } from '../devkit/freePort.js';
import { issueApiKey } from '../lib/apiKeys/store.js';
import { confirmed } from '../lib/chain.js';
import { withDb } from '../lib/db/client.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { query } from '../test/harness/indexer.js';
import type { DocumentedOperation } from '../test/harness/openApi.js';
import { pollUntil } from '../test/harness/poll.js';

// The routes to generate tests for come from the running API's document, so the stack starts while the
// file is collected; the merchants and their money are made before the tests run.
// The limit is lifted here (the generated tests call fast with one key); rate limits have tests of their own.
const stack = await startApiStack({ RATE_LIMIT_PER_SECOND: '100000' });
afterAll(() => stack.stop());

/** Pays `amount` wei to `merchant` through an intent, releases it early (as the buyer may) and pays it out. */
async function paidOut(merchant: TestMerchant, amount: bigint) {
  const { body: intent } = await merchant.call('POST', '/v1/payment_intents', { amount_crypto: amount.toString() });
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
  const shown = (payouts: any) => payouts.data.find((p: any) => p.transaction?.tx_hash === payout.transactionHash);
  const payouts = await pollUntil(
    'the payout in GET /v1/payouts',
    async () => (await merchant.call('GET', '/v1/payouts')).body,
    shown,
  );
  return { intent, payout: shown(payouts) };
}

/** Alice owns one object of every kind an id names, and real money: a payout made, a payment in escrow; Mallory has money of its own, so its lists are not empty by default. */
async function merchants() {
  const [alice, mallory] = [await stack.merchant(), await stack.merchant()];
  const alicePaidOut = await paidOut(alice, 3_000_000_000_000_000n);
  const aliceEscrowed = (await alice.call('POST', '/v1/payment_intents', { amount_crypto: '2000000000000000' })).body;
  await stack.pay(aliceEscrowed);
  await stack.waitForIntent(alice, aliceEscrowed.id, (body) => body.status === 'succeeded');
  const aliceIntent = (await alice.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' })).body;
  // No worker runs here: the refund stays pending, an object of Alice's like any other.
  const aliceRefund = (await alice.call('POST', '/v1/refunds', { payment_intent: aliceEscrowed.id, amount: '1000' }))
    .body;
  const aliceKey = (await alice.call('POST', '/v1/api_keys', { name: 'victim' })).body;
  const aliceHook = (await alice.call('POST', '/v1/webhook_endpoints', { url: 'https://alice.example/hook' })).body;
  // Canceling is an event the API records itself (no worker runs here).
  const canceled = (await alice.call('POST', '/v1/payment_intents', { amount_crypto: '1000' })).body;
  await alice.call('POST', `/v1/payment_intents/${canceled.id}/cancel`);
  const [aliceEvent] = (await alice.call('GET', '/v1/events')).body.data;
  const spare = (await alice.call('POST', '/v1/api_keys', { name: 'revoked' })).body;
  expect((await alice.call('POST', `/v1/api_keys/${spare.id}/revoke`)).status).toBe(200);
  const malloryPaidOut = await paidOut(mallory, 1_000_000_000_000_000n);
  return {
    alice,
    mallory,
    alicePaidOut,
    aliceEscrowed,
    aliceIntent,
    aliceRefund,
    aliceEvent,
    aliceKey,
    aliceHook,
    revokedKey: spare.secret as string,
    malloryPaidOut,
  };
}

let alice: TestMerchant;
let mallory: TestMerchant;
let alicePaidOut: Awaited<ReturnType<typeof paidOut>>;
let malloryPaidOut: Awaited<ReturnType<typeof paidOut>>;
let aliceEscrowed: any;
let aliceIntent: any;
let aliceRefund: any;
let aliceEvent: any;
let aliceKey: any;
let aliceHook: any;
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
  const reads = [
    '/v1/merchant',
    '/v1/api_keys',
    '/v1/webhook_endpoints',
    '/v1/balance',
    '/v1/payouts',
    '/v1/refunds?limit=100',
    '/v1/events?limit=100',
    `/v1/payment_intents?limit=100`,
  ];
  const bodies = await Promise.all(reads.map(async (path) => (await alice.call('GET', path)).body));
  return JSON.stringify(bodies, (key, value) => (key === 'last_used' || key === 'confirmations' ? undefined : value));
}

/** A key of Alice's with `permissions`, made through the API. */
async function restrictedKey(permissions: object): Promise<string> {
  const created = await alice.call('POST', '/v1/api_keys', { permissions });
  expect(created.status).toBe(200);
  return created.body.secret;
}

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
      const response = await stack.call(undefined, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({ type: 'authentication_error', code: 'api_key_missing' });
    });

    it('refuses a revoked key', async () => {
      const response = await stack.call(revokedKey, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({ code: 'api_key_revoked' });
    });

    it('refuses a key restricted to other resources', async () => {
      const other = operation.resource === 'balance' ? 'payouts' : 'balance';
      const key = await restrictedKey({ resources: [other] });
      const response = await stack.call(key, operation.method.toUpperCase(), path, bodyFor(operation));
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
    });

    if (operation.method !== 'get') {
      it('refuses a read-only key', async () => {
        const key = await restrictedKey({ read_only: true, resources: [operation.resource] });
        const response = await stack.call(key, operation.method.toUpperCase(), path, bodyFor(operation));
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({ code: 'permission_denied' });
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
          const response = await mallory.call(operation.method.toUpperCase(), attempt, bodyFor(operation));
          expect(response.status, attempt).toBe(404);
          expect(JSON.stringify(response.body)).not.toContain(alice.id);
        }
        expect(await aliceState()).toBe(before);
        // Alice's key still works: nothing revoked or rolled it.
        expect((await stack.call(aliceKey.secret, 'GET', '/v1/merchant')).body.id).toBe(alice.id);
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
        const response = await stack.call(key, operation.method.toUpperCase(), operation.template, bodyFor(operation));
        expect(response.status).toBe(401);
        expect(response.body.error).toMatchObject({ type: 'authentication_error', code: 'admin_key_invalid' });
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
      const response = await stack.call(undefined, 'GET', '/v1/payment_intents', undefined, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.body.error).toMatchObject({ type: 'authentication_error', code });
    }
  });

  it('accepts the key as a Basic-auth user name, as curl -u sends it', async () => {
    const basic = `Basic ${Buffer.from(`${alice.key}:`).toString('base64')}`;
    const response = await stack.call(undefined, 'GET', `/v1/payment_intents/${aliceIntent.id}`, undefined, {
      authorization: basic,
    });
    expect(response.status).toBe(200);
  });

  it('stops a revoked key at once and a rolled key when its grace ends', async () => {
    const merchant = await stack.merchant();
    const spare = (await merchant.call('POST', '/v1/api_keys', { name: 'spare' })).body;
    // Used once, so this process trusts it for API_KEY_CACHE_MS; the revocation must drop that at once.
    expect((await stack.call(spare.secret, 'GET', '/v1/merchant')).status).toBe(200);
    await merchant.call('POST', `/v1/api_keys/${spare.id}/revoke`, undefined, {
      'idempotency-key': `revoke-${spare.id}`,
    });
    expect((await stack.call(spare.secret, 'GET', '/v1/merchant')).body.error).toMatchObject({
      code: 'api_key_revoked',
    });

    const rolled = (await merchant.call('POST', '/v1/api_keys', { name: 'rolled' })).body;
    const replacement = (
      await stack.call(rolled.secret, 'POST', `/v1/api_keys/${rolled.id}/roll`, { expires_in_seconds: 0 })
    ).body;
    expect((await stack.call(rolled.secret, 'GET', '/v1/merchant')).body.error).toMatchObject({
      code: 'api_key_expired',
    });
    expect((await stack.call(replacement.secret, 'GET', '/v1/merchant')).status).toBe(200);
  });

  it('refuses a live key on a test network', async () => {
    const live = await withDb(stack.api.services.config.databaseUrl, (db) => issueApiKey(db, alice.id, 'live'));
    const response = await stack.call(live.key, 'GET', '/v1/merchant');
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: 'api_key_wrong_mode' });
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
      alicePaidOut.payout.transaction.tx_hash,
    ];
    const lists = [
      '/v1/payment_intents?limit=100',
      '/v1/api_keys',
      '/v1/webhook_endpoints',
      '/v1/payouts',
      '/v1/refunds',
      '/v1/events',
      '/v1/balance',
      '/v1/merchant',
    ];
    for (const path of lists) {
      const response = await mallory.call('GET', path);
      expect(response.status, path).toBe(200);
      const text = JSON.stringify(response.body);
      for (const fact of aliceFacts) expect(text, `${path} shows Alice's ${fact}`).not.toContain(fact);
    }
    // Mallory sees exactly its own money: Alice's escrowed payment and payout are in no total.
    const net = BigInt(malloryPaidOut.payout.amount);
    expect((await mallory.call('GET', '/v1/balance')).body.assets).toEqual([
      { asset: 'native', escrowed: '0', available: '0', paid_out: net.toString(), withdrawn: '0' },
    ]);
    expect((await mallory.call('GET', '/v1/payouts')).body.data).toEqual([malloryPaidOut.payout]);
    // And Alice does see hers, so the lists above were not empty for want of data.
    expect((await alice.call('GET', '/v1/refunds')).body.data.map((r: any) => r.id)).toEqual([aliceRefund.id]);
    const aliceBalance = (await alice.call('GET', '/v1/balance')).body.assets;
    expect(aliceBalance).toEqual([
      {
        asset: 'native',
        escrowed: '2000000000000000',
        available: '0',
        paid_out: alicePaidOut.payout.amount,
        withdrawn: '0',
      },
    ]);
  });

  it('does not let a merchant claim another’s payout wallet', async () => {
    const response = await mallory.call('POST', '/v1/merchant/wallet', { address: alice.wallet });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'wallet_in_use', param: 'address' });
    expect((await mallory.call('GET', '/v1/merchant')).body.payout_address).toBe(mallory.wallet);
  });

  it('opens an intent’s event stream only with its own client secret', async () => {
    const url = `/v1/payment_intents/${aliceIntent.id}/events?client_secret=`;
    const malloryIntent = (await mallory.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' })).body;
    for (const secret of ['', 'nope', malloryIntent.client_secret]) {
      const response = await stack.call(undefined, 'GET', url + secret);
      expect(response.status, secret).toBe(404);
    }
    for (const secret of ['nope', malloryIntent.client_secret]) {
      const response = await stack.call(undefined, 'GET', `/v1/payment_intents/${aliceIntent.id}/events`, undefined, {
        'x-client-secret': secret,
      });
      expect(response.status, secret).toBe(404);
    }
    const missing = await stack.call(undefined, 'GET', `/v1/payment_intents/${aliceIntent.id}/events`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'client_secret' });
  });
});

describe('restricted keys', () => {
  it('lets a read-only key read and nothing else', async () => {
    const reader = (await alice.call('POST', '/v1/api_keys', { name: 'reporting', permissions: { read_only: true } }))
      .body;
    expect(reader.permissions).toEqual({ read_only: true });
    expect((await stack.call(reader.secret, 'GET', `/v1/payment_intents/${aliceIntent.id}`)).status).toBe(200);
    const write = await stack.call(reader.secret, 'POST', '/v1/payment_intents', { amount: 100, currency: 'USD' });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
  });

  it('limits a key to its named resources, and never lets a restricted key manage keys', async () => {
    const limited = await restrictedKey({ resources: ['balance', 'api_keys'] });
    expect((await stack.call(limited, 'GET', '/v1/balance')).status).toBe(200);
    expect((await stack.call(limited, 'GET', '/v1/payment_intents')).status).toBe(403);
    const mint = await stack.call(limited, 'POST', '/v1/api_keys', { name: 'escalate' });
    expect(mint.status).toBe(403);
    expect(mint.body.error.message).toMatch(/unrestricted/);
  });

  it('does not replay a stored response to a key that may not make the request', async () => {
    const body = { name: 'ops' };
    const created = await alice.call('POST', '/v1/api_keys', body, { 'idempotency-key': 'mint-ops' });
    expect(created.status).toBe(200);
    const limited = await restrictedKey({ resources: ['api_keys', 'balance'] });
    const replay = await stack.call(limited, 'POST', '/v1/api_keys', body, { 'idempotency-key': 'mint-ops' });
    expect(replay.status).toBe(403);
    expect(JSON.stringify(replay.body)).not.toContain(created.body.id);
  });

  it('never stores a shown-once secret for replays', async () => {
    const first = await alice.call('POST', '/v1/api_keys', { name: 'ci' }, { 'idempotency-key': 'mint-ci' });
    expect(first.body.secret).toMatch(/^sk_test_/);
    const replay = await alice.call('POST', '/v1/api_keys', { name: 'ci' }, { 'idempotency-key': 'mint-ci' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual({ ...first.body, secret: undefined });
    expect(replay.body).not.toHaveProperty('secret');
    const stored = await query<{ body: string }>(
      stack.api.services.config.databaseUrl,
      `SELECT response_body::text AS body FROM app.idempotency_key WHERE key = 'mint-ci'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).not.toContain(first.body.secret);
  });

  it('refuses bodies that are not JSON instead of reading them as empty', async () => {
    const form = await stack.call(alice.key, 'POST', '/v1/api_keys', 'permissions[read_only]=true', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body.error).toMatchObject({ code: 'content_type_invalid' });
  });

  it('refuses unknown resources in a restriction', async () => {
    const response = await alice.call('POST', '/v1/api_keys', { permissions: { resources: ['everything'] } });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('permissions.resources.0');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-key limit, counting each key apart', async () => {
    const limited = await stack.extraApi({ RATE_LIMIT_PER_SECOND: '5' });
    const burst = await Promise.all(Array.from({ length: 12 }, () => limited.call(alice.key, 'GET', '/v1/merchant')));
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(burst.filter((r) => r.status === 200).length).toBeLessThanOrEqual(5 * 2);
    expect(refused[0]!.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit' });
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.call(mallory.key, 'GET', '/v1/merchant')).status).toBe(200);
  });
});

describe('admin API', () => {
  it('is off when no admin credential is configured', async () => {
    const closed = await stack.extraApi({ ADMIN_API_KEY: '' });
    const response = await closed.call(stack.adminKey, 'POST', '/v1/admin/merchants', {
      name: 'X',
      email: 'x@example.com',
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'admin_api_disabled' });
  });

  it('validates the new merchant and its terms', async () => {
    const response = await stack.call(stack.adminKey, 'POST', '/v1/admin/merchants', {
      name: 'Shop',
      email: 'shop@example.com',
      fee_bps: 1_001,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('fee_bps');
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
    const fresh = await alice.call('GET', '/v1/merchant');
    expect(fresh.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{24}$/);
    const own = await alice.call('GET', '/v1/merchant', undefined, { 'x-request-id': 'trace-42' });
    expect(own.headers.get('x-request-id')).toBe('trace-42');
  });

  it('reports an unreachable chain node as 503 when it needs one, and still serves what it does not', async () => {
    const offline = await stack.extraApi({ RPC_URL: `http://127.0.0.1:${await freePort()}` });
    const token = await offline.call(alice.key, 'POST', '/v1/payment_intents', {
      amount_crypto: '5',
      asset: stack.deployment.tokenAddress,
    });
    expect(token.status).toBe(503);
    expect(token.body.error).toMatchObject({ type: 'api_error', code: 'chain_unavailable' });
    const native = await offline.call(alice.key, 'POST', '/v1/payment_intents', { amount: 100, currency: 'USD' });
    expect(native.status).toBe(200);
  });

  it('reports a missing indexer as 503 without internals', async () => {
    const blind = await stack.extraApi({ INDEXER_VIEWS_SCHEMA: 'no_such_views' });
    const response = await blind.call(alice.key, 'GET', `/v1/payment_intents/${aliceIntent.id}`);
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ type: 'api_error', code: 'indexer_unavailable' });
    expect(JSON.stringify(response.body)).not.toMatch(/no_such_views|relation|select|\.ts/i);
  });
});
