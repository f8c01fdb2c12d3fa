// What the API's OpenAPI document promises about every route, so that generated clients and the docs can
// rely on it: a stable operationId each, and an Idempotency-Key on every POST.
import { afterAll, beforeAll, expect, it } from 'vitest';
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
