// Webhooks over the real stack: final escrow events become Events (GET /v1/events) and signed deliveries
// that arrive exactly once per (event, endpoint) while two worker processes run and one is restarted
// mid-stream, each as /openapi.json documents it; a receiver answering 500 gets retries, then the event;
// every attempt is logged; an event can be sent again, once per request; a rolled secret signs beside the
// new one for its grace period; and a private address is never reached unless the test network allows it.
import { Webhook } from 'standardwebhooks';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '../../devkit/webhookReceiver.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

let stack: ApiStack;
let workers: TestWorkers;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack, {
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    WEBHOOK_RETRY_SCHEDULE: '1,1,1',
    OUTBOX_INTERVAL_MS: '100',
  });
  await workers.start('worker-a');
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

async function listening(merchant: TestMerchant) {
  const receiver = await startWebhookReceiver();
  const endpoint = await expectStatus(
    await merchant.client.v1.webhook_endpoints.$post({ json: { url: receiver.url }, header: {} }),
    200,
  );
  // The schema has it optional: only creating an endpoint (or rolling its secret) shows it.
  const secret = endpoint.secret ?? expect.unreachable('a new endpoint without its signing secret');
  receiver.secret = secret;
  return { receiver, endpoint, secret };
}

const newIntent = async (merchant: TestMerchant, amount: bigint) =>
  expectStatus(
    await merchant.client.v1.payment_intents.$post({ json: { amount_crypto: amount.toString() }, header: {} }),
    200,
  );

async function pay(merchant: TestMerchant, amount = parseEther('0.001')) {
  const intent = await newIntent(merchant, amount);
  await stack.pay(intent);
  return intent;
}

/** A `payment_intent.canceled` event, at once: no chain needed. */
async function cancelOne(merchant: TestMerchant) {
  const intent = await newIntent(merchant, 1000n);
  await expectStatus(
    await merchant.client.v1.payment_intents[':id'].cancel.$post({ param: { id: intent.id }, json: {}, header: {} }),
    200,
  );
}

/** The deliveries logged for endpoint `id`, as GET .../deliveries lists them. */
const deliveriesOf = async (merchant: TestMerchant, id: string) =>
  (
    await expectStatus(
      await merchant.client.v1.webhook_endpoints[':id'].deliveries.$get({ param: { id }, query: {} }),
      200,
    )
  ).data;

const redeliver = async (merchant: TestMerchant, id: string) =>
  expectStatus(await merchant.client.v1.events[':id'].redeliver.$post({ param: { id }, json: {}, header: {} }), 200);

async function arrived(receiver: WebhookReceiver, count: number) {
  await expect
    .poll(() => receiver.received.length, { timeout: 30_000, interval: 100, message: `${count} webhooks arrived` })
    .toBeGreaterThanOrEqual(count);
  // Each is what the `webhooks` of /openapi.json say an event of its type is.
  for (const webhook of receiver.received) stack.contract.checkWebhook(JSON.parse(webhook.body));
}

