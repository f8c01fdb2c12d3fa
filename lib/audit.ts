// The audit log (app.audit_log): one row per change a person or an operator command made. The database
// refuses to change or remove a row (migration 0007), so recording is the only thing code can do with it.
import type { AnyDb } from './db/client.js';
import { auditLog } from './db/schema/index.js';
import { newId } from './randomToken.js';

/** Every change the audit log records, by what it changed. */
export const auditActions = [
  'admin.create',
  'api_key.create',
  'api_key.roll',
  'api_key.revoke',
  'dispute.note',
  'dispute.record_wallet_ruling',
  'dispute.resolve',
  'event.redeliver',
  'job.run',
  'merchant.payout_settings',
  'merchant.update',
  'merchant.wallet',
  'refund.create',
  'session.sign_in',
  'session.sign_out',
  'user.password_reset_requested',
  'user.password_set',
  'webhook_endpoint.create',
  'webhook_endpoint.update',
  'webhook_endpoint.enable',
  'webhook_endpoint.disable',
  'webhook_endpoint.roll_secret',
  'webhook_endpoint.delete',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** Fields an answer shows once (a new secret key, a signing secret, an invitation): never stored, never replayed. */
export const SHOWN_ONCE_FIELDS: readonly string[] = ['secret', 'api_key', 'invite_url'];

/** `object` without the fields it shows once. */
export function withoutShownOnce(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !SHOWN_ONCE_FIELDS.includes(key)));
}

export interface AuditEntry {
  actorKind: 'console_user' | 'api_key' | 'command';
  actorId?: string;
  merchantId?: string;
  action: AuditAction;
  target?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
}

/** Records `entry`; in the caller's transaction when given one, so a change and its record commit together. */
export async function recordAudit(db: AnyDb, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    id: newId('aud'),
    ...entry,
    before: entry.before && withoutShownOnce(entry.before),
    after: entry.after && withoutShownOnce(entry.after),
  });
}
