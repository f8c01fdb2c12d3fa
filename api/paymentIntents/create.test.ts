// POST /v1/payment_intents's body rules, in process: they are zod's, so the OpenAPI document states them,
// and a body that breaks one is refused before anything is quoted or stored.
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devAccounts } from '../../devkit/devAccounts.js';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import type { PmtClient } from '../client.js';

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];

let api: InProcessApi;
let client: PmtClient;
beforeAll(async () => {
  api = await inProcessApi();
  client = api.client((await api.merchant()).key);
  // With a payout wallet, a body that passed its rules would be quoted, signed and stored.
  const wallet = await client.v1.merchant.wallet.$post({
    json: { address: devAccounts.merchant.address },
    header: {},
  });
  expect(wallet.status).toBe(200);
});
afterAll(() => api?.stop());

it('documents the price as amount with currency, or amount_crypto', async () => {
  const document = (await (await api.fetch('/openapi.json')).json()) as any;
  expect(document.components.schemas.PaymentIntentCreate.oneOf).toEqual([
    { required: ['amount', 'currency'] },
    { required: ['amount_crypto'] },
  ]);
});

it('refuses a body that breaks a price rule, naming the field, and stores nothing', async () => {
  const cases: [unknown, string, string][] = [
    [{ amount: 100, currency: 'USD', amount_crypto: '5' }, 'parameter_invalid', 'amount_crypto'],
    [{ currency: 'USD' }, 'parameter_missing', 'amount'],
    [{}, 'parameter_missing', 'amount'],
    [{ amount: 100 }, 'parameter_missing', 'currency'],
    [{ amount_crypto: '9'.repeat(78) }, 'parameter_invalid', 'amount_crypto'],
    [{ amount_crypto: 'abc' }, 'parameter_invalid', 'amount_crypto'],
    [{ amount_crypto: '1.5' }, 'parameter_invalid', 'amount_crypto'],
    [{ amount_crypto: '1e18' }, 'parameter_invalid', 'amount_crypto'],
  ];
  for (const [body, code, param] of cases) {
    // Most of these bodies are outside the route's type: the bad input under test, sent as it is.
    const refused = await client.v1.payment_intents.$post({ json: body as IntentCreate, header: {} });
    const { error } = await expectStatus(refused, 400, JSON.stringify(body));
    expect(error, JSON.stringify(body)).toMatchObject({ code, param });
  }
  expect(await query(api.databaseUrl, 'SELECT id FROM app.payment_intent')).toEqual([]);
  // The control: a body that keeps the rules is stored.
  await expectStatus(await client.v1.payment_intents.$post({ json: { amount_crypto: '5' }, header: {} }), 200);
  expect(await query(api.databaseUrl, 'SELECT id FROM app.payment_intent')).toHaveLength(1);
});
