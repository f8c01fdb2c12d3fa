// The worker's own HTTP port (WORKER_HOST:WORKER_PORT): /metrics for Prometheus, /healthz (the process
// answers) and /readyz (its database answers and, per network, the indexer it reads is caught up and the
// keeper holds KEEPER_ROLE and can pay gas).
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Db } from '../../lib/db/client.js';
import { type Check, databaseCheck, indexerCheck, readiness, withinTime } from '../../lib/readiness.js';
import { holdsRole } from '../../lib/roles.js';
import type { JobServices } from '../services.js';

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

/** A network's readiness: its indexer caught up, and its keeper holding KEEPER_ROLE and gas money. */
async function networkChecks(
  db: Db,
  { config, chain, keeper }: JobServices,
): Promise<{ indexer: Check; keeper: Check }> {
  const [indexer, balance, keeperRole] = await Promise.all([
    indexerCheck(db, config, config.readyMaxIndexerLagBlocks, () => chain.getBlockNumber({ cacheTime: 0 })),
    chain.getBalance({ address: keeper.address }).catch(() => undefined),
    holdsRole(chain, config.escrowAddress, 'KEEPER_ROLE', keeper.address),
  ]);
  const keeperCheck = {
    ok: keeperRole === true && balance !== undefined && balance >= config.keeperMinBalance,
    address: keeper.address,
    has_keeper_role: keeperRole ?? null,
    balance_wei: balance?.toString() ?? null,
    min_balance_wei: config.keeperMinBalance.toString(),
  };
  return { indexer, keeper: keeperCheck };
}

/**
 * Serves /healthz, /metrics and /readyz, whose checks name each network (`indexer:<network>`,
 * `keeper:<network>`); as the API's, it is unready when the database fails or no network passes.
 */
export async function serveWorkerHttp(
  networks: readonly JobServices[],
  db: Db,
  registry: Registry,
): Promise<WorkerHttp> {
  const { config } = networks[0]!;
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  app.get('/readyz', async (c) => {
    const [database, perNetwork] = await Promise.all([
      databaseCheck(db),
      Promise.all(networks.map((services) => withinTime(networkChecks(db, services), ['indexer', 'keeper'] as const))),
    ]);
    const checks: Record<string, Check> = { database };
    networks.forEach(({ config: { network } }, at) => {
      checks[`indexer:${network}`] = perNetwork[at]!.indexer;
      checks[`keeper:${network}`] = perNetwork[at]!.keeper;
    });
    const anyNetwork = perNetwork.some(({ indexer, keeper }) => indexer.ok && keeper.ok);
    const { body, status } = readiness(checks, database.ok && anyNetwork);
    return c.json(body, status);
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
