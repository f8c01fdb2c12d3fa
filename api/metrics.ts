// GET /metrics — the API's Prometheus metrics (docs/metrics.md): requests and their latency by route and
// status, intents created, and each network's operator signer: its balance and its role. Each API instance has a registry of its own,
// so that several in one process (tests) never count into each other. With API_WORKERS > 1 each server
// process counts its own requests, and whichever one a scrape reaches answers for all of them: it asks the
// primary, which gathers every process's registry (prom-client's AggregatorRegistry) and sums them.
import cluster from 'node:cluster';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { holdsRole } from '../lib/roles.js';
import type { ApiEnv, NetworkServices } from './context.js';

export interface ApiMetrics {
  registry: Registry;
  intentsCreated: Counter<'livemode'>;
  /** Times and counts every request by its route pattern (`/v1/payment_intents/:id`), never its raw path. */
  middleware: MiddlewareHandler<ApiEnv>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function apiMetrics(networks: readonly NetworkServices[]): ApiMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'pmt_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'pmt_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (to the first byte of a stream), by route pattern and status.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const intentsCreated = new Counter({
    name: 'pmt_intents_created_total',
    help: 'Payment intents created.',
    labelNames: ['livemode'] as const,
    registers: [registry],
  });
  const collectErrors = new Counter({
    name: 'pmt_metrics_collect_errors_total',
    help: 'Scrapes in which a source of gauges (the chain) could not be read.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  collectErrors.inc({ source: 'chain' }, 0);
  new Gauge({
    name: 'pmt_account_balance_wei',
    help: "Native balance of the gateway's own accounts, in wei.",
    labelNames: ['account', 'network'] as const,
    registers: [registry],
    // Every server process reads the same balance: summing them across a cluster would multiply it.
    aggregator: 'max',
    async collect() {
      this.reset();
      await Promise.all(
        networks.map(async ({ network, chain, signer }) => {
          try {
            const balance = await chain.getBalance({ address: signer.address });
            this.set({ account: 'operator', network: network.name }, Number(balance));
          } catch {
            collectErrors.inc({ source: 'chain' });
          }
        }),
      );
    },
  });
  new Gauge({
    name: 'pmt_signer_has_role',
    help: "1 while the gateway's signer holds the escrow role it needs, 0 once it does not.",
    labelNames: ['role', 'network'] as const,
    registers: [registry],
    aggregator: 'min',
    async collect() {
      this.reset();
      await Promise.all(
        networks.map(async ({ network, chain, signer }) => {
          const held = await holdsRole(chain, network.escrowAddress, 'OPERATOR_ROLE', signer.address).catch(
            () => undefined,
          );
          if (held === undefined) collectErrors.inc({ source: 'chain' });
          else this.set({ role: 'OPERATOR_ROLE', network: network.name }, held ? 1 : 0);
        }),
      );
    },
  });
  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const stop = duration.startTimer();
    await next();
    const matched = routePath(c, -1);
    const labels = {
      method: c.req.method,
      route: matched === '*' || matched === '/*' ? 'unmatched' : matched,
      status: String(c.res.status),
    };
    stop(labels);
    requests.inc(labels);
  };
  if (cluster.isWorker) {
    AggregatorRegistry.setRegistries([registry]);
    // Its constructor is what makes this process answer the primary's requests for its metrics.
    new AggregatorRegistry();
  }
  return { registry, intentsCreated, middleware };
}

export function mountMetrics(app: OpenAPIHono<ApiEnv>) {
  app.get('/metrics', async (c) => {
    const { registry } = c.var.services.metrics;
    const text = cluster.isWorker ? await clusterMetrics() : await registry.metrics();
    return c.body(text, 200, { 'content-type': registry.contentType });
  });
}

interface MetricsMessage {
  type: 'pmt:metrics';
  id: number;
  text?: string;
  error?: string;
}

let nextRequest = 0;

/** Every server process's metrics, summed, from the cluster's primary (see `answerClusterMetrics`). */
function clusterMetrics(): Promise<string> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsMessage) => {
      if (message?.type !== 'pmt:metrics' || message.id !== id) return;
      process.off('message', onMessage);
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(`the API's primary process could not gather metrics: ${message.error}`));
    };
    process.on('message', onMessage);
    process.send!({ type: 'pmt:metrics', id } satisfies MetricsMessage);
  });
}

/** In the cluster's primary (`npm run api` with API_WORKERS > 1): answers the server processes' requests. */
export function answerClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== 'pmt:metrics' || message.text !== undefined) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: 'pmt:metrics', id: message.id, text } satisfies MetricsMessage),
      (err: Error) => worker.send({ type: 'pmt:metrics', id: message.id, error: err.message } satisfies MetricsMessage),
    );
  });
}
