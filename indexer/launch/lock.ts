// Ponder locks its schema while an indexer runs and means to unlock it on shutdown, but 0.16 does not
// reliably get that write out before its pools close: the next start then waits out the 25 s heartbeat
// timeout. Whoever has just seen its indexer process exit may lift the lock, as long as no other indexer
// is using the schema. A running `ponder start` always holds one session named `<schema>_internal`: the
// LISTEN connection behind @ponder/client (src/api/index.ts mounts it), which never returns to its pool.
import pg from 'pg';

/** How long the sessions of an indexer that just exited may linger before we take them for another's. */
const SESSION_GRACE_MS = 3_000;

/**
 * Marks `schema` unlocked if no live process is connected to it as its indexer; returns whether it did.
 * Call it only after the indexer process you started on `schema` has exited.
 */
export async function releaseIndexerLock(databaseUrl: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + SESSION_GRACE_MS;
    for (;;) {
      const result = await client.query(
        `UPDATE ${pg.escapeIdentifier(schema)}._ponder_meta SET value = jsonb_set(value, '{is_locked}', '0')
         WHERE key = 'app' AND NOT EXISTS (
           SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = $1)`,
        [`${schema}_internal`],
      );
      if (result.rowCount === 1) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (err) {
    // An indexer that died before creating its tables left nothing to unlock.
    if ((err as { code?: string }).code === '42P01') return false;
    throw err;
  } finally {
    await client.end();
  }
}
