// PostgreSQL down or restarting is not a bug of ours: every request meets it with a 503 that says so and
// when to retry, never a 500, never a hang, and nothing half-written; once the server is back, the API
// serves again by itself, and a retry with the first request's Idempotency-Key applies it exactly once.
// The stack's database is on a PostgreSQL of this file's own, which it stops and starts again.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../devkit/postgres.js';
import { startApiStack } from '../test/harness/apiStack.js';
import { query } from '../test/harness/indexer.js';

const postgres = await startPostgres({ persistent: false }, {});
const stack = await startApiStack({}, undefined, { databaseServerUrl: postgres.url });
afterAll(async () => {
  await stack.stop();
  await postgres.stop();
});

/** An answer must come within this, outage or not. */
const ANSWER_BOUND_MS = 15_000;

async function send(key: string, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': idempotencyKey! }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  });
  const json = (await response.json()) as { id?: string; error?: { code: string; message: string } };
  return { status: response.status, json, retryAfter: response.headers.get('retry-after') };
}

describe('a database outage', () => {
  it('answers 503 database_unavailable with Retry-After to every request, then serves again and applies a retried create once', async () => {
    const merchant = await stack.merchant();
    const order = `outage-${randomBytes(4).toString('hex')}`;
    const create = { amount: 1200, currency: 'USD', metadata: { order_id: order } };
    const existing = await send(merchant.key, 'POST', '/v1/payment_intents', create, randomBytes(12).toString('hex'));
    expect(existing.status).toBe(200);

    const outage = await postgres.interrupt!();
    const key = randomBytes(12).toString('hex');
    // A burst of creates, reads and lists, as clients keep sending while the database is down.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? send(merchant.key, 'POST', '/v1/payment_intents', create, key)
          : send(merchant.key, 'GET', i % 3 === 1 ? `/v1/payment_intents/${existing.json.id}` : '/v1/payment_intents'),
      ),
    );
    for (const answer of answers) {
      expect(answer, JSON.stringify(answer.json)).toMatchObject({
        status: 503,
        json: { error: { code: 'database_unavailable' } },
      });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    const ready = await fetch(`${stack.url}/readyz`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) });
    expect(ready.status).toBe(503);
    await outage.restart();

    // The client retries as told, with the same key, until the API has its connections back.
    await expect
      .poll(async () => (await send(merchant.key, 'POST', '/v1/payment_intents', create, key)).status, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(200);
    const first = await send(merchant.key, 'POST', '/v1/payment_intents', create, key);
    const again = await send(merchant.key, 'POST', '/v1/payment_intents', create, key);
    expect(again.json.id).toBe(first.json.id);
    const rows = await query<{ n: string }>(
      stack.api.services.config.databaseUrl,
      `SELECT count(*) AS n FROM app.payment_intent WHERE metadata->>'order_id' = $1`,
      [order],
    );
    // The one made before the outage and the one its retries made: none half-written by the burst.
    expect(rows[0]!.n).toBe('2');
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
  });
});
