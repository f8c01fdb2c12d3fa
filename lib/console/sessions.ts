// Console sessions: a random id in an HTTP-only cookie, its hash in app.console_session, a fresh id at
// every sign-in (so an id planted before sign-in is worth nothing: no session fixation), a CSRF token per
// session, and both an absolute and an idle expiry.
import { and, eq, gt, isNotNull, lt, or } from 'drizzle-orm';
import type { AnyDb } from '../db/client.js';
import { consoleSession, consoleToken, consoleUser, merchant } from '../db/schema/index.js';
import { newSecret, secretHash } from './tokens.js';
import type { ConsoleUser } from './users.js';

export const SESSION_TTL_MS = 12 * 3_600_000;
export const SESSION_IDLE_MS = 2 * 3_600_000;
/** lastSeenAt is written at most this often, so reading a session is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface StartedSession {
  /** The cookie's value: shown to the browser once, never stored. */
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startSession(
  db: AnyDb,
  userId: string,
  client: { ip?: string; userAgent?: string },
  now = new Date(),
): Promise<StartedSession> {
  const cookie = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(consoleSession).values({
    idHash: secretHash(cookie),
    userId,
    csrfToken,
    expiresAt,
    lastSeenAt: now,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 512),
  });
  return { cookie, csrfToken, expiresAt };
}

export interface ActiveSession {
  user: ConsoleUser;
  /** The name of a merchant user's merchant. */
  merchantName: string | null;
  /** Whether a merchant user's merchant is suspended (its dashboard is refused then). */
  merchantSuspended: boolean;
  /** Whether a merchant user's merchant is verified (a live network refuses its payments until then). */
  merchantVerified: boolean;
  csrfToken: string;
}

/** The session `cookie` names, if it is neither expired nor idle too long. */
export async function readSession(db: AnyDb, cookie: string, now = new Date()): Promise<ActiveSession | undefined> {
  const idHash = secretHash(cookie);
  const [found] = await db
    .select({
      session: consoleSession,
      user: consoleUser,
      merchantName: merchant.name,
      merchantSuspendedAt: merchant.suspendedAt,
      merchantVerifiedAt: merchant.verifiedAt,
    })
    .from(consoleSession)
    .innerJoin(consoleUser, eq(consoleUser.id, consoleSession.userId))
    .leftJoin(merchant, eq(merchant.id, consoleUser.merchantId))
    .where(
      and(
        eq(consoleSession.idHash, idHash),
        gt(consoleSession.expiresAt, now),
        gt(consoleSession.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    );
  if (!found) return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(consoleSession).set({ lastSeenAt: now }).where(eq(consoleSession.idHash, idHash));
  }
  return {
    user: found.user,
    merchantName: found.merchantName,
    merchantSuspended: found.merchantSuspendedAt !== null,
    merchantVerified: found.merchantVerifiedAt !== null,
    csrfToken: found.session.csrfToken,
  };
}

export async function endSession(db: AnyDb, cookie: string): Promise<void> {
  await db.delete(consoleSession).where(eq(consoleSession.idHash, secretHash(cookie)));
}

/**
 * Deletes sessions that can no longer be used (expired or idle too long) and one-time links expired or
 * spent a day ago; the day keeps a spent link's row while its use is still news. Returns how many of each.
 */
export async function deleteExpiredConsoleCredentials(
  db: AnyDb,
  now = new Date(),
): Promise<{ sessions: number; tokens: number }> {
  const sessions = await db
    .delete(consoleSession)
    .where(
      or(lt(consoleSession.expiresAt, now), lt(consoleSession.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))),
    )
    .returning({ idHash: consoleSession.idHash });
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const tokens = await db
    .delete(consoleToken)
    .where(or(lt(consoleToken.expiresAt, dayAgo), and(isNotNull(consoleToken.usedAt), lt(consoleToken.usedAt, dayAgo))))
    .returning({ tokenHash: consoleToken.tokenHash });
  return { sessions: sessions.length, tokens: tokens.length };
}
