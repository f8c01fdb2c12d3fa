import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  it('uses DATABASE_URL as given and starts nothing', async () => {
    const db = await startPostgres({ persistent: false }, { DATABASE_URL: 'postgres://u:p@db.internal:5432/pmt' });
    expect(db).toMatchObject({ url: 'postgres://u:p@db.internal:5432/pmt', embedded: false });
  });

  it('starts a throwaway embedded PostgreSQL and stops it', async () => {
    const db = await startPostgres({ persistent: false }, {});
    try {
      const [row] = await query<{ version: string }>(db.url, 'select version()');
      expect(row!.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await db.stop();
    }
    await expect(query(db.url, 'select 1')).rejects.toThrow();
  });

  it('keeps a persistent cluster across restarts', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pmt-pg-test-'));
    chmodSync(parent, 0o755); // like .dev/, a folder the postgres user can traverse
    const dataDir = join(parent, 'data');
    const first = await startPostgres({ persistent: true, dataDir }, {});
    try {
      await query(first.url, 'create table kept (n int); insert into kept values (42)');
    } finally {
      await first.stop();
    }
    const second = await startPostgres({ persistent: true, dataDir }, {});
    try {
      expect(await query(second.url, 'select n from kept')).toEqual([{ n: 42 }]);
    } finally {
      await second.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
