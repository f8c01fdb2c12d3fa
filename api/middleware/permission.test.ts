// Keys and what they may do, in process: no key, a wrong or revoked key, a restricted or read-only key,
// and the admin credential where a merchant key is expected. (api/security.e2e.test.ts tries the same on
// every route of the document against a whole stack.)
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let api: InProcessApi;
let owner: PmtClient;

const endpoint = { url: 'https://shop.example.com/hooks', enabled_events: ['*'] };

type Permissions = NonNullable<InferRequestType<PmtClient['v1']['api_keys']['$post']>['json']['permissions']>;

/** A new key with `permissions`: its id, and the typed client with it. */
async function restrictedKey(permissions: Permissions): Promise<{ id: string; client: PmtClient }> {
  const { id, secret } = await expectStatus(await owner.v1.api_keys.$post({ json: { permissions }, header: {} }), 200);
  // A key's answer on creation always shows its secret.
  return { id, client: api.client(secret!) };
}

beforeAll(async () => {
  api = await inProcessApi();
  owner = api.client((await api.merchant()).key);
});
afterAll(() => api?.stop());

describe('API keys', () => {
  it('are required, and must be real, live and of this network', async () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'api_key_missing'],
      ['sk_test_short', 'api_key_invalid'],
      [`sk_test_${'x'.repeat(32)}`, 'api_key_invalid'],
      [`sk_live_${'x'.repeat(32)}`, 'api_key_invalid'],
      [api.adminKey, 'api_key_invalid'],
    ];
    for (const [key, code] of cases) {
      const refused = await expectStatus(
        await api.client(key).v1.webhook_endpoints.$get({ query: {} }),
        401,
        String(key),
      );
      expect(refused.error.code, String(key)).toBe(code);
    }
  });

  it('stop working once revoked', async () => {
    const key = await restrictedKey({ resources: ['webhook_endpoints'] });
    expect((await key.client.v1.webhook_endpoints.$get({ query: {} })).status).toBe(200);
    await expectStatus(await owner.v1.api_keys[':id'].revoke.$post({ param: { id: key.id }, header: {} }), 200);
    const refused = await expectStatus(await key.client.v1.webhook_endpoints.$get({ query: {} }), 401);
    expect(refused.error.code).toBe('api_key_revoked');
  });

  it('restricted to some resources reach those only, and never manage keys', async () => {
    const { client } = await restrictedKey({ resources: ['webhook_endpoints'] });
    await expectStatus(await client.v1.webhook_endpoints.$post({ json: endpoint, header: {} }), 200);
    for (const [call, send] of [
      ['GET /v1/payment_intents', () => client.v1.payment_intents.$get({ query: {} })],
      ['GET /v1/merchant', () => client.v1.merchant.$get()],
      ['GET /v1/api_keys', () => client.v1.api_keys.$get({ query: {} })],
      ['POST /v1/api_keys', () => client.v1.api_keys.$post({ json: {}, header: {} })],
    ] as const) {
      const refused = await expectStatus(await send(), 403, call);
      expect(refused.error.code).toBe('permission_denied');
    }
  });

  it('read-only read and write nothing', async () => {
    const { client } = await restrictedKey({ read_only: true });
    const before = await expectStatus(await client.v1.webhook_endpoints.$get({ query: { limit: '100' } }), 200);
    const refused = await expectStatus(await client.v1.webhook_endpoints.$post({ json: endpoint, header: {} }), 403);
    expect(refused.error.code).toBe('permission_denied');
    const after = await expectStatus(await owner.v1.webhook_endpoints.$get({ query: { limit: '100' } }), 200);
    expect(after.data).toEqual(before.data);
  });
});
