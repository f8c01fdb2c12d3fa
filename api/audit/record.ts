// The audit log of what callers of the API change: credentials, payout wallets, webhook endpoints, refunds,
// the operator's rulings and jobs. Each route records its own change in the change's transaction, so both
// commit or neither, whoever calls it: an integration's key, a console user (the consoles call these same
// routes in process, api/console/apiClient.ts), or the operator.
import type { Context } from 'hono';
import { type AuditEntry, recordAudit } from '../../lib/audit.js';
import type { AnyDb } from '../../lib/db/client.js';
import { consoleUserOf } from '../console/apiClient.js';
import type { ApiEnv } from '../context.js';
import { requestClient } from '../frontDoor.js';

type Actor = Pick<AuditEntry, 'actorKind' | 'actorId' | 'merchantId'>;

/** Who makes the change: the operator (admin routes), a console user, or a merchant's API key. */
function actorOf(c: Context<ApiEnv>): Actor {
  const admin = c.get('admin');
  if (admin) return admin;
  const key = c.var.apiKey;
  const user = consoleUserOf(key);
  return user
    ? { actorKind: 'console_user', actorId: user, merchantId: key.merchantId }
    : { actorKind: 'api_key', actorId: key.id, merchantId: key.merchantId };
}

/** Records the change `c` makes, in `db`, the change's own transaction. */
export function auditChange(
  c: Context<ApiEnv>,
  db: AnyDb,
  entry: Omit<AuditEntry, 'actorKind' | 'actorId' | 'ip' | 'userAgent'>,
) {
  return recordAudit(db, { ...actorOf(c), ...requestClient(c), ...entry });
}
