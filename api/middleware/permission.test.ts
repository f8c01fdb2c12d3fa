// Keys and what they may do, in process: no key, a wrong or revoked key, a restricted or read-only key,
// and the admin credential where a merchant key is expected. (api/security.e2e.test.ts tries the same on
// every route of the document against a whole stack.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
let owner: string;

const endpoint = { url: 'https://shop.example.com/hooks', enabled_events: ['*'] };

async function restrictedKey(permissions: object): Promise<{ id: string; secret: string }> {
  const created = await api.call(owner, 'POST', '/v1/api_keys', { permissions });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body;
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ key: owner } = await api.merchant());
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
      const refused = await api.call(key, 'GET', '/v1/webhook_endpoints');
      expect(refused.status, String(key)).toBe(401);
      expect(refused.body.error.code, String(key)).toBe(code);
    }
  });

  it('stop working once revoked', async () => {
    const key = await restrictedKey({ resources: ['webhook_endpoints'] });
    expect((await api.call(key.secret, 'GET', '/v1/webhook_endpoints')).status).toBe(200);
    expect((await api.call(owner, 'POST', `/v1/api_keys/${key.id}/revoke`)).status).toBe(200);
    const refused = await api.call(key.secret, 'GET', '/v1/webhook_endpoints');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('api_key_revoked');
  });

  it('restricted to some resources reach those only, and never manage keys', async () => {
    const key = await restrictedKey({ resources: ['webhook_endpoints'] });
    expect((await api.call(key.secret, 'POST', '/v1/webhook_endpoints', endpoint)).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/v1/payment_intents'],
      ['GET', '/v1/merchant'],
      ['GET', '/v1/api_keys'],
      ['POST', '/v1/api_keys'],
    ] as const) {
      const refused = await api.call(key.secret, method, path, method === 'POST' ? {} : undefined);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.code).toBe('permission_denied');
    }
  });

  it('read-only read and write nothing', async () => {
    const key = await restrictedKey({ read_only: true });
    const before = await api.call(key.secret, 'GET', '/v1/webhook_endpoints?limit=100');
    expect(before.status).toBe(200);
    const refused = await api.call(key.secret, 'POST', '/v1/webhook_endpoints', endpoint);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
    const after = await api.call(owner, 'GET', '/v1/webhook_endpoints?limit=100');
    expect(after.body.data).toEqual(before.body.data);
  });
});
