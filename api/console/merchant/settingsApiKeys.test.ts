// The dashboard's API keys, in process: each key offers only what the API still allows. A key is rolled
// once, so one in its grace period may be revoked but not rolled again; an expired or revoked key shows
// as such, with nothing to press; a roll posted from a page shown before still gets the API's refusal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleSession } from '../../../test/harness/consoles.js';
import { type InProcessApi, inProcessApi } from '../../../test/harness/inProcessApi.js';
import { expectStatus } from '../../../test/harness/typedClient.js';
import type { PmtClient } from '../../client.js';
import { when } from '../format.js';

let api: InProcessApi;
let shop: { id: string; key: string };
let keys: PmtClient['v1']['api_keys'];
let cookie: string;
let csrf: string;

beforeAll(async () => {
  api = await inProcessApi();
  shop = await api.merchant();
  keys = api.client(shop.key).v1.api_keys;
  ({ cookie, csrf } = await consoleSession(api, '/console', {
    role: 'merchant',
    email: 'keys@shop.test',
    merchantId: shop.id,
  }));
}, 60_000);
afterAll(() => api?.stop());

async function keyNamed(name: string, then?: { roll?: number; revoke?: true }) {
  const { id } = await expectStatus(await keys.$post({ json: { name }, header: {} }), 200);
  if (then?.roll !== undefined)
    await expectStatus(
      await keys[':id'].roll.$post({ param: { id }, json: { expires_in_seconds: then.roll }, header: {} }),
      200,
    );
  if (then?.revoke) await expectStatus(await keys[':id'].revoke.$post({ param: { id }, header: {} }), 200);
  const listed = await expectStatus(await keys.$get({ query: { limit: '100' } }), 200);
  const key = listed.data.find((row) => row.id === id);
  expect(key, `key ${id} listed`).toBeDefined();
  return key!;
}

const settingsPage = async () => (await api.fetch('/console/settings', { headers: { cookie } })).text();

/** The row of key `id`: its text, and the buttons it offers. */
function keyRow(page: string, id: string) {
  const row = new RegExp(`<tr data-key="${id}">[\\s\\S]*?</tr>`).exec(page)?.[0];
  expect(row, `a row for ${id}`).toBeDefined();
  return {
    text: row!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '),
    buttons: [...row!.matchAll(/<button type="submit">([^<]+)<\/button>/g)].map((match) => match[1]),
  };
}

it('offers Roll and Revoke on an active key, Revoke alone in a grace period, nothing once expired or revoked', async () => {
  const active = await keyNamed('active');
  const graced = await keyNamed('graced', { roll: 3600 });
  const expired = await keyNamed('expired', { roll: 0 });
  const revoked = await keyNamed('revoked', { revoke: true });
  const page = await settingsPage();

  expect(keyRow(page, active.id).buttons).toEqual(['Roll', 'Revoke']);
  expect(keyRow(page, graced.id).buttons).toEqual(['Revoke']);
  // A rolled key has an expiry (the end of its grace period): `expires_at!`.
  expect(keyRow(page, graced.id).text).toContain(`rolled, expires ${when(graced.expires_at!)}`);
  expect(keyRow(page, expired.id).buttons).toEqual([]);
  expect(keyRow(page, expired.id).text).toContain(`expired ${when(expired.expires_at!)}`);
  expect(keyRow(page, expired.id).text).not.toContain('expires');
  expect(keyRow(page, revoked.id).buttons).toEqual([]);
  expect(keyRow(page, revoked.id).text).toContain('revoked');
});

it("shows the API's refusal when a page shown before the first roll rolls the key again", async () => {
  const key = await keyNamed('rolled from a stale page');
  const page = await settingsPage();
  expect(keyRow(page, key.id).buttons).toContain('Roll');
  await expectStatus(
    await keys[':id'].roll.$post({ param: { id: key.id }, json: { expires_in_seconds: 3600 }, header: {} }),
    200,
  );
  const again = await api.fetch(`/console/settings/api_keys/${key.id}/roll`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
    body: new URLSearchParams({ _csrf: csrf, expires_in_seconds: '0' }).toString(),
  });
  expect(again.status).toBe(400);
  expect(await again.text()).toMatch(
    /<p class="problem" role="alert">This key was already rolled; it keeps working until /,
  );
  const listed = await expectStatus(await keys.$get({ query: { limit: '100' } }), 200);
  expect(listed.data.filter((key) => key.name === 'rolled from a stale page')).toHaveLength(2);
});
