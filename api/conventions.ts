// Shapes every route writes the same way: times as unix seconds (as Stripe does), and an object id in the
// path.
import { z } from '@hono/zod-openapi';

/** A time as whole unix seconds. */
export function unixSeconds(date: Date): number;
export function unixSeconds(date: Date | null): number | null;
export function unixSeconds(date: Date | null): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

/** `{id}` in a route's path: the id of one object, like `example`. */
export function idParam(example: string) {
  return z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example }) });
}
