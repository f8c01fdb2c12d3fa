import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDb, isDatabaseBusy, onOneConnection, SecondConnectionError } from './client.js';

const serverUrl = inject('databaseUrl');

describe('onOneConnection', () => {
  const { db, pool, close } = connectDb(serverUrl, { max: 2, connectionTimeoutMs: 2_000 });
  afterAll(close);

  it('refuses a second connection of the same pool while it holds one, at once', async () => {
    const nested = onOneConnection(db, async (tx) => {
      await tx.execute(sql`SELECT 1`);
      return db.execute(sql`SELECT 2`);
    });
    // drizzle wraps what the driver throws.
    await expect(nested).rejects.toMatchObject({ cause: expect.any(SecondConnectionError) });
    await expect(
      onOneConnection(
        db,
        () => new Promise((resolve, reject) => pool.query('SELECT 3', (err) => (err ? reject(err) : resolve(err)))),
      ),
    ).rejects.toThrow(SecondConnectionError);
  });

  it('lets the code it runs use its transaction, and other code the pool, at the same time', async () => {
    const inside = onOneConnection(db, async (tx) => (await tx.execute(sql`SELECT 1 AS one`)).rows[0]);
    const outside = db.execute(sql`SELECT 2 AS two`).then(({ rows }) => rows[0]);
    await expect(Promise.all([inside, outside])).resolves.toEqual([{ one: 1 }, { two: 2 }]);
    expect(pool.totalCount).toBeLessThanOrEqual(2);
  });
});

describe('a busy database', () => {
  it('is a pool that frees no connection in time, or a statement past its timeout', async () => {
    const { db, pool, close } = connectDb(serverUrl, { max: 1, connectionTimeoutMs: 100, statementTimeoutMs: 200 });
    try {
      await expect(db.execute(sql`SELECT pg_sleep(2)`)).rejects.toSatisfy(isDatabaseBusy);
      const held = await pool.connect();
      const waited = await db.execute(sql`SELECT 1`).catch((err: unknown) => err);
      held.release();
      expect(isDatabaseBusy(waited)).toBe(true);
      expect(isDatabaseBusy(new Error('relation "x" does not exist'))).toBe(false);
      await expect(db.execute(sql`SELECT 1 AS one`)).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await close();
    }
  });

  it('is a lock waited for past the pool’s lock timeout', async () => {
    const holder = connectDb(serverUrl, { max: 1 });
    const waiter = connectDb(serverUrl, { max: 1, lockTimeoutMs: 100 });
    try {
      await onOneConnection(holder.db, async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(4242)`);
        const waited = await waiter.db.execute(sql`SELECT pg_advisory_xact_lock(4242)`).catch((err: unknown) => err);
        expect(waited).toSatisfy(isDatabaseBusy);
      });
    } finally {
      await Promise.all([holder.close(), waiter.close()]);
    }
  });
});
