// Every list pages the same way (api/pagination.ts), read here through two lists that need no chain data:
// webhook endpoints and API keys, in process.
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../test/harness/inProcessApi.js';
import { expectStatus } from '../test/harness/typedClient.js';
import type { PmtClient } from './client.js';

let api: InProcessApi;
let merchant: PmtClient;
let other: PmtClient;
/** The endpoints created below, newest first, as every list orders them. */
let endpoints: string[];

beforeAll(async () => {
  api = await inProcessApi();
  [merchant, other] = [api.client((await api.merchant()).key), api.client((await api.merchant()).key)];
  endpoints = [];
  for (let i = 0; i < 5; i++) {
    const created = await merchant.v1.webhook_endpoints.$post({
      json: { url: `https://shop.example.com/hooks/${i}`, enabled_events: ['*'] },
      header: {},
    });
    endpoints.unshift((await expectStatus(created, 200)).id);
  }
});
afterAll(() => api?.stop());

type Page = InferRequestType<PmtClient['v1']['webhook_endpoints']['$get']>['query'];

const list = (query: Page, as = merchant) => as.v1.webhook_endpoints.$get({ query });
/** The page `query` asks for, which must be there. */
const page = async (query: Page) => expectStatus(await list(query), 200);
const ids = (body: { data: { id: string }[] }) => body.data.map((item) => item.id);

describe('lists', () => {
  it('page forward with starting_after, newest first, and say when there is more', async () => {
    const first = await page({ limit: '2' });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/webhook_endpoints' });
    expect(ids(first)).toEqual(endpoints.slice(0, 2));
    const second = await page({ limit: '2', starting_after: endpoints[1] });
    expect(ids(second)).toEqual(endpoints.slice(2, 4));
    const last = await page({ limit: '2', starting_after: endpoints[3] });
    expect(ids(last)).toEqual(endpoints.slice(4));
    expect(last.has_more).toBe(false);
  });

  it('page backward with ending_before, still newest first within the page', async () => {
    const before = await page({ limit: '2', ending_before: endpoints[4] });
    expect(ids(before)).toEqual(endpoints.slice(2, 4));
    expect(before.has_more).toBe(true);
    const top = await page({ limit: '2', ending_before: endpoints[1] });
    expect(ids(top)).toEqual(endpoints.slice(0, 1));
    expect(top.has_more).toBe(false);
  });

  it('refuse both cursors at once, and a cursor that is not the caller’s', async () => {
    const both = await expectStatus(await list({ starting_after: endpoints[0], ending_before: endpoints[4] }), 400);
    expect(both.error).toMatchObject({ code: 'parameter_invalid', param: 'ending_before' });
    for (const [query, param] of [
      [{ starting_after: 'we_missing' }, 'starting_after'],
      [{ ending_before: endpoints[0] }, 'ending_before'],
    ] as const) {
      const missing = await expectStatus(await list(query, other), 404, JSON.stringify(query));
      expect(missing.error).toMatchObject({ code: 'resource_missing', param });
    }
  });

  it('page API keys the same way', async () => {
    const keys = merchant.v1.api_keys;
    for (let i = 0; i < 2; i++) expect((await keys.$post({ json: {}, header: {} })).status).toBe(200);
    const all = await expectStatus(await keys.$get({ query: { limit: '100' } }), 200);
    expect(all.data).toHaveLength(3);
    const first = await expectStatus(await keys.$get({ query: { limit: '1' } }), 200);
    expect(ids(first)).toEqual(ids(all).slice(0, 1));
    expect(first.has_more).toBe(true);
    const rest = await expectStatus(await keys.$get({ query: { starting_after: ids(first)[0] } }), 200);
    expect(ids(rest)).toEqual(ids(all).slice(1));
    expect(rest.has_more).toBe(false);
  });
});
