// Who may do what: secret-key authentication, merchant isolation on every route, restricted keys, rate
// limits, the admin credential, CORS only where a browser needs it, request ids, and no internals leaked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../lib/apiKeyStore.js';
import { freePort } from '../lib/freePort.js';
import { withDb } from '../lib/db/client.js';
import { startApiStack, type ApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { query } from '../test/harness/indexer.js';

let stack: ApiStack;
let alice: TestMerchant;
let mallory: TestMerchant;
let aliceIntent: any;

beforeAll(async () => {
  stack = await startApiStack();
  [alice, mallory] = [await stack.merchant(), await stack.merchant()];
  aliceIntent = (await alice.call('POST', '/v1/payment_intents', { amount: 100, currency: 'USD' })).body;
}, 120_000);
afterAll(() => stack?.stop());

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
    const response = await stack.call(undefined, 'GET', `/v1/payment_intents/${aliceIntent.id}`, undefined, { authorization: basic });
    expect(response.status).toBe(200);
  });

  it('stops a revoked key at once and a rolled key when its grace ends', async () => {
    const merchant = await stack.merchant();
    const spare = (await merchant.call('POST', '/v1/api_keys', { name: 'spare' })).body;
    // Used once, so this process trusts it for API_KEY_CACHE_MS; the revocation must drop that at once.
    expect((await stack.call(spare.secret, 'GET', '/v1/merchant')).status).toBe(200);
    await merchant.call('POST', `/v1/api_keys/${spare.id}/revoke`, undefined, { 'idempotency-key': `revoke-${spare.id}` });
    expect((await stack.call(spare.secret, 'GET', '/v1/merchant')).body.error).toMatchObject({ code: 'api_key_revoked' });

    const rolled = (await merchant.call('POST', '/v1/api_keys', { name: 'rolled' })).body;
    const replacement = (await stack.call(rolled.secret, 'POST', `/v1/api_keys/${rolled.id}/roll`, { expires_in_seconds: 0 })).body;
    expect((await stack.call(rolled.secret, 'GET', '/v1/merchant')).body.error).toMatchObject({ code: 'api_key_expired' });
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
  it('answers another merchant’s objects with 404 on every route that takes an id, and leaves them unchanged', async () => {
    const aliceKey = (await alice.call('POST', '/v1/api_keys', { name: 'victim' })).body;
    const aliceHook = (await alice.call('POST', '/v1/webhook_endpoints', { url: 'https://alice.example/hook' })).body;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/payment_intents/${aliceIntent.id}`],
      ['POST', `/v1/payment_intents/${aliceIntent.id}/cancel`, {}],
      ['GET', `/v1/payment_intents?starting_after=${aliceIntent.id}`],
      ['GET', `/v1/payment_intents?ending_before=${aliceIntent.id}`],
      ['POST', `/v1/api_keys/${aliceKey.id}/roll`, {}],
      ['POST', `/v1/api_keys/${aliceKey.id}/revoke`],
      ['DELETE', `/v1/webhook_endpoints/${aliceHook.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await mallory.call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(alice.id);
    }
    expect((await alice.call('GET', `/v1/payment_intents/${aliceIntent.id}`)).body.status).toBe('requires_payment');
    expect((await stack.call(aliceKey.secret, 'GET', '/v1/merchant')).body.id).toBe(alice.id);
    expect((await alice.call('GET', '/v1/webhook_endpoints')).body.data.map((e: any) => e.id)).toContain(aliceHook.id);
  });

  it('lists only the caller’s own objects', async () => {
    const lists = ['/v1/payment_intents?limit=100', '/v1/api_keys', '/v1/webhook_endpoints', '/v1/payouts', '/v1/balance', '/v1/merchant'];
    for (const path of lists) {
      const response = await mallory.call('GET', path);
      expect(response.status, path).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text, path).not.toContain(aliceIntent.id);
      expect(text, path).not.toContain(alice.id);
    }
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
    const missing = await stack.call(undefined, 'GET', `/v1/payment_intents/${aliceIntent.id}/events`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ param: 'client_secret' });
  });
});

describe('restricted keys', () => {
  it('lets a read-only key read and nothing else', async () => {
    const reader = (await alice.call('POST', '/v1/api_keys', { name: 'reporting', permissions: { read_only: true } })).body;
    expect(reader.permissions).toEqual({ read_only: true });
    expect((await stack.call(reader.secret, 'GET', `/v1/payment_intents/${aliceIntent.id}`)).status).toBe(200);
    const write = await stack.call(reader.secret, 'POST', '/v1/payment_intents', { amount: 100, currency: 'USD' });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
  });

  it('limits a key to its named resources, and never lets a restricted key manage keys', async () => {
    const limited = (await alice.call('POST', '/v1/api_keys', { permissions: { resources: ['balance', 'api_keys'] } })).body;
    expect((await stack.call(limited.secret, 'GET', '/v1/balance')).status).toBe(200);
    expect((await stack.call(limited.secret, 'GET', '/v1/payment_intents')).status).toBe(403);
    const mint = await stack.call(limited.secret, 'POST', '/v1/api_keys', { name: 'escalate' });
    expect(mint.status).toBe(403);
    expect(mint.body.error.message).toMatch(/unrestricted/);
  });

  it('does not replay a stored response to a key that may not make the request', async () => {
    const body = { name: 'ops' };
    const created = await alice.call('POST', '/v1/api_keys', body, { 'idempotency-key': 'mint-ops' });
    expect(created.status).toBe(200);
    const limited = (await alice.call('POST', '/v1/api_keys', { permissions: { resources: ['api_keys', 'balance'] } })).body;
    const replay = await stack.call(limited.secret, 'POST', '/v1/api_keys', body, { 'idempotency-key': 'mint-ops' });
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
    const stored = await query<{ body: string }>(stack.api.services.config.databaseUrl, `SELECT response_body::text AS body FROM app.idempotency_key WHERE key = 'mint-ci'`);
    expect(stored[0]!.body).not.toContain(first.body.secret);
  });

  it('refuses bodies that are not JSON instead of reading them as empty', async () => {
    const form = await stack.call(alice.key, 'POST', '/v1/api_keys', 'permissions[read_only]=true', { 'content-type': 'application/x-www-form-urlencoded' });
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
  it('needs the admin credential, not a merchant key', async () => {
    const body = { name: 'Sneaky', email: 'sneaky@example.com' };
    for (const key of [undefined, alice.key, `${stack.adminKey}x`]) {
      const response = await stack.call(key, 'POST', '/v1/admin/merchants', body);
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({ type: 'authentication_error', code: 'admin_key_invalid' });
    }
  });

  it('is off when no admin credential is configured', async () => {
    const closed = await stack.extraApi({ ADMIN_API_KEY: '' });
    const response = await closed.call(stack.adminKey, 'POST', '/v1/admin/merchants', { name: 'X', email: 'x@example.com' });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'admin_api_disabled' });
  });

  it('validates the new merchant and its terms', async () => {
    const response = await stack.call(stack.adminKey, 'POST', '/v1/admin/merchants', { name: 'Shop', email: 'shop@example.com', fee_bps: 1_001 });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('fee_bps');
  });
});

describe('browsers and operators', () => {
  it('allows cross-origin reads of the event stream only', async () => {
    const preflight = (path: string) =>
      fetch(`${stack.url}${path}`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' } });
    expect((await preflight(`/v1/payment_intents/${aliceIntent.id}/events`)).headers.get('access-control-allow-origin')).toBe('*');
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
    const token = await offline.call(alice.key, 'POST', '/v1/payment_intents', { amount_crypto: '5', asset: stack.deployment.tokenAddress });
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
