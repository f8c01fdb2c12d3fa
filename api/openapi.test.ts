// What the API's OpenAPI document promises about every route, so that generated clients and the docs can
// rely on it: a valid OpenAPI 3.1 document (test/harness/openApi.ts checks it), a stable operationId each,
// an Idempotency-Key on every POST, and every event a merchant's endpoint can receive.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventTypes } from '../lib/events.js';
import { type InProcessApi, inProcessApi } from '../test/harness/inProcessApi.js';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.stop());

it('names every operation with an operationId of its own', () => {
  const ids = api.contract.operations.map((operation) => operation.operationId);
  expect(ids.filter((id) => id === undefined)).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toContain('createPaymentIntent');
});

it('takes an Idempotency-Key on every POST', () => {
  const posts = api.contract.operations.filter((operation) => operation.method === 'post');
  expect(posts.length).toBeGreaterThan(5);
  const without = posts.filter((operation) => !operation.headerParameters.includes('idempotency-key'));
  expect(without.map((operation) => operation.template)).toEqual([]);
});

it('documents every event type of the catalogue as a webhook: its Event, object and signature headers', async () => {
  const document = (await (await api.fetch('/openapi.json')).json()) as any;
  expect(Object.keys(document.webhooks)).toEqual([...eventTypes]);
  const schemas = document.components.schemas;
  for (const type of eventTypes) {
    const post = document.webhooks[type].post;
    expect(
      post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
      type,
    ).toEqual(['header:webhook-id', 'header:webhook-timestamp', 'header:webhook-signature']);
    const [envelope, typed] = schemas[post.requestBody.content['application/json'].schema.$ref.split('/').pop()].allOf;
    expect(envelope.$ref, type).toBe('#/components/schemas/Event');
    expect(typed.properties.type.enum, type).toEqual([type]);
    const kind = { payment_intent: 'PaymentIntent', refund: 'Refund', payout: 'Payout' }[type.split('.')[0]!];
    expect(typed.properties.data.properties.object.$ref, type).toBe(`#/components/schemas/${kind}`);
  }
  const signature = document.webhooks[eventTypes[0]].post.parameters[2].schema.description;
  expect(signature).toContain('HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`');
  expect(signature).toContain('two while the secret a roll replaced is in its grace period');
});
