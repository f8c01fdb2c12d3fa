// The worker's own HTTP port (WORKER_HOST:WORKER_PORT): /metrics for Prometheus, /healthz (the process
// answers) and /readyz (its database answers, the indexer it reads is caught up, the keeper holds
// KEEPER_ROLE and can pay gas).
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Db } from '../../lib/db/client.js';
import { databaseCheck, indexerCheck, readiness } from '../../lib/readiness.js';
import { holdsRole } from '../../lib/roles.js';
import type { JobServices } from '../services.js';

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

export async function serveWorkerHttp(services: JobServices, db: Db, registry: Registry): Promise<WorkerHttp> {
  const { config, chain, keeper } = services;
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  app.get('/readyz', async (c) => {
    const [database, indexer, balance, keeperRole] = await Promise.all([
      databaseCheck(db),
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
    const { body, status } = readiness({ database, indexer, keeper: keeperCheck });
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
