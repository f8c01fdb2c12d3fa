// The dev stack's console sign-ins: the demo merchant's user and an admin, with passwords made once and
// kept in the dev folder (the database holds only their hashes), so the banner can print them every time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { passwordMatches } from '../../lib/console/passwords.js';
import { createAdmin, inviteConsoleUser, redeemToken, requestPasswordReset } from '../../lib/console/users.js';
import type { Db } from '../../lib/db/client.js';
import { type ConsoleRole, consoleUser } from '../../lib/db/schema/index.js';
import { randomBase62 } from '../../lib/randomToken.js';

export interface DevSignIn {
  email: string;
  password: string;
}

export interface DevConsoleUsers {
  merchant: DevSignIn;
  admin: DevSignIn;
}

const ADMIN_EMAIL = 'admin@gateway.local';

export async function devConsoleUsers(
  db: Db,
  demo: { merchantId: string; email: string },
  file: string,
): Promise<DevConsoleUsers> {
  const saved: DevConsoleUsers | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  const users: DevConsoleUsers = {
    merchant: { email: demo.email, password: saved?.merchant.password ?? randomBase62(16) },
    admin: { email: ADMIN_EMAIL, password: saved?.admin.password ?? randomBase62(16) },
  };
  await ensureUser(db, 'merchant', users.merchant, demo.merchantId);
  await ensureUser(db, 'admin', users.admin);
  writeFileSync(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  return users;
}

/** The user exists and signs in with `signIn.password`, whatever happened to the dev database before. */
async function ensureUser(db: Db, role: ConsoleRole, signIn: DevSignIn, merchantId?: string) {
  const [user] = await db
    .select()
    .from(consoleUser)
    .where(and(eq(consoleUser.role, role), eq(consoleUser.email, signIn.email)));
  if (user && (await passwordMatches(user.passwordHash, signIn.password))) return;
  if (!user && role === 'admin') {
    const made = await createAdmin(db, signIn);
    if (!made.ok) throw new Error(`dev admin ${signIn.email}: ${made.problem}`);
    return;
  }
  const token = user
    ? (await requestPasswordReset(db, { role, email: signIn.email }))!.token
    : (await inviteConsoleUser(db, { role, email: signIn.email, merchantId })).token;
  const set = await redeemToken(db, token, signIn.password);
  if (!set.ok) throw new Error(`dev ${role} user ${signIn.email}: ${set.problem}`);
}
