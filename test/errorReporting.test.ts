// With SENTRY_DSN set, `npm run api` and `npm run worker` report what fails unexpectedly through the real
// Sentry SDK: the API's 500 with the request id its answer carried, a failed job with its task; and no
// report carries a key, a secret or a password. The DSN points at a local receiver that keeps what came.
import { afterAll, describe, expect, it } from 'vitest';
import type { Child } from '../devkit/childProcess.js';
import { enqueueJobByUrl } from '../lib/jobQueue.js';
import { startApiProcess } from './harness/apiProcess.js';
import { startApiStack } from './harness/apiStack.js';
import { query } from './harness/indexer.js';
import { startSentryReceiver } from './harness/sentryReceiver.js';
import { expectStatus } from './harness/typedClient.js';
import { testWorkers } from './harness/worker.js';

const stack = await startApiStack();
const sentry = await startSentryReceiver();
const workers = await testWorkers(stack);
const started: Child[] = [];
afterAll(async () => {
  await Promise.all(started.map((child) => child.stop(5_000)));
  await workers.stop();
  await sentry.close();
  await stack.stop();
});

/** What no report may contain: the stack's credentials. */
function secretsOf(merchantKey: string): string[] {
  const password = new URL(stack.env.DATABASE_URL!).password;
  return [merchantKey, stack.adminKey, stack.env.OPERATOR_PRIVATE_KEY!, password];
}

describe('error reporting to Sentry', () => {
  it("reports the API's 500 with its request id, and no secret", async () => {
    const { child, url } = await startApiProcess({ ...stack.env, SENTRY_DSN: sentry.dsn });
    started.push(child);
    const merchant = await stack.merchant();
    const intent = await expectStatus(
      await merchant.client.v1.payment_intents.$post({ json: { amount: 500, currency: 'USD' }, header: {} }),
      200,
    );
    // A schema the code does not expect: every read of an intent fails, a bug as far as the API knows.
    await query(stack.env.DATABASE_URL!, 'ALTER TABLE app.payment_intent RENAME COLUMN metadata TO metadata_moved');
    const response = await fetch(`${url}/v1/payment_intents/${intent.id}`, {
      headers: { authorization: `Bearer ${merchant.key}` },
    });
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^req_/);

    await expect
      .poll(() => sentry.events().find((event) => event.tags?.request_id === requestId), { timeout: 15_000 })
      .toMatchObject({
        tags: { service: 'api', request_id: requestId },
        environment: 'test',
        exception: { values: [expect.objectContaining({ value: expect.stringContaining('metadata') })] },
      });
    for (const envelope of sentry.envelopes) {
      for (const secret of secretsOf(merchant.key)) expect(envelope).not.toContain(secret);
      // PostgreSQL's error, not drizzle's wrapper quoting the statement's parameters.
      expect(envelope).not.toContain('params:');
    }
  });

  it('reports a failed job with its task, and no secret', async () => {
    await workers.start('worker', { SENTRY_DSN: sentry.dsn });
    // A job whose payload no release of the gateway would write: its task refuses it.
    const jobId = await enqueueJobByUrl(stack.env.DATABASE_URL!, workers.schema, 'refunds__send', {} as never);
    await expect
      .poll(() => sentry.events().find((event) => event.tags?.job_id === jobId), { timeout: 30_000 })
      .toMatchObject({ tags: { service: 'worker', task: 'refunds__send', attempt: expect.stringMatching(/^1\//) } });
    for (const envelope of sentry.envelopes) {
      expect(envelope).not.toContain(new URL(stack.env.DATABASE_URL!).password);
    }
  });
});
