// The audit log records what an integration changes with its secret key, as it records a console user's
// changes: each route writes its entry in the change's own transaction (api/audit/record.ts), naming the key,
// never a secret the answer shows once; a refused change leaves no entry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.stop());

interface AuditRow {
  actor_kind: string;
  actor_id: string;
  action: string;
  target: string;
  after: Record<string, unknown> | null;
}

it('records changes made with a secret key under that key, without the secrets they show once', async () => {
  const shop = await api.merchant();
  const { v1 } = api.client(shop.key);
  const [own] = (await expectStatus(await v1.api_keys.$get({ query: {} }), 200)).data;
  const created = await expectStatus(await v1.api_keys.$post({ json: { name: 'orders service' }, header: {} }), 200);
  const endpoint = await expectStatus(
    await v1.webhook_endpoints.$post({ json: { url: 'https://shop.example/hooks' }, header: {} }),
    200,
  );
  const rolled = await expectStatus(
    await v1.webhook_endpoints[':id'].roll_secret.$post({ param: { id: endpoint.id }, json: {}, header: {} }),
    200,
  );
  const refused = await v1.webhook_endpoints.$post({
    json: { url: 'https://shop.example/hooks', enabled_events: ['payment_intent.succeded'] },
    header: {},
  });
  expect(refused.status).toBe(400);

  const audit = await query<AuditRow>(
    api.databaseUrl,
    'SELECT actor_kind, actor_id, action, target, after FROM app.audit_log WHERE merchant_id = $1 ORDER BY at, id',
    [shop.id],
  );
  expect(audit.map(({ action, target }) => [action, target])).toEqual([
    ['api_key.create', created.id],
    ['webhook_endpoint.create', endpoint.id],
    ['webhook_endpoint.roll_secret', endpoint.id],
  ]);
  for (const row of audit) expect(row).toMatchObject({ actor_kind: 'api_key', actor_id: own!.id });
  const logged = JSON.stringify(audit);
  for (const secret of [created.secret, endpoint.secret, rolled.secret]) {
    expect(secret).toBeTruthy();
    expect(logged).not.toContain(secret);
  }
});
