// The worker's own HTTP port (WORKER_HOST:WORKER_PORT): /metrics for Prometheus, /healthz (the process
// answers) and /readyz (its database answers, the indexer it reads is caught up, the keeper holds
// KEEPER_ROLE and can pay gas).
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Db } from '../../lib/db/client.js';
import { readIndexedHead } from '../../lib/finality.js';
import { holdsRole } from '../../lib/roles.js';
import type { JobServices } from '../services.js';

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

const failure = (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) });

export async function serveWorkerHttp(services: JobServices, db: Db, registry: Registry): Promise<WorkerHttp> {
  const { config, chain, keeper } = services;
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  app.get('/readyz', async (c) => {
    const database = await db.execute(sql`SELECT 1`).then(() => ({ ok: true }), failure);
    const [indexed, head, balance, keeperRole] = await Promise.all([
      database.ok ? readIndexedHead(db, config.viewsSchema).catch(() => undefined) : undefined,
      chain.getBlockNumber({ cacheTime: 0 }).catch(() => undefined),
      chain.getBalance({ address: keeper.address }).catch(() => undefined),
      holdsRole(chain, config.escrowAddress, 'KEEPER_ROLE', keeper.address),
    ]);
    const lag = indexed && head !== undefined ? head - indexed.number : undefined;
    const indexer = {
      ok: lag !== undefined && lag <= BigInt(config.readyMaxIndexerLagBlocks),
      lag_blocks: lag === undefined ? null : Number(lag),
      max_lag_blocks: config.readyMaxIndexerLagBlocks,
    };
    const keeperCheck = {
      ok: keeperRole === true && balance !== undefined && balance >= config.keeperMinBalance,
      address: keeper.address,
      has_keeper_role: keeperRole ?? null,
      balance_wei: balance?.toString() ?? null,
      min_balance_wei: config.keeperMinBalance.toString(),
    };
    const ready = database.ok && indexer.ok && keeperCheck.ok;
    return c.json(
      { status: ready ? 'ready' : 'not_ready', checks: { database, indexer, keeper: keeperCheck } },
      ready ? 200 : 503,
    );
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
