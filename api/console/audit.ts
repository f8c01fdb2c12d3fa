// What a console user changed, for the audit log: who (the signed-in user), from where, and what.
import type { Context } from 'hono';
import { type AuditEntry, recordAudit } from '../../lib/audit.js';
import type { ApiEnv } from '../context.js';
import { requestClient } from '../frontDoor.js';

export function auditConsole(
  c: Context<ApiEnv>,
  entry: Omit<AuditEntry, 'actorKind' | 'ip' | 'userAgent'> & { actorId?: string },
) {
  return recordAudit(c.var.db, { actorKind: 'console_user', ...requestClient(c), ...entry });
}

/** A change the signed-in user made. */
export function auditChange(c: Context<ApiEnv>, entry: Omit<AuditEntry, 'actorKind' | 'ip' | 'userAgent' | 'actorId'>) {
  const { user } = c.var.console;
  return auditConsole(c, { actorId: user.id, merchantId: user.merchantId ?? undefined, ...entry });
}