describe('delivery', () => {
  it('delivers each event once per endpoint, signed, with two workers and one restarted mid-stream', async () => {
    const shop = await stack.merchant();
    const { receiver } = await listening(shop);
    const second = await listening(shop);
    const workerB = await workers.start('worker-b');
    const intents = [];
    for (let i = 0; i < 6; i++) {
      intents.push(await pay(shop));
      if (i === 2) {
        await workerB.stop();
        await workers.start('worker-b-again');
      }
    }
    await arrived(receiver, 6);
    await arrived(second.receiver, 6);
    // Time for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const { received } of [receiver, second.receiver]) {
      expect(received).toHaveLength(6);
      expect(received.every((webhook) => webhook.verified)).toBe(true);
      expect(new Set(received.map((webhook) => webhook.id)).size).toBe(6);
      expect(received.map((webhook) => webhook.event.type)).toEqual(Array(6).fill('payment_intent.succeeded'));
      expect(received.map((webhook) => webhook.event.data.object.id).sort()).toEqual(intents.map((i) => i.id).sort());
    }
    const first = receiver.received[0]!;
    expect(first.event.id).toBe(first.id);
    expect(first.event.data.object).toMatchObject({ object: 'payment_intent', status: 'succeeded' });

    const events = await expectStatus(
      await shop.client.v1.events.$get({ query: { type: 'payment_intent.succeeded', limit: '100' } }),
      200,
    );
    expect(events.data).toHaveLength(6);
    expect(events.data.map((e) => e.id).sort()).toEqual(receiver.received.map((w) => w.id).sort());
    const one = await expectStatus(await shop.client.v1.events[':id'].$get({ param: { id: first.id } }), 200);
    expect(one).toMatchObject({
      id: first.id,
      object: 'event',
      type: 'payment_intent.succeeded',
      livemode: false,
    });
  });

  it('retries a receiver that answers 500, logs every attempt, and sends an event again on request', async () => {
    const shop = await stack.merchant();
    const { receiver, endpoint } = await listening(shop);
    receiver.answer = (n) => (n < 2 ? 500 : 200);
    const intent = await pay(shop);
    await arrived(receiver, 1);
    expect(receiver.received[0]!.event.data.object.id).toBe(intent.id);
    const log = await deliveriesOf(shop, endpoint.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'delivered', event_type: 'payment_intent.succeeded' });
    expect(log[0]!.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(log[0]!.attempts[0]!.response).toBe('try again later');

    const again = await redeliver(shop, receiver.received[0]!.id);
    expect(again).toMatchObject({ object: 'redelivery', webhook_endpoints: [endpoint.id] });
    await arrived(receiver, 2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
  });

  it('sends an event once per redelivery asked for, even twice back to back before a worker takes it', async () => {
    const shop = await stack.merchant();
    const { receiver, endpoint } = await listening(shop);
    await cancelOne(shop);
    await arrived(receiver, 1);
    const eventId = receiver.received[0]!.id;
    // No worker between the two requests: both are queued before either is attempted.
    await workers.stop();
    try {
      for (let i = 0; i < 2; i++) {
        const again = await redeliver(shop, eventId);
        expect(again).toEqual({ object: 'redelivery', event: eventId, webhook_endpoints: [endpoint.id] });
      }
    } finally {
      await workers.start('worker-a-after-redeliveries');
    }
    await arrived(receiver, 3);
    // Time for a third attempt to show up, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received.map((webhook) => webhook.id)).toEqual([eventId, eventId, eventId]);
    const [delivery] = await deliveriesOf(shop, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', next_attempt_at: null });
    expect(delivery!.attempts.map((attempt) => attempt.status_code)).toEqual([200, 200, 200]);
  });

  it('tells of cancels, and gives up after the retry schedule', async () => {
    const shop = await stack.merchant();
    const { receiver, endpoint } = await listening(shop);
    receiver.answer = () => 500;
    await cancelOne(shop);
    await expect
      .poll(async () => (await deliveriesOf(shop, endpoint.id))[0], { timeout: 30_000, interval: 200 })
      .toMatchObject({ status: 'failed', event_type: 'payment_intent.canceled' });
    const [failed] = await deliveriesOf(shop, endpoint.id);
    expect(failed!.attempts).toHaveLength(4); // the first and three retries
  });
});

describe('rolling the signing secret', () => {
  const verifies = (secret: string, webhook: ReceivedWebhook) => {
    try {
      new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };
  const signatures = (webhook: ReceivedWebhook) => String(webhook.headers['webhook-signature']).split(' ');

  it('signs with the old and the new secret during the grace period, then with the new one only', async () => {
    const shop = await stack.merchant();
    const { receiver, endpoint, secret: old } = await listening(shop);
    const rolled = await expectStatus(
      await shop.client.v1.webhook_endpoints[':id'].roll_secret.$post({
        param: { id: endpoint.id },
        json: { expires_in_seconds: 3_600 },
        header: {},
      }),
      200,
    );
    const fresh = rolled.secret ?? expect.unreachable('a rolled endpoint without its new secret');

    await cancelOne(shop);
    await arrived(receiver, 1);
    const during = receiver.received[0]!;
    expect(signatures(during)).toHaveLength(2);
    expect(signatures(during).every((signature) => signature.startsWith('v1,'))).toBe(true);
    expect([verifies(old, during), verifies(fresh, during)]).toEqual([true, true]);

    // The grace period ends (as if an hour had passed).
    await query(
      stack.api.services.config.databaseUrl,
      'UPDATE app.webhook_endpoint SET previous_secret_expires_at = now() WHERE id = $1',
      [endpoint.id],
    );
    await cancelOne(shop);
    await arrived(receiver, 2);
    const after = receiver.received[1]!;
    expect(signatures(after)).toHaveLength(1);
    expect([verifies(old, after), verifies(fresh, after)]).toEqual([false, true]);
  });
});

describe('no server-side request forgery', () => {
  it('never delivers to a loopback address unless the test network allows it', async () => {
    const strict = await testWorkers(stack, { OUTBOX_INTERVAL_MS: '100', WEBHOOK_RETRY_SCHEDULE: '1' });
    // A second pair of workers on the same queue would share the jobs; stop the permissive one meanwhile.
    await workers.stop();
    await strict.start('strict-worker');
    try {
      const shop = await stack.merchant();
      const { receiver, endpoint } = await listening(shop);
      await pay(shop);
      await expect
        .poll(async () => (await deliveriesOf(shop, endpoint.id))[0], { timeout: 30_000, interval: 200 })
        .toMatchObject({ status: 'failed' });
      const [blocked] = await deliveriesOf(shop, endpoint.id);
      expect(blocked!.attempts[0]).toMatchObject({ status_code: null });
      expect(blocked!.attempts[0]!.response).toMatch(/127\.0\.0\.1, a loopback, private or reserved address/);
      expect(receiver.received).toEqual([]);
    } finally {
      await strict.stop();
      await workers.start('worker-a-again');
    }
  });
});
