// GET /readyz — whether this API should take traffic: its database answers, and the indexer it reads is
// close enough to the chain's head that statuses are current. A load balancer takes a 503 as "send
// requests elsewhere"; /healthz stays the liveness probe (the process answers at all).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { readIndexedHead } from '../lib/finality.js';
import type { ApiEnv } from './context.js';

export function mountReadiness(app: OpenAPIHono<ApiEnv>) {
  app.get('/readyz', async (c) => {
    const { db, services } = c.var;
    const { clock, config } = services;
    const database = await db
      .execute(sql`SELECT 1`)
      .then(() => ({ ok: true }))
      .catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    const [indexed, head] = await Promise.all([
      database.ok ? readIndexedHead(db, config.viewsSchema).catch(() => undefined) : undefined,
      clock.head().catch(() => undefined),
    ]);
    const lag = indexed && head ? head.number - indexed.number : undefined;
    const indexer = {
      ok: lag !== undefined && lag <= BigInt(config.readyMaxIndexerLagBlocks),
      indexed_block: indexed?.number.toString() ?? null,
      chain_block: head?.number.toString() ?? null,
      lag_blocks: lag === undefined ? null : Number(lag),
      max_lag_blocks: config.readyMaxIndexerLagBlocks,
    };
    const ready = database.ok && indexer.ok;
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, indexer } }, ready ? 200 : 503);
  });
}
