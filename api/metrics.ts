// GET /metrics — the API's Prometheus metrics (docs/metrics.md): requests and their latency by route and
// status, intents created, and the operator signer's balance. Each API instance has a registry of its own,
// so that several in one process (tests) never count into each other.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiEnv } from './context.js';

export interface ApiMetrics {
  registry: Registry;
  intentsCreated: Counter<'livemode'>;
  /** Times and counts every request by its route pattern (`/v1/payment_intents/:id`), never its raw path. */
  middleware: MiddlewareHandler<ApiEnv>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function apiMetrics(operatorBalance: () => Promise<bigint>): ApiMetrics {
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
    labelNames: ['account'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        this.set({ account: 'operator' }, Number(await operatorBalance()));
      } catch {
        collectErrors.inc({ source: 'chain' });
      }
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
  return { registry, intentsCreated, middleware };
}

export function mountMetrics(app: OpenAPIHono<ApiEnv>) {
  app.get('/metrics', async (c) => {
    const { registry } = c.var.services.metrics;
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
}
