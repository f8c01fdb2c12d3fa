// A burst is what every retrying client sends, and what the SDK (which puts an Idempotency-Key on every
// POST) sends when a shop is busy: many requests at once, each holding a pooled connection for as long as
// it runs. Every request of a burst answers within seconds, with success, a rate-limit refusal or a 503
// that says when to retry, and the API serves the next request at once: it never waits for a second pool
// connection while holding one, a request that cannot get a connection in time is refused, and no
// statement runs unbounded.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { expectStatus } from '../test/harness/typedClient.js';

const stack = await startApiStack();
afterAll(() => stack.stop());

/** A burst answers within this, every request of it, or the API is wedged. */
const BURST_BOUND_MS = 20_000;

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

/**
 * One request, raw (so a hang is a failure of its own), with the error code of a refusal. Not through the
 * typed client: these requests are what the bursts measure, sent exactly so to whichever API server a test
 * starts, with nothing in the test's process (the contract check reads every answer) between them.
 */
async function send(url: string, key: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined
        ? {}
        : { 'content-type': 'application/json', 'idempotency-key': randomBytes(12).toString('hex') }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(BURST_BOUND_MS),
  });
  const json = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: json.error?.code, retryAfter: response.headers.get('retry-after') };
}

/** Success, the rate limiter, or a busy database with Retry-After: nothing else, and nothing left hanging. */
function expectOnlyAllowedAnswers(answers: Answer[]) {
  for (const answer of answers) {
    if (answer.status === 503) {
      expect(answer.code).toBe('database_busy');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    } else {
      expect([200, 429]).toContain(answer.status);
    }
  }
  expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
}

const create = { amount: 1000, currency: 'USD', metadata: { order_id: 'burst' } };

describe.each([
  // The stack's own API, with the default pool: the 64 requests the defect was first seen with, and more.
  { name: 'the default pool (20)', poolSize: undefined, burst: 80 },
  // A small pool, so that every connection is taken many times over.
  { name: 'a pool of 4', poolSize: 4, burst: 16 },
])('a burst of 4× $name', ({ poolSize, burst }) => {
  let url: string;
  let merchant: TestMerchant;

  it('of idempotent POSTs answers every request, and a GET right after answers at once', async () => {
    merchant = await stack.merchant();
    url = poolSize === undefined ? stack.url : (await stack.extraApi({ DATABASE_POOL_SIZE: String(poolSize) })).api.url;
    const answers = await Promise.all(
      Array.from({ length: burst }, () => send(url, merchant.key, 'POST', '/v1/payment_intents', create)),
    );
    expectOnlyAllowedAnswers(answers);
    const after = await send(url, merchant.key, 'GET', '/v1/payment_intents?limit=100');
    expect(after.status).toBe(200);
  });

  it('of idempotent POSTs and GETs mixed answers every request, and a GET right after answers at once', async () => {
    const intent = await expectStatus(
      await merchant.client.v1.payment_intents.$post({ json: create, header: {} }),
      200,
      'the intent the GETs read',
    );
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        i % 2 === 0
          ? send(url, merchant.key, 'POST', '/v1/payment_intents', create)
          : send(url, merchant.key, 'GET', i % 4 === 1 ? '/v1/payment_intents' : `/v1/payment_intents/${intent.id}`),
      ),
    );
    expectOnlyAllowedAnswers(answers);
    const after = await send(url, merchant.key, 'GET', `/v1/payment_intents/${intent.id}`);
    expect(after.status).toBe(200);
  });
});

/**
 * A connection of `pool`, however long this machine takes to open one: the pool's own timeout is the short
 * one under test, which a loaded machine can exceed while PostgreSQL starts a backend.
 */
async function connectionOf(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect();
    } catch (err) {
      if (attempt === 20) throw err;
    }
  }
}

describe('a database that cannot keep up', () => {
  it('answers 503 database_busy with Retry-After when no connection frees in time, and recovers by itself', async () => {
    const merchant = await stack.merchant();
    const { api } = await stack.extraApi({ DATABASE_POOL_SIZE: '2', DATABASE_POOL_TIMEOUT_MS: '300' });
    // Every connection of the API's pool taken, as by requests that do not finish.
    const pool = api.services.pool.$client;
    const held = [await connectionOf(pool), await connectionOf(pool)];
    try {
      const refused = await send(api.url, merchant.key, 'POST', '/v1/payment_intents', create);
      expect(refused).toMatchObject({ status: 503, code: 'database_busy' });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    } finally {
      for (const client of held) client.release();
    }
    expect((await send(api.url, merchant.key, 'POST', '/v1/payment_intents', create)).status).toBe(200);
  });

  it('bounds every statement: a request blocked behind a lock answers 503 database_busy once its statement times out', async () => {
    const merchant = await stack.merchant();
    const { api } = await stack.extraApi({ DATABASE_STATEMENT_TIMEOUT_MS: '500' });
    const locker = new pg.Client({ connectionString: api.services.config.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE app.payment_intent IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const refused = await send(api.url, merchant.key, 'POST', '/v1/payment_intents', create);
      expect(refused).toMatchObject({ status: 503, code: 'database_busy' });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(BURST_BOUND_MS);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
    }
    expect((await send(api.url, merchant.key, 'POST', '/v1/payment_intents', create)).status).toBe(200);
  });
});
