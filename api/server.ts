// Runs the API over HTTP: migrates the app schema, then serves until `close()`, which stops taking
// connections, ends open event streams and waits for requests in flight (up to SHUTDOWN_GRACE_MS).

import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { migrateAppSchema } from '../lib/db/migrate.js';
import { migrateJobQueue } from '../lib/jobQueue.js';
import { createApiApp } from './app.js';
import type { ApiConfig } from './config.js';
import { createApiServices } from './services.js';

/** How long a shutdown waits for requests in flight before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningApi {
  url: string;
  services: ReturnType<typeof createApiServices>;
  close(): Promise<void>;
}

/** `migrate: false` when another process (the cluster's primary) has migrated already. */
export async function startApiServer(
  config: ApiConfig,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<RunningApi> {
  if (migrate) {
    await migrateAppSchema(config.databaseUrl);
    await migrateJobQueue(config.databaseUrl, config.workerSchema);
  }
  const services = createApiServices({ ...config });
  const app = createApiApp(services);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  services.config.publicUrl ??= url;
  services.log.info({ url }, 'API listening');
  return {
    url,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        services.watcher.stop();
        if ('closeIdleConnections' in server) {
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
        }
      });
      await services.close();
    },
  };
}
