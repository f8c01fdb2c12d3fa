// POST /v1/admin/merchants/:id and GET /v1/admin/merchants in process: the operator's credential only,
// terms for future intents, verification, suspension (the merchant's keys are refused at once), a clear
// refusal of bad input that changes nothing, and an audit entry with the state before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
beforeAll(async () => {
  // No key cache: a suspension shows on the very next request.
  api = await inProcessApi({ API_KEY_CACHE_MS: '0' });
});
afterAll(() => api?.stop());

const update = (id: string, body: unknown, key = api.adminKey) =>
  api.call(key, 'POST', `/v1/admin/merchants/${id}`, body);

describe('POST /v1/admin/merchants/:id', () => {
  it('changes terms and verification, and records who changed what', async () => {
    const shop = await api.merchant();
    const before = (await api.call(shop.key, 'GET', '/v1/merchant')).body;
    expect(before).toMatchObject({ verified: false, suspended: false, fee_bps: 100 });
    const changed = await update(shop.id, { fee_bps: 250, hold_period_seconds: 86_400, verified: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ fee_bps: 250, hold_period_seconds: 86_400, verified: true, suspended: false });
    expect((await api.call(shop.key, 'GET', '/v1/merchant')).body).toMatchObject({ fee_bps: 250, verified: true });
    const audit = await query<{ actor_kind: string; actor_id: string; action: string; before: any; after: any }>(
      api.databaseUrl,
      'SELECT actor_kind, actor_id, action, before, after FROM app.audit_log WHERE target = $1',
      [shop.id],
    );
    expect(audit).toEqual([
      {
        actor_kind: 'api_key',
        actor_id: 'ADMIN_API_KEY',
        action: 'merchant.update',
        before: expect.objectContaining({ fee_bps: 100, verified: false }),
        after: expect.objectContaining({ fee_bps: 250, verified: true }),
      },
    ]);
  });

  it('suspends a merchant: its keys are refused until it is reinstated', async () => {
    const shop = await api.merchant();
    expect((await update(shop.id, { suspended: true })).body.suspended).toBe(true);
    const refused = await api.call(shop.key, 'GET', '/v1/merchant');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('merchant_suspended');
    expect((await update(shop.id, { suspended: false })).body.suspended).toBe(false);
    expect((await api.call(shop.key, 'GET', '/v1/merchant')).status).toBe(200);
  });

  it('refuses bad input, unknown merchants and merchant keys, changing nothing', async () => {
    const shop = await api.merchant();
    for (const [body, param] of [
      [{ fee_bps: 1_001 }, 'fee_bps'],
      [{ hold_period_seconds: -1 }, 'hold_period_seconds'],
      [{ verified: 'yes' }, 'verified'],
      [{ name: 'Renamed' }, 'name'],
    ] as const) {
      const refused = await update(shop.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.param).toBe(param);
    }
    expect((await update('mch_missing', { verified: true })).status).toBe(404);
    expect((await update(shop.id, { verified: true }, shop.key)).status).toBe(401);
    expect((await api.call(shop.key, 'GET', '/v1/merchant')).body).toMatchObject({ fee_bps: 100, verified: false });
    const audit = await query(api.databaseUrl, 'SELECT 1 FROM app.audit_log WHERE target = $1', [shop.id]);
    expect(audit).toEqual([]);
  });
});

describe('GET /v1/admin/merchants', () => {
  it('lists every merchant, newest first, for the operator only', async () => {
    const older = await api.merchant();
    const newer = await api.merchant();
    const list = await api.call(api.adminKey, 'GET', '/v1/admin/merchants?limit=2');
    expect(list.status).toBe(200);
    expect(list.body.data.map((row: any) => row.id)).toEqual([newer.id, older.id]);
    expect((await api.call(newer.key, 'GET', '/v1/admin/merchants')).status).toBe(401);
  });
});
