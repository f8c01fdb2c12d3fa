// Every list pages the same way (api/pagination.ts), read here through two lists that need no chain data:
// webhook endpoints and API keys, in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../test/harness/inProcessApi.js';

let api: InProcessApi;
let merchant: { id: string; key: string };
let other: { id: string; key: string };
/** The endpoints created below, newest first, as every list orders them. */
let endpoints: string[];

beforeAll(async () => {
  api = await inProcessApi();
  [merchant, other] = [await api.merchant(), await api.merchant()];
  endpoints = [];
  for (let i = 0; i < 5; i++) {
    const created = await api.call(merchant.key, 'POST', '/v1/webhook_endpoints', {
      url: `https://shop.example.com/hooks/${i}`,
      enabled_events: ['*'],
    });
    expect(created.status).toBe(200);
    endpoints.unshift(created.body.id);
  }
});
afterAll(() => api?.stop());

const list = (query: string, key = merchant.key) => api.call(key, 'GET', `/v1/webhook_endpoints${query}`);
const ids = (body: { data: { id: string }[] }) => body.data.map((item) => item.id);

describe('lists', () => {
  it('page forward with starting_after, newest first, and say when there is more', async () => {
    const first = await list('?limit=2');
    expect(first.body).toMatchObject({ object: 'list', has_more: true, url: '/v1/webhook_endpoints' });
    expect(ids(first.body)).toEqual(endpoints.slice(0, 2));
    const second = await list(`?limit=2&starting_after=${endpoints[1]}`);
    expect(ids(second.body)).toEqual(endpoints.slice(2, 4));
    const last = await list(`?limit=2&starting_after=${endpoints[3]}`);
    expect(ids(last.body)).toEqual(endpoints.slice(4));
    expect(last.body.has_more).toBe(false);
  });

  it('page backward with ending_before, still newest first within the page', async () => {
    const page = await list(`?limit=2&ending_before=${endpoints[4]}`);
    expect(ids(page.body)).toEqual(endpoints.slice(2, 4));
    expect(page.body.has_more).toBe(true);
    const top = await list(`?limit=2&ending_before=${endpoints[1]}`);
    expect(ids(top.body)).toEqual(endpoints.slice(0, 1));
    expect(top.body.has_more).toBe(false);
  });

  it('refuse both cursors at once, and a cursor that is not the caller’s', async () => {
    const both = await list(`?starting_after=${endpoints[0]}&ending_before=${endpoints[4]}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: 'parameter_invalid', param: 'ending_before' });
    for (const [query, param] of [
      [`?starting_after=we_missing`, 'starting_after'],
      [`?ending_before=${endpoints[0]}`, 'ending_before'],
    ] as const) {
      const missing = await list(query, other.key);
      expect(missing.status, query).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'resource_missing', param });
    }
  });

  it('page API keys the same way', async () => {
    for (let i = 0; i < 2; i++) expect((await api.call(merchant.key, 'POST', '/v1/api_keys', {})).status).toBe(200);
    const all = await api.call(merchant.key, 'GET', '/v1/api_keys?limit=100');
    expect(all.body.data).toHaveLength(3);
    const first = await api.call(merchant.key, 'GET', '/v1/api_keys?limit=1');
    expect(ids(first.body)).toEqual(ids(all.body).slice(0, 1));
    expect(first.body.has_more).toBe(true);
    const rest = await api.call(merchant.key, 'GET', `/v1/api_keys?starting_after=${ids(first.body)[0]}`);
    expect(ids(rest.body)).toEqual(ids(all.body).slice(1));
    expect(rest.body.has_more).toBe(false);
  });
});
