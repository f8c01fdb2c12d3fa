// Where a request came from, for the audit log: the first hop a proxy names, and the browser or tool.
import type { Context } from 'hono';

export const requestClient = (c: Context) => ({
  ip: c.req.header('x-forwarded-for')?.split(',')[0]?.trim(),
  userAgent: c.req.header('user-agent')?.slice(0, 512),
});
