// One log line per request, carrying the request id the response also has (`X-Request-Id`).
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';

export const requestLog: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const started = performance.now();
  c.set('log', c.var.services.log.child({ req: c.var.requestId }));
  await next();
  c.var.log.info(
    { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
    'request',
  );
};
