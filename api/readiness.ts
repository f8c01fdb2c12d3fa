// GET /readyz — whether this API should take traffic: its database answers, the indexer it reads is
// close enough to the chain's head that statuses are current, and its signer holds OPERATOR_ROLE (intents
// signed by a key without it could never be paid). A load balancer takes a 503 as "send
// requests elsewhere"; /healthz stays the liveness probe (the process answers at all).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { readIndexedHead } from '../lib/finality.js';
import { holdsRole } from '../lib/roles.js';
import type { ApiEnv } from './context.js';

export function mountReadiness(app: OpenAPIHono<ApiEnv>) {
  app.get('/readyz', async (c) => {
    const { db, services } = c.var;
    const { clock, config, chain, signer } = services;
    const database = await db
      .execute(sql`SELECT 1`)
      .then(() => ({ ok: true }))
      .catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    const [indexed, head, operatorRole] = await Promise.all([
      database.ok ? readIndexedHead(db, config.viewsSchema).catch(() => undefined) : undefined,
      clock.head().catch(() => undefined),
      holdsRole(chain, config.escrowAddress, 'OPERATOR_ROLE', signer.address),
    ]);
    // The clock's head is refreshed in the background and may be older than what the indexer has seen.
    const chainBlock = head && indexed && indexed.number > head.number ? indexed.number : head?.number;
    const lag = indexed && chainBlock !== undefined ? chainBlock - indexed.number : undefined;
    const indexer = {
      ok: lag !== undefined && lag <= BigInt(config.readyMaxIndexerLagBlocks),
      indexed_block: indexed?.number.toString() ?? null,
      chain_block: chainBlock?.toString() ?? null,
      lag_blocks: lag === undefined ? null : Number(lag),
      max_lag_blocks: config.readyMaxIndexerLagBlocks,
    };
    const operator = { ok: operatorRole === true, address: signer.address, has_operator_role: operatorRole ?? null };
    const ready = database.ok && indexer.ok && operator.ok;
    return c.json(
      { status: ready ? 'ready' : 'not_ready', checks: { database, indexer, operator } },
      ready ? 200 : 503,
    );
  });
}
