// The dashboard's webhook endpoints, in process as a browser posts its forms: rolling the signing secret
// (the new one shown once, the old one kept for the grace chosen) and enabling again an endpoint the gateway
// disabled, each in the audit log without any secret; an API key rolls through the same form.
// (test/consoles/merchant.browser.test.ts drives the rest of the settings page in Chromium.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleSession } from '../../../test/harness/consoles.js';
import { query } from '../../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../../test/harness/inProcessApi.js';
import { expectStatus } from '../../../test/harness/typedClient.js';
import type { PmtClient } from '../../client.js';

let api: InProcessApi;
let shop: { id: string; key: string };
let client: PmtClient;
let session: { cookie: string; csrf: string };
beforeAll(async () => {
  api = await inProcessApi();
  shop = await api.merchant();
  client = api.client(shop.key);
  session = await consoleSession(api, '/console', { role: 'merchant', email: 'hooks@shop.test', merchantId: shop.id });
});
afterAll(() => api?.stop());

const settings = async () => (await api.fetch('/console/settings', { headers: { cookie: session.cookie } })).text();
const post = (path: string, form: Record<string, string> = {}) =>
  api.fetch(path, {
    method: 'POST',
    headers: { cookie: session.cookie, origin: api.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, ...form }).toString(),
    redirect: 'manual',
  });
/** What the console user changed on `target` (the API key that set the test up is audited too). */
const audit = (target: string) =>
  query<{ action: string; after: Record<string, unknown> }>(
    api.databaseUrl,
    "SELECT action, after FROM app.audit_log WHERE target = $1 AND actor_kind = 'console_user' ORDER BY at",
    [target],
  );
const createEndpoint = async (url: string) =>
  expectStatus(await client.v1.webhook_endpoints.$post({ json: { url }, header: {} }), 200);

it('rolls an endpoint’s signing secret, showing the new one once and keeping the old for the grace chosen', async () => {
  const endpoint = await createEndpoint('https://shop.example/h');
  expect(await settings()).toContain(`action="/console/settings/webhooks/${endpoint.id}/roll_secret"`);
  const page = await post(`/console/settings/webhooks/${endpoint.id}/roll_secret`, {
    expires_in_seconds: '3600',
    idempotency_key: `roll-${endpoint.id}`,
  });
  expect(page.status).toBe(200);
  const shown = /<code data-secret>(whsec_[0-9A-Za-z]+)<\/code>/.exec(await page.text())?.[1];
  const [row] = await query<{ secret: string; previous_secret: string; in_grace: boolean }>(
    api.databaseUrl,
    "SELECT secret, previous_secret, previous_secret_expires_at > now() + interval '59 minutes' AS in_grace FROM app.webhook_endpoint WHERE id = $1",
    [endpoint.id],
  );
  expect(row).toEqual({ secret: shown, previous_secret: endpoint.secret, in_grace: true });
  const [entry] = await audit(endpoint.id);
  expect(entry).toMatchObject({ action: 'webhook_endpoint.roll_secret', after: { id: endpoint.id } });
  expect(JSON.stringify(entry!.after)).not.toContain('whsec_');
  // Rolled again during the grace: the API's refusal, on the page.
  const refused = await post(`/console/settings/webhooks/${endpoint.id}/roll_secret`, { expires_in_seconds: '0' });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('roll again once that grace period is over');
});

it('enables again an endpoint the gateway disabled', async () => {
  const endpoint = await createEndpoint('https://shop.example/d');
  const enable = `action="/console/settings/webhooks/${endpoint.id}/enable"`;
  expect(await settings()).not.toContain(enable);
  await query(api.databaseUrl, 'UPDATE app.webhook_endpoint SET disabled_at = now() WHERE id = $1', [endpoint.id]);
  expect(await settings()).toContain(enable);
  const answer = await post(`/console/settings/webhooks/${endpoint.id}/enable`);
  expect(answer.status).toBe(303);
  const enabled = await client.v1.webhook_endpoints[':id'].$get({ param: { id: endpoint.id } });
  expect((await expectStatus(enabled, 200)).status).toBe('enabled');
  expect(await settings()).not.toContain(enable);
  expect((await audit(endpoint.id)).map((entry) => entry.action)).toEqual(['webhook_endpoint.enable']);
});

it('rolls an API key through the same form', async () => {
  const key = await expectStatus(await client.v1.api_keys.$post({ json: { name: 'spare' }, header: {} }), 200);
  const page = await post(`/console/settings/api_keys/${key.id}/roll`, { expires_in_seconds: '0' });
  expect(page.status).toBe(200);
  const shown = /<code data-secret>(sk_test_[0-9A-Za-z]+)<\/code>/.exec(await page.text())?.[1];
  expect((await api.client(shown!).v1.merchant.$get()).status).toBe(200);
  // The old key was shown once, on creation.
  expect((await api.client(key.secret!).v1.merchant.$get()).status).toBe(401);
  expect((await audit(key.id)).map((entry) => entry.action)).toEqual(['api_key.roll']);
});
