// A payment removed by a reorganization before it was final produces no event: the outbox only walks
// blocks at the finality depth, here 3 blocks for the API and the worker.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../devkit/webhookReceiver.js';
import { type ApiStack, startApiStack } from '../../test/harness/apiStack.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

const DEPTH = 3;

let stack: ApiStack;
let workers: TestWorkers;

beforeAll(async () => {
  stack = await startApiStack({ FINALITY_DEPTH: String(DEPTH) });
  workers = await testWorkers(stack, {
    FINALITY_DEPTH: String(DEPTH),
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    OUTBOX_INTERVAL_MS: '100',
  });
  await workers.start('worker');
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

const mine = (blocks: number) =>
  stack.buyer.request({ method: 'anvil_mine' as never, params: [`0x${blocks.toString(16)}`] as never });

it('sends no event for a payment a reorg removed before it was final, and goes on with the rest', async () => {
  const shop = await stack.merchant();
  const receiver = await startWebhookReceiver();
  const endpoint = await expectStatus(
    await shop.client.v1.webhook_endpoints.$post({ json: { url: receiver.url }, header: {} }),
    200,
  );
  receiver.secret = endpoint.secret;
  const intent = async () =>
    expectStatus(
      await shop.client.v1.payment_intents.$post({ json: { amount_crypto: '1000000000000000' }, header: {} }),
      200,
    );
  const delivered = () => receiver.received.map((webhook) => webhook.event.data.object.id);

  const kept = await intent();
  await stack.pay(kept);
  await stack.waitForIntent(shop, kept.id, (body) => body.status === 'processing');
  await mine(DEPTH);
  await expect.poll(delivered, { timeout: 30_000, message: 'the final payment’s webhook' }).toEqual([kept.id]);

  const snapshot = await stack.buyer.request({ method: 'evm_snapshot' as never });
  const dropped = await intent();
  await stack.pay(dropped);
  await stack.waitForIntent(shop, dropped.id, (body) => body.status === 'processing');
  await stack.buyer.request({ method: 'evm_revert' as never, params: [snapshot] as never });
  await mine(DEPTH + 2);
  await stack.waitForIntent(shop, dropped.id, (body) => body.status === 'requires_payment');

  const later = await intent();
  await stack.pay(later);
  await mine(DEPTH);
  await expect
    .poll(delivered, { timeout: 30_000, message: 'the later payment’s webhook' })
    .toEqual([kept.id, later.id]);
  const events = await expectStatus(await shop.client.v1.events.$get({ query: { limit: '100' } }), 200);
  expect(events.data.map((event) => event.data.object.id)).not.toContain(dropped.id);
  await receiver.close();
});
