// A payment's timeline on the dashboard, over a real chain and indexer: its steps in the order they
// happened, each time to the second and in UTC. A cancel and a payment that still arrived in the same
// second show the cancel first: it was accepted while the gateway had seen no payment.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { consoleSession } from '../../test/harness/consoles.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let stack: ApiStack;
let shop: TestMerchant;
let cookie: string;

beforeAll(async () => {
  stack = await startApiStack();
  shop = await stack.merchant();
  const host = {
    url: stack.url,
    databaseUrl: stack.api.services.config.databaseUrl,
    fetch: (path: string, init?: RequestInit) => fetch(`${stack.url}${path}`, init),
  };
  ({ cookie } = await consoleSession(host, '/console', {
    role: 'merchant',
    email: 'timeline@shop.test',
    merchantId: shop.id,
  }));
}, 120_000);
afterAll(() => stack?.stop());

/** The timeline's steps as the page reads: "<time> · <what>", without their transaction links. */
async function timelineOf(intentId: string): Promise<string[]> {
  const page = await (await fetch(`${stack.url}/console/payments/${intentId}`, { headers: { cookie } })).text();
  const list = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? '';
  return [...list.matchAll(/<li>([^<]*)/g)].map((step) => step[1]!.trim());
}

/** `when`'s reading of a unix time: "Dec 7, 2026, 10:50:45 UTC". */
const utc = (unixSeconds: number) => {
  const date = new Date(unixSeconds * 1000);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${date.toISOString().slice(11, 19)} UTC`;
};

it('lists a cancel before the payment that arrived in its second, with times to the second in UTC', async () => {
  const intent = await expectStatus(
    await shop.client.v1.payment_intents.$post({ json: { amount: 1_000, currency: 'USD' }, header: {} }),
    200,
  );
  const canceled = await expectStatus(
    await shop.client.v1.payment_intents[':id'].cancel.$post({ param: { id: intent.id }, json: {}, header: {} }),
    200,
  );
  // The response's schema makes it a number or null: a canceled intent must have its cancel's time.
  const canceledAt = canceled.canceled_at ?? expect.unreachable('a canceled intent without canceled_at');
  // The signed intent is still valid on chain: its payment lands in a block stamped with the cancel's second.
  await stack.buyer.request({ method: 'evm_setNextBlockTimestamp' as never, params: [canceledAt] as never });
  await stack.pay(intent);
  const paid = await stack.waitForIntent(shop, intent.id, (body) => body.payment !== null);
  expect(paid.payment!.escrowed.at, 'the payment shares the cancel’s second').toBe(canceledAt);

  expect(await timelineOf(intent.id)).toEqual([
    `${utc(intent.created)} · Intent created`,
    `${utc(canceledAt)} · Canceled`,
    `${utc(paid.payment!.escrowed.at)} · Paid into escrow by ${paid.payment!.buyer}`,
  ]);
});
