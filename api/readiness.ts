// GET /readyz — whether this API should take traffic: its database answers, and on each network it serves,
// the indexer it reads is close enough to the chain's head that statuses are current and its signer holds
// OPERATOR_ROLE (intents signed by a key without it could never be paid). Each network's checks are named
// after it (`indexer:moonbeam`, `operator:moonbeam`), so the one behind is known. One network's outage
// does not make the API unready: every replica would share it, and the other networks still take payments;
// the API is unready when the database fails or no network passes. A load balancer takes a 503 as "send
// requests elsewhere"; /healthz stays the liveness probe (the process answers at all).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AnyDb } from '../lib/db/client.js';
import { type Check, databaseCheck, indexerCheck, readiness, withinTime } from '../lib/readiness.js';
import { holdsRole } from '../lib/roles.js';
import type { ApiConfig } from './config.js';
import type { ApiEnv, NetworkServices } from './context.js';

async function networkChecks(
  db: AnyDb,
  { network, clock, chain, signer }: NetworkServices,
  config: Pick<ApiConfig, 'readyMaxIndexerLagBlocks'>,
): Promise<{ indexer: Check; operator: Check }> {
  const [indexer, operatorRole] = await Promise.all([
    indexerCheck(
      db,
      { network: network.name, networkViewsSchema: network.networkViewsSchema },
      config.readyMaxIndexerLagBlocks,
      async () => (await clock.head())?.number,
    ),
    holdsRole(chain, network.escrowAddress, 'OPERATOR_ROLE', signer.address),
  ]);
  const operator = { ok: operatorRole === true, address: signer.address, has_operator_role: operatorRole ?? null };
  return { indexer, operator };
}

export function mountReadiness(app: OpenAPIHono<ApiEnv>) {
  app.get('/readyz', async (c) => {
    const { db, services } = c.var;
    const served = [...services.networks.values()];
    const [database, networks] = await Promise.all([
      databaseCheck(db),
      Promise.all(
        served.map((network) =>
          withinTime(networkChecks(db, network, services.config), ['indexer', 'operator'] as const),
        ),
      ),
    ]);
    const checks: Record<string, Check> = { database };
    served.forEach(({ network }, at) => {
      checks[`indexer:${network.name}`] = networks[at]!.indexer;
      checks[`operator:${network.name}`] = networks[at]!.operator;
    });
    const anyNetwork = networks.some(({ indexer, operator }) => indexer.ok && operator.ok);
    const { body, status } = readiness(checks, database.ok && anyNetwork);
    return c.json(body, status);
  });
}
