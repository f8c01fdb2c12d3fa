// PostgreSQL restarting while the app holds a pooled connection between two statements (a transaction
// that waits on a node's answer, as the deposit scanner's does): the process lives on, the transaction
// fails as an outage, and the pool serves again once the server is back. Seen in `npm run bench:faults`:
// the API and the worker died of an unhandled 'error' event on the lent client.
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { startPostgres } from '../../devkit/postgres.js';
import { connectDb, isDatabaseUnreachable, onOneConnection } from './client.js';

const postgres = await startPostgres({ persistent: false }, {});
const { db, close } = connectDb(postgres.url, { max: 2 });
afterAll(async () => {
  await close();
  await postgres.stop();
});

it('fails a transaction whose connection the server ended, and serves again after the restart', async () => {
  let outage: Awaited<ReturnType<NonNullable<typeof postgres.interrupt>>> | undefined;
  const held = onOneConnection(db, async (tx) => {
    await tx.execute(sql`SELECT 1`);
    outage = await postgres.interrupt!();
    await tx.execute(sql`SELECT 1`);
  });
  const failure = await held.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isDatabaseUnreachable(failure), String(failure)).toBe(true);
  await outage!.restart();
  await expect
    .poll(
      () =>
        db.execute(sql`SELECT 1 AS n`).then(
          (r) => r.rows,
          () => [],
        ),
      { timeout: 20_000 },
    )
    .toEqual([{ n: 1 }]);
});
