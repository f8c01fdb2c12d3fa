// A console page that fails answers as a page, not the API's JSON: what went wrong in words, and the
// request id the operator finds in the log beside the error. (In process, with no indexer: the balance
// page's API read fails there, as it would while the indexer's views are missing.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleSession } from '../../test/harness/consoles.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
let cookie: string;

beforeAll(async () => {
  api = await inProcessApi();
  const shop = await api.merchant();
  ({ cookie } = await consoleSession(api, '/console', {
    role: 'merchant',
    email: 'err@shop.test',
    merchantId: shop.id,
  }));
}, 60_000);
afterAll(() => api?.stop());

it('shows a failed page as a page with its request id, never the API’s JSON', async () => {
  const answer = await api.fetch('/console/balance', { headers: { cookie, 'x-request-id': 'req_console_failure' } });
  expect(answer.status).toBe(500);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
  const page = await answer.text();
  expect(page).toContain('<h1>Something went wrong</h1>');
  expect(page).toContain('Request id: <code>req_console_failure</code>');
  expect(page).toContain('quote request id req_console_failure');
});
