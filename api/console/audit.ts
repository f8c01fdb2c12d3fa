// What a console user did outside the API (signing in and out, setting a password), for the audit log: who,
// from where, and what. Changes made through the API are audited by their routes (api/audit/record.ts).
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
