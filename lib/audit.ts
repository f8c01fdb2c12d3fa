// The audit log (app.audit_log): one row per change a person or an operator command made. The database
// refuses to change or remove a row (migration 0007), so recording is the only thing code can do with it.
import type { AnyDb } from './db/client.js';
import { auditLog } from './db/schema.js';
import { newId } from './randomToken.js';

export interface AuditEntry {
  actorKind: 'console_user' | 'api_key' | 'command';
  actorId?: string;
  merchantId?: string;
  action: string;
  target?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
}

/** Records `entry`; in the caller's transaction when given one, so a change and its record commit together. */
export async function recordAudit(db: AnyDb, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ id: newId('aud'), ...entry });
}
