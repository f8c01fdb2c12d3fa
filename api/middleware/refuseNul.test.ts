// A NUL anywhere in a request is refused before any handler: PostgreSQL's text cannot hold it, so it would
// otherwise fail the handler's query with a 500. The consoles answer with a page, the API with its error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
let key: string;

beforeAll(async () => {
  api = await inProcessApi();
  key = (await api.merchant()).key;
});
afterAll(() => api.stop());

const asMerchant = (path: string, init: RequestInit = {}) =>
  api.fetch(path, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });

describe('a NUL character', () => {
  it('in a path id, a query filter or a JSON body is the API’s 400, naming where it was', async () => {
    for (const [path, init, param] of [
      ['/v1/payment_intents/%00', {}, undefined],
      ['/v1/events?payment_intent=pi_a%00', {}, 'payment_intent'],
      [
        '/v1/webhook_endpoints',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: 'https://shop.example/hooks', description: 'a\u0000b' }),
        },
        'description',
      ],
    ] as const) {
      const response = await asMerchant(path, init);
      expect([path, response.status]).toEqual([path, 400]);
      expect((await response.json()).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_invalid',
        message: expect.stringContaining('NUL'),
        ...(param ? { param } : {}),
      });
    }
  });

  it('in a console filter or form is a page, not the API’s JSON', async () => {
    for (const response of [
      await api.fetch('/admin/audit?action=%00'),
      await api.fetch('/console/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%00b&password=x',
      }),
    ]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('NUL character');
    }
  });

  it('leaves a well-formed id that does not exist a 404, and a malformed one a 400', async () => {
    const revoke = (id: string) => asMerchant(`/v1/api_keys/${id}/revoke`, { method: 'POST' });
    expect((await revoke('key_doesNotExist1')).status).toBe(404);
    const malformed = await revoke('pi_123');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toBe('Invalid id: an id of the form key_… (letters and digits)');
  });
});
