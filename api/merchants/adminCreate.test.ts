// POST /v1/admin/merchants in process: the operator's credential, body validation, and Idempotency-Key
// (a retried onboarding creates one merchant, and the replay never carries the secret key).
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import type { PmtClient } from '../client.js';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.stop());

type Onboarding = InferRequestType<PmtClient['v1']['admin']['merchants']['$post']>['json'];

const onboard = (json: Onboarding, header: { 'idempotency-key'?: string } = {}, as = api.client(api.adminKey)) =>
  as.v1.admin.merchants.$post({ json, header });

const merchantsNamed = async (name: string) =>
  (await query<{ id: string }>(api.databaseUrl, 'SELECT id FROM app.merchant WHERE name = $1', [name])).length;

describe('POST /v1/admin/merchants', () => {
  it('creates a merchant and shows its first key once', async () => {
    const created = await expectStatus(await onboard({ name: 'Shop A', email: 'a@example.com', fee_bps: 250 }), 200);
    expect(created).toMatchObject({ name: 'Shop A', fee_bps: 250, api_key: expect.stringMatching(/^sk_test_/) });
    // The dashboard invitation for the merchant's email: a one-time link, the only place its token is shown.
    expect(created.invite_url).toMatch(/^\/console\/password\?token=[0-9A-Za-z]{43}$/);
    const invited = await query<{ role: string; merchant_id: string; password_hash: string | null }>(
      api.databaseUrl,
      "SELECT role, merchant_id, password_hash FROM app.console_user WHERE email = 'a@example.com'",
    );
    expect(invited).toEqual([{ role: 'merchant', merchant_id: created.id, password_hash: null }]);
    const again = await expectStatus(await onboard({ name: 'Shop A, second brand', email: 'A@example.com' }), 200);
    expect(again, 'an email that has a dashboard user already is not invited twice').not.toHaveProperty('invite_url');
  });

  it('needs the admin credential, not a merchant key', async () => {
    const merchant = await api.merchant();
    for (const key of [undefined, merchant.key, `${api.adminKey}x`]) {
      const refused = await expectStatus(
        await onboard({ name: 'X', email: 'x@example.com' }, {}, api.client(key)),
        401,
      );
      expect(refused.error.code).toBe('admin_key_invalid');
    }
  });

  it('refuses a bad body, naming the field, and writes nothing', async () => {
    const cases: [unknown, string, string][] = [
      [{ email: 'b@example.com' }, 'parameter_missing', 'name'],
      [{ name: 'Shop B', email: 'not an email' }, 'parameter_invalid', 'email'],
      [{ name: 'Shop B', email: 'b@example.com', fee_bps: 1_001 }, 'parameter_invalid', 'fee_bps'],
      [{ name: 'Shop B', email: 'b@example.com', color: 'red' }, 'parameter_unknown', 'color'],
    ];
    for (const [body, code, param] of cases) {
      // Two of these bodies are outside the route's type: the bad input under test, sent as it is.
      const refused = await expectStatus(await onboard(body as Onboarding), 400, JSON.stringify(body));
      expect(refused.error).toMatchObject({ code, param });
    }
    expect(await merchantsNamed('Shop B')).toBe(0);
  });

  it('replays a retried request with the same Idempotency-Key instead of creating a second merchant', async () => {
    const body = { name: 'Shop C', email: 'c@example.com' };
    const headers = { 'idempotency-key': 'onboard-shop-c' };
    const first = await expectStatus(await onboard(body, headers), 200);
    const replay = await onboard(body, headers);
    const retried = await expectStatus(replay, 200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.id).toBe(first.id);
    // The secret key exists in the first answer only: it is never stored for replays.
    expect(first.api_key).toMatch(/^sk_test_/);
    expect(retried).not.toHaveProperty('api_key');
    expect(first.invite_url).toBeDefined();
    expect(retried).not.toHaveProperty('invite_url');
    expect(await merchantsNamed('Shop C')).toBe(1);
  });

  it('creates one merchant when the same request arrives twice at once', async () => {
    const body = { name: 'Shop D', email: 'd@example.com' };
    const headers = { 'idempotency-key': 'onboard-shop-d' };
    const [one, two] = await Promise.all([onboard(body, headers), onboard(body, headers)]);
    const [first, second] = [await expectStatus(one, 200), await expectStatus(two, 200)];
    expect(first.id).toBe(second.id);
    expect(await merchantsNamed('Shop D')).toBe(1);
  });

  it('refuses the same Idempotency-Key with another body', async () => {
    const headers = { 'idempotency-key': 'onboard-shop-e' };
    expect((await onboard({ name: 'Shop E', email: 'e@example.com' }, headers)).status).toBe(200);
    const reused = await expectStatus(await onboard({ name: 'Shop E2', email: 'e2@example.com' }, headers), 422);
    expect(reused.error.code).toBe('idempotency_key_reused');
    expect(await merchantsNamed('Shop E2')).toBe(0);
  });

  it('keeps the operator’s keys apart from a merchant’s', async () => {
    const merchant = await api.merchant();
    const key = { 'idempotency-key': 'shared-key-name' };
    expect((await onboard({ name: 'Shop F', email: 'f@example.com' }, key)).status).toBe(200);
    const endpoint = await api.client(merchant.key).v1.webhook_endpoints.$post({
      json: { url: 'https://shop.example.com/hooks', enabled_events: ['*'] },
      header: key,
    });
    await expectStatus(endpoint, 200);
    expect(endpoint.headers.get('idempotent-replayed')).toBeNull();
  });
});
