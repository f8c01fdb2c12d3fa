// POST /v1/admin/merchants in process: the operator's credential, body validation, and Idempotency-Key
// (a retried onboarding creates one merchant, and the replay never carries the secret key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.stop());

const onboard = (body: unknown, headers: Record<string, string> = {}) =>
  api.call(api.adminKey, 'POST', '/v1/admin/merchants', body, headers);

const merchantsNamed = async (name: string) =>
  (await query<{ id: string }>(api.databaseUrl, 'SELECT id FROM app.merchant WHERE name = $1', [name])).length;

describe('POST /v1/admin/merchants', () => {
  it('creates a merchant and shows its first key once', async () => {
    const created = await onboard({ name: 'Shop A', email: 'a@example.com', fee_bps: 250 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Shop A', fee_bps: 250, api_key: expect.stringMatching(/^sk_test_/) });
    // The dashboard invitation for the merchant's email: a one-time link, the only place its token is shown.
    expect(created.body.invite_url).toMatch(/^\/console\/password\?token=[0-9A-Za-z]{43}$/);
    const invited = await query<{ role: string; merchant_id: string; password_hash: string | null }>(
      api.databaseUrl,
      "SELECT role, merchant_id, password_hash FROM app.console_user WHERE email = 'a@example.com'",
    );
    expect(invited).toEqual([{ role: 'merchant', merchant_id: created.body.id, password_hash: null }]);
    const again = await onboard({ name: 'Shop A, second brand', email: 'A@example.com' });
    expect(again.status).toBe(200);
    expect(again.body, 'an email that has a dashboard user already is not invited twice').not.toHaveProperty(
      'invite_url',
    );
  });

  it('needs the admin credential, not a merchant key', async () => {
    const merchant = await api.merchant();
    for (const key of [undefined, merchant.key, `${api.adminKey}x`]) {
      const refused = await api.call(key, 'POST', '/v1/admin/merchants', { name: 'X', email: 'x@example.com' });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('admin_key_invalid');
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
      const refused = await onboard(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatchObject({ code, param });
    }
    expect(await merchantsNamed('Shop B')).toBe(0);
  });

  it('replays a retried request with the same Idempotency-Key instead of creating a second merchant', async () => {
    const body = { name: 'Shop C', email: 'c@example.com' };
    const headers = { 'idempotency-key': 'onboard-shop-c' };
    const first = await onboard(body, headers);
    const retried = await onboard(body, headers);
    expect(first.status).toBe(200);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.id).toBe(first.body.id);
    // The secret key exists in the first answer only: it is never stored for replays.
    expect(first.body.api_key).toMatch(/^sk_test_/);
    expect(retried.body).not.toHaveProperty('api_key');
    expect(first.body.invite_url).toBeDefined();
    expect(retried.body).not.toHaveProperty('invite_url');
    expect(await merchantsNamed('Shop C')).toBe(1);
  });

  it('creates one merchant when the same request arrives twice at once', async () => {
    const body = { name: 'Shop D', email: 'd@example.com' };
    const headers = { 'idempotency-key': 'onboard-shop-d' };
    const answers = await Promise.all([onboard(body, headers), onboard(body, headers)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
    expect(await merchantsNamed('Shop D')).toBe(1);
  });

  it('refuses the same Idempotency-Key with another body', async () => {
    const headers = { 'idempotency-key': 'onboard-shop-e' };
    expect((await onboard({ name: 'Shop E', email: 'e@example.com' }, headers)).status).toBe(200);
    const reused = await onboard({ name: 'Shop E2', email: 'e2@example.com' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await merchantsNamed('Shop E2')).toBe(0);
  });

  it('keeps the operator’s keys apart from a merchant’s', async () => {
    const merchant = await api.merchant();
    const key = { 'idempotency-key': 'shared-key-name' };
    expect((await onboard({ name: 'Shop F', email: 'f@example.com' }, key)).status).toBe(200);
    const endpoint = await api.call(
      merchant.key,
      'POST',
      '/v1/webhook_endpoints',
      { url: 'https://shop.example.com/hooks', enabled_events: ['*'] },
      key,
    );
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(200);
    expect(endpoint.headers.get('idempotent-replayed')).toBeNull();
  });
});
