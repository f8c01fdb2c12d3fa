// Secret-key authentication, Stripe's way: `Authorization: Bearer sk_…`, or the key as the Basic-auth user
// name (`curl -u sk_test_…:`). Only the key's hash is looked up; a revoked or expired key stops at once.
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { apiKeyMode, hashApiKey } from '../../lib/apiKeys/keys.js';
import { apiKey } from '../../lib/db/schema/index.js';
import type { ApiEnv, ApiServices, ConsoleCallBindings } from '../context.js';
import { ApiError } from '../errors.js';

/** How often one key's `last_used_at` is written, at most: a write per request would double the load. */
const LAST_USED_RESOLUTION_MS = 60_000;

function presentedKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

export const apiKeyAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  // The consoles call these same routes in process (api/console/apiClient.ts) for their signed-in user;
  // the bindings of a request from the network never hold a console actor.
  const actor = (c.env as ConsoleCallBindings | undefined)?.consoleActor;
  if (actor) {
    c.set('apiKey', actor);
    c.var.log.setBindings({ merchant: actor.merchantId, key: actor.id });
    return next();
  }
  const key = presentedKey(c.req.header('authorization'));
  if (!key) {
    throw new ApiError('api_key_missing', 'No API key provided. Send your secret key as `Authorization: Bearer sk_…`.');
  }
  if (!apiKeyMode(key))
    throw new ApiError(
      'api_key_invalid',
      'Invalid API key: secret keys look like sk_test_… or sk_live_… followed by 32 characters.',
    );
  const { statements, config, keys } = c.var.services;
  const hash = hashApiKey(key);
  let row = keys.get(hash);
  if (!row) {
    [row] = await statements.apiKeyByHash.execute({ hash });
    if (!row) throw new ApiError('api_key_invalid', `Invalid API key provided: ${key.slice(0, 12)}…`);
    keys.set(hash, row);
  }
  if (row.revokedAt)
    throw new ApiError('api_key_revoked', 'This API key was revoked. Use another key, or create one in the dashboard.');
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
    throw new ApiError('api_key_expired', 'This API key was rolled and has expired. Use its replacement.');
  if (row.merchantSuspendedAt) {
    throw new ApiError(
      'merchant_suspended',
      'This merchant is suspended by the gateway’s operator: its keys are refused. Contact the operator.',
    );
  }
  if (row.mode !== config.keyMode) {
    throw new ApiError(
      'api_key_wrong_mode',
      `This is a ${row.mode} key, but this gateway runs on a ${config.keyMode} network.`,
    );
  }
  c.set('apiKey', { id: row.id, merchantId: row.merchantId, mode: row.mode, permissions: row.permissions });
  c.var.log.setBindings({ merchant: row.merchantId, key: row.id });
  noteUse(c.var.services, row.id);
  await next();
};

function noteUse({ pool, keyUseWritten }: ApiServices, keyId: string) {
  const now = Date.now();
  if (now - (keyUseWritten.get(keyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
  keyUseWritten.set(keyId, now);
  // Bookkeeping only: a failure here must not fail the request.
  pool
    .update(apiKey)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(apiKey.id, keyId))
    .catch(() => keyUseWritten.delete(keyId));
}
