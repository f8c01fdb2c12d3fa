// Console users: invited (a one-time link sets the password), signed in by email and password with a
// lockout after repeated failures, and reset by a one-time link. Merchant users and admins are looked up
// within their own role only.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyDb } from '../db/client.js';
import { type ConsoleRole, consoleSession, consoleToken, consoleUser } from '../db/schema/index.js';
import { newId } from '../randomToken.js';
import { hashPassword, passwordMatches, passwordProblem } from './passwords.js';
import { newSecret, secretHash } from './tokens.js';

export const INVITE_TTL_MS = 7 * 86_400_000;
export const RESET_TTL_MS = 3_600_000;
/** Failed sign-ins in a row that lock an account, and for how long (OWASP's authentication guidance). */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type ConsoleUser = typeof consoleUser.$inferSelect;

const normalEmail = (email: string) => email.trim().toLowerCase();

/** An admin with a password, made by the operator on the host (`npm run admin`): the first one has no one to invite them. */
export async function createAdmin(
  db: AnyDb,
  input: { email: string; password: string },
): Promise<{ ok: true; user: ConsoleUser } | { ok: false; problem: string }> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, problem };
  const email = normalEmail(input.email);
  const [user] = await db
    .insert(consoleUser)
    .values({ id: newId('usr'), role: 'admin', email, passwordHash: await hashPassword(input.password) })
    .onConflictDoNothing()
    .returning();
  return user ? { ok: true, user } : { ok: false, problem: `An admin with the email ${email} exists already.` };
}

/** A user without a password yet, and the invitation that lets them set one. */
export async function inviteConsoleUser(
  db: AnyDb,
  input: { role: ConsoleRole; email: string; merchantId?: string },
  now = new Date(),
): Promise<{ user: ConsoleUser; token: string }> {
  const [user] = await db
    .insert(consoleUser)
    .values({ id: newId('usr'), role: input.role, email: normalEmail(input.email), merchantId: input.merchantId })
    .returning();
  const token = await issueToken(db, user!.id, 'invite', INVITE_TTL_MS, now);
  return { user: user!, token };
}

/** A password-reset link for the user with this email, if there is one (the caller answers the same either way). */
export async function requestPasswordReset(
  db: AnyDb,
  input: { role: ConsoleRole; email: string },
  now = new Date(),
): Promise<{ user: ConsoleUser; token: string } | undefined> {
  const [user] = await db
    .select()
    .from(consoleUser)
    .where(and(eq(consoleUser.role, input.role), eq(consoleUser.email, normalEmail(input.email))));
  if (!user) return undefined;
  return { user, token: await issueToken(db, user.id, 'password_reset', RESET_TTL_MS, now) };
}

async function issueToken(db: AnyDb, userId: string, purpose: 'invite' | 'password_reset', ttlMs: number, now: Date) {
  const token = newSecret();
  await db
    .insert(consoleToken)
    .values({ tokenHash: secretHash(token), userId, purpose, expiresAt: new Date(now.getTime() + ttlMs) });
  return token;
}

export type RedeemOutcome = { ok: true; user: ConsoleUser } | { ok: false; problem: string };

/**
 * Sets the password of the user a one-time link names, spends the link, unlocks the account and ends its
 * sessions. The link is spent by the statement that checks it, so two uses racing each other cannot both
 * succeed.
 */
export async function redeemToken(
  db: AnyDb,
  token: string,
  password: string,
  now = new Date(),
  /** Only a link of a user of this role: each console takes its own users' links only. */
  role?: ConsoleRole,
): Promise<RedeemOutcome> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(consoleToken)
      .set({ usedAt: now })
      .where(
        and(
          eq(consoleToken.tokenHash, secretHash(token)),
          isNull(consoleToken.usedAt),
          gt(consoleToken.expiresAt, now),
          role
            ? inArray(
                consoleToken.userId,
                tx.select({ id: consoleUser.id }).from(consoleUser).where(eq(consoleUser.role, role)),
              )
            : undefined,
        ),
      )
      .returning();
    if (!spent) return { ok: false, problem: 'This link has expired or was already used. Ask for a new one.' };
    const [user] = await tx
      .update(consoleUser)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(consoleUser.id, spent.userId))
      .returning();
    // A new password signs the user out everywhere: whoever knew the old one keeps no session.
    await tx.delete(consoleSession).where(eq(consoleSession.userId, spent.userId));
    return { ok: true, user: user! };
  });
}

export type SignInOutcome =
  | { ok: true; user: ConsoleUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

/** Checks an email and password; each failure counts, and the LOCKOUT_AFTERth in a row locks the account. */
export async function signIn(
  db: AnyDb,
  input: { role: ConsoleRole; email: string; password: string },
  now = new Date(),
): Promise<SignInOutcome> {
  const [user] = await db
    .select()
    .from(consoleUser)
    .where(and(eq(consoleUser.role, input.role), eq(consoleUser.email, normalEmail(input.email))));
  if (user?.lockedUntil && user.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
  const matches = await passwordMatches(user?.passwordHash, input.password);
  if (!user) return { ok: false, reason: 'invalid' };
  if (matches) {
    await db.update(consoleUser).set({ failedSignIns: 0, lockedUntil: null }).where(eq(consoleUser.id, user.id));
    return { ok: true, user };
  }
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
  const [counted] = await db
    .update(consoleUser)
    .set({
      failedSignIns: sql`CASE WHEN ${consoleUser.failedSignIns} + 1 >= ${LOCKOUT_AFTER} THEN 0 ELSE ${consoleUser.failedSignIns} + 1 END`,
      lockedUntil: sql`CASE WHEN ${consoleUser.failedSignIns} + 1 >= ${LOCKOUT_AFTER} THEN ${lockedUntil.toISOString()}::timestamptz ELSE ${consoleUser.lockedUntil} END`,
    })
    .where(eq(consoleUser.id, user.id))
    .returning();
  return counted?.lockedUntil && counted.lockedUntil > now
    ? { ok: false, reason: 'locked', lockedUntil: counted.lockedUntil }
    : { ok: false, reason: 'invalid' };
}
