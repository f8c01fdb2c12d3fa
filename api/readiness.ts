// GET /readyz — whether this API should take traffic: its database answers, the indexer it reads is
// close enough to the chain's head that statuses are current, and its signer holds OPERATOR_ROLE (intents
// signed by a key without it could never be paid). A load balancer takes a 503 as "send
// requests elsewhere"; /healthz stays the liveness probe (the process answers at all).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { databaseCheck, indexerCheck, readiness } from '../lib/readiness.js';
import { holdsRole } from '../lib/roles.js';
import type { ApiEnv } from './context.js';

export function mountReadiness(app: OpenAPIHono<ApiEnv>) {
  app.get('/readyz', async (c) => {
    const { db, services } = c.var;
    const { clock, config, chain, signer } = services;
    const [database, indexer, operatorRole] = await Promise.all([
      databaseCheck(db),
      indexerCheck(db, config, config.readyMaxIndexerLagBlocks, async () => (await clock.head())?.number),
      holdsRole(chain, config.escrowAddress, 'OPERATOR_ROLE', signer.address),
    ]);
    const operator = { ok: operatorRole === true, address: signer.address, has_operator_role: operatorRole ?? null };
    const { body, status } = readiness({ database, indexer, operator });
    return c.json(body, status);
  });
}
