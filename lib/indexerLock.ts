// Ponder locks its schema while an indexer runs and means to unlock it on shutdown, but 0.16 does not
// reliably get that write out before its pools close: the next start then waits out the 25 s heartbeat
// timeout. Whoever has just seen its indexer process exit knows the lock is stale and may lift it.
import pg from 'pg';

/** Marks `schema` unlocked. Only for a schema whose indexer process has exited. */
export async function releaseIndexerLock(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `UPDATE ${pg.escapeIdentifier(schema)}._ponder_meta SET value = jsonb_set(value, '{is_locked}', '0') WHERE key = 'app'`,
    );
  } catch (err) {
    // An indexer that died before creating its tables left nothing to unlock.
    if ((err as { code?: string }).code !== '42P01') throw err;
  } finally {
    await client.end();
  }
}
