// POST /v1/admin/merchants/:id and GET /v1/admin/merchants in process: the operator's credential only,
// terms for future intents, verification, suspension (the merchant's keys are refused at once), a clear
// refusal of bad input that changes nothing, and an audit entry with the state before and after.
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let api: InProcessApi;
beforeAll(async () => {
  // No key cache: a suspension shows on the very next request.
  api = await inProcessApi({ API_KEY_CACHE_MS: '0' });
});
afterAll(() => api?.stop());

type MerchantUpdate = InferRequestType<PmtClient['v1']['admin']['merchants'][':id']['$post']>['json'];

const update = (id: string, json: MerchantUpdate, key = api.adminKey) =>
  api.client(key).v1.admin.merchants[':id'].$post({ param: { id }, json, header: {} });
/** The merchant as its own key reads it. */
const merchant = (key: string) => api.client(key).v1.merchant.$get();

describe('POST /v1/admin/merchants/:id', () => {
  it('changes terms and verification, and records who changed what', async () => {
    const shop = await api.merchant();
    const before = await expectStatus(await merchant(shop.key), 200);
    expect(before).toMatchObject({ verified: false, suspended: false, fee_bps: 100 });
    const changed = await expectStatus(
      await update(shop.id, { fee_bps: 250, hold_period_seconds: 86_400, verified: true }),
      200,
    );
    expect(changed).toMatchObject({ fee_bps: 250, hold_period_seconds: 86_400, verified: true, suspended: false });
    expect(await expectStatus(await merchant(shop.key), 200)).toMatchObject({ fee_bps: 250, verified: true });
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
    expect((await expectStatus(await update(shop.id, { suspended: true }), 200)).suspended).toBe(true);
    const refused = await expectStatus(await merchant(shop.key), 403);
    expect(refused.error.code).toBe('merchant_suspended');
    expect((await expectStatus(await update(shop.id, { suspended: false }), 200)).suspended).toBe(false);
    expect((await merchant(shop.key)).status).toBe(200);
  });

  it('refuses bad input, unknown merchants and merchant keys, changing nothing', async () => {
    const shop = await api.merchant();
    for (const [body, param] of [
      [{ fee_bps: 1_001 }, 'fee_bps'],
      [{ hold_period_seconds: -1 }, 'hold_period_seconds'],
      [{ verified: 'yes' }, 'verified'],
      [{ name: 'Renamed' }, 'name'],
    ] as const) {
      // Two of these bodies are outside the route's type: the bad input under test, sent as it is.
      const refused = await expectStatus(await update(shop.id, body as MerchantUpdate), 400, JSON.stringify(body));
      expect(refused.error.param).toBe(param);
    }
    expect((await update('mch_missing', { verified: true })).status).toBe(404);
    expect((await update(shop.id, { verified: true }, shop.key)).status).toBe(401);
    expect(await expectStatus(await merchant(shop.key), 200)).toMatchObject({ fee_bps: 100, verified: false });
    const audit = await query(api.databaseUrl, 'SELECT 1 FROM app.audit_log WHERE target = $1', [shop.id]);
    expect(audit).toEqual([]);
  });
});

describe('GET /v1/admin/merchants', () => {
  it('lists every merchant, newest first, for the operator only', async () => {
    const older = await api.merchant();
    const newer = await api.merchant();
    const list = await expectStatus(
      await api.client(api.adminKey).v1.admin.merchants.$get({ query: { limit: '2' } }),
      200,
    );
    expect(list.data.map((row) => row.id)).toEqual([newer.id, older.id]);
    expect((await api.client(newer.key).v1.admin.merchants.$get({ query: {} })).status).toBe(401);
  });
});
