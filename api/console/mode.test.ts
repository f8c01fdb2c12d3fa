// Test or live on every signed-in page: the mode bar says which, and, with PEER_GATEWAY_URL, switches to
// the same console on the other mode's gateway; an unverified live merchant is told why its payments wait.
import { html } from 'hono/html';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleSession } from '../../test/harness/consoles.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { consolePage } from './layout.js';

const PEER = 'https://pay.shop.example';
let api: InProcessApi;

beforeAll(async () => {
  api = await inProcessApi({ PEER_GATEWAY_URL: `${PEER}/` });
}, 60_000);
afterAll(async () => {
  await api?.stop();
});

async function signedInPage(
  base: string,
  path: string,
  user: { email: string; role: 'merchant' | 'admin'; merchantId?: string },
) {
  const { cookie } = await consoleSession(api, base, user);
  const page = await api.fetch(`${base}${path}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

it('says test mode on a test network, and switches to the live gateway’s same console', async () => {
  const merchant = await api.merchant();
  const dashboard = await signedInPage('/console', '/settings', {
    email: 'mode@shop.test',
    role: 'merchant',
    merchantId: merchant.id,
  });
  expect(dashboard).toMatch(/<p class="mode test" data-mode="test">\s*<span>Test mode: /);
  expect(dashboard).toContain(`<a href="${PEER}/console" data-mode-switch>Switch to live mode</a>`);
  const admin = await signedInPage('/admin', '/merchants', { email: 'mode@gateway.test', role: 'admin' });
  expect(admin).toContain(`<a href="${PEER}/admin" data-mode-switch>Switch to live mode</a>`);
});

it('tells an unverified merchant on a live network that its payments wait for verification', async () => {
  const page = (unverified: boolean) =>
    String(
      consolePage({
        title: 'Payments',
        heading: 'Merchant dashboard',
        nav: [],
        current: '/console/payments',
        who: 'owner@shop.example',
        signOut: '/console/sign-out',
        csrfToken: 'token',
        body: html``,
        mode: { mode: 'live', unverified },
      }),
    );
  expect(page(true)).toContain('live payments are refused until the operator verifies this account');
  expect(page(false)).toContain('Live mode: real money.');
  expect(page(false)).not.toContain('data-mode-switch');
});
