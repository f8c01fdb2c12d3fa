// Webhook endpoints in process: event types checked against the catalogue (lib/events.ts), retrieve,
// update, re-enabling an endpoint the gateway disabled, and rolling the signing secret with a grace period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../lib/events.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
let key: string;
beforeAll(async () => {
  api = await inProcessApi();
  ({ key } = await api.merchant());
});
afterAll(() => api?.stop());

const create = (body: object) =>
  api.call(key, 'POST', '/v1/webhook_endpoints', { url: 'https://shop.example/hooks', ...body });

describe('enabled_events', () => {
  it('refuses names outside the catalogue, naming each and pointing to the catalogue', async () => {
    const response = await create({
      enabled_events: ['payment_intent.succeeded', 'payment_intent.succeded', 'foo.bar', 'foo.bar'],
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'event_type_unknown',
      param: 'enabled_events',
    });
    expect(response.body.error.message).toMatch(/^No such event types: 'payment_intent\.succeded', 'foo\.bar'\. /);
    expect(response.body.error.message).toContain(`Use '*' for every event, or types of the catalogue`);
    for (const type of eventTypes) expect(response.body.error.message).toContain(type);
  });

  it('accepts every type of the catalogue, and *', async () => {
    for (const enabled_events of [[...eventTypes], ['*']]) {
      const response = await create({ enabled_events });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.enabled_events).toEqual(enabled_events);
    }
  });

  it('lists the catalogue as the enum of the request schema', async () => {
    const document = (await (await api.fetch('/openapi.json')).json()) as any;
    const schema = document.components.schemas.WebhookEndpointCreate.properties.enabled_events;
    expect(schema.items.enum).toEqual(['*', ...eventTypes]);
  });
});
