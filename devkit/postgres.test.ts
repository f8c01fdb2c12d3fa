import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  it('keeps reading the server log after start-up, so a server that logs a lot never blocks', async () => {
    const db = await startPostgres({ persistent: false }, {});
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Each failed statement logs its error and its text: about 2 MB in all, far beyond a pipe's buffer.
      const noisy = `SELECT no_such_column_${'x'.repeat(2_000)}`;
      for (let i = 0; i < 1_000; i++) await expect(client.query(noisy)).rejects.toThrow(/does not exist/);
      expect((await client.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await client.end();
      await db.stop();
    }
  }, 30_000);

  it('goes down on interrupt, refusing connections, and comes back on the same address with its data', async () => {
    const db = await startPostgres({ persistent: false }, {});
    try {
      await query(db.url, 'create table kept (n int); insert into kept values (7)');
      const outage = await db.interrupt!();
      await expect(query(db.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
      await outage.restart();
      expect(await query(db.url, 'select n from kept')).toEqual([{ n: 7 }]);
    } finally {
      await db.stop();
    }
  }, 60_000);

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

  it('keeps the data of a private checkout where the server can reach it, in a folder nobody else made', async () => {
    const privateFolder = mkdtempSync(join(tmpdir(), 'pmt-pg-private-')); // 0700, like root's home folder
    const dataDir = join(privateFolder, '.dev', 'postgres');
    const first = await startPostgres({ persistent: true, dataDir }, {});
    await first.stop();
    const moved = first.dataDir!;
    try {
      if (process.getuid?.() !== 0) {
        expect(moved).toBe(dataDir); // the server runs as this user, who can reach the checkout
        return;
      }
      expect(moved).toMatch(/^\/var\/tmp\/pmt-gateway-[0-9a-f]{12}\/postgres$/);
      // Someone else got there first with a folder of their own (here a symlink): it is refused, not used.
      rmSync(dirname(moved), { recursive: true, force: true });
      symlinkSync(privateFolder, dirname(moved));
      await expect(startPostgres({ persistent: true, dataDir }, {})).rejects.toThrow(
        /not a folder only root may write/,
      );
    } finally {
      rmSync(dirname(moved), { recursive: true, force: true });
      rmSync(privateFolder, { recursive: true, force: true });
    }
  });
});
