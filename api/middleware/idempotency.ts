// `Idempotency-Key` on POSTs. The key's row is inserted first, in the transaction the handler then writes
// in: a concurrent duplicate blocks on the row's primary key until that transaction ends, then replays
// what it stored, so two requests can never both create. The handler runs on that one connection: it may
// not take a second from the pool while holding it (lib/db/client.ts). Only successful responses are kept; after a
// failure the same key may be retried. Keys live 24 hours. A response's secret (a new API key, a webhook
// signing secret) is never stored: it is shown once, and a replay answers without it.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { SHOWN_ONCE_FIELDS } from '../../lib/audit.js';
import { onOneConnection } from '../../lib/db/client.js';
import { idempotencyKey } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

const MAX_KEY_LENGTH = 255;

/** Thrown inside the transaction to roll it back when the handler did not succeed. */
class NotStored extends Error {}

/** Keys are per caller: `scope` names whose they are (a merchant's id, or `admin`). */
export const idempotency =
  (scope: (c: Context<ApiEnv>) => string): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ApiError(
        'idempotency_key_invalid',
        `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`,
        'Idempotency-Key',
      );
    }
    const owner = scope(c);
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
      .digest('hex');
    let replay: { status: number; body: unknown } | undefined;
    const committed: (() => void)[] = [];
    try {
      await onOneConnection(c.var.services.pool, async (tx) => {
        const claimed = await tx
          .insert(idempotencyKey)
          .values({ scope: owner, key, requestHash })
          .onConflictDoUpdate({
            target: [idempotencyKey.scope, idempotencyKey.key],
            set: { requestHash, responseStatus: null, responseBody: null, createdAt: sql`now()` },
            setWhere: sql`${idempotencyKey.createdAt} < now() - interval '24 hours'`,
          })
          .returning({ key: idempotencyKey.key });
        if (claimed.length === 0) {
          const [first] = await tx
            .select()
            .from(idempotencyKey)
            .where(and(eq(idempotencyKey.scope, owner), eq(idempotencyKey.key, key)));
          if (first!.requestHash !== requestHash) {
            throw new ApiError(
              'idempotency_key_reused',
              'This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.',
              'Idempotency-Key',
            );
          }
          replay = { status: first!.responseStatus!, body: first!.responseBody };
          return;
        }
        c.set('db', tx);
        c.set('afterCommit', (effect) => committed.push(effect));
        await next();
        if (c.res.status < 200 || c.res.status > 299) throw new NotStored();
        const body = (await c.res.clone().json()) as Record<string, unknown>;
        for (const field of SHOWN_ONCE_FIELDS) delete body[field];
        await tx
          .update(idempotencyKey)
          .set({ responseStatus: c.res.status, responseBody: body })
          .where(and(eq(idempotencyKey.scope, owner), eq(idempotencyKey.key, key)));
      });
      for (const effect of committed) effect();
    } catch (err) {
      if (!(err instanceof NotStored)) throw err;
    }
    if (replay) {
      c.res = c.json(replay.body as object, replay.status as 200);
      c.header('Idempotent-Replayed', 'true');
    }
  };
