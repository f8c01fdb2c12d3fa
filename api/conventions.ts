// Shapes every route writes the same way: an object id in the path (times, as unix seconds, are
// lib/resources/unixSeconds.ts).
import { z } from '@hono/zod-openapi';

/** `{id}` in a route's path: the id of one object, like `example`. */
export function idParam(example: string) {
  return z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example }) });
}
