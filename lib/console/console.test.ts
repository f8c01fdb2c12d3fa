// Console users, sessions and the audit log against a real PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FreshDatabase, freshDatabase } from '../../test/harness/database.js';
import { recordAudit } from '../audit.js';
import { connectDb, type Db } from '../db/client.js';
import { migrateAppSchema } from '../db/migrate.js';
import { createMerchant } from '../merchants/create.js';
import {
  deleteExpiredConsoleCredentials,
  readSession,
  SESSION_IDLE_MS,
  SESSION_TTL_MS,
  startSession,
} from './sessions.js';
import {
  INVITE_TTL_MS,
  inviteConsoleUser,
  LOCKOUT_AFTER,
  LOCKOUT_MS,
  redeemToken,
  requestPasswordReset,
  signIn,
} from './users.js';

let database: FreshDatabase;
let connection: ReturnType<typeof connectDb>;
let db: Db;
let merchantId: string;

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'console');
  await migrateAppSchema(database.url);
  connection = connectDb(database.url, { max: 4 });
  db = connection.db;
  merchantId = (await createMerchant(db, { name: 'Console Shop', email: 'shop@console.test' }, 'test')).id;
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await database?.drop();
});

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const PASSWORD = 'correct horse battery staple';

describe('the audit log', () => {
  it('takes new rows and refuses to change or lose any, whoever asks', async () => {
    await recordAudit(db, {
      actorKind: 'command',
      action: 'merchant.update',
      target: merchantId,
      after: { name: 'x' },
    });
    for (const statement of [
      sql`UPDATE app.audit_log SET action = 'nothing happened'`,
      sql`DELETE FROM app.audit_log`,
      sql`TRUNCATE app.audit_log`,
    ]) {
      await expect(db.execute(statement)).rejects.toMatchObject({
        cause: {
          message: expect.stringMatching(/app\.audit_log is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/),
        },
      });
    }
    const { rows } = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM app.audit_log`);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('invitations and passwords', () => {
  it('lets an invited user set a password once, with a link that expires', async () => {
    const now = new Date();
    const { user, token } = await inviteConsoleUser(
      db,
      { role: 'merchant', merchantId, email: ' Ada@Shop.test ' },
      now,
    );
    expect(user).toMatchObject({ email: 'ada@shop.test', passwordHash: null, merchantId });
    expect(await redeemToken(db, token, 'short', now)).toEqual({
      ok: false,
      problem: expect.stringMatching(/at least 12/),
    });
    const redeemed = await redeemToken(db, token, PASSWORD, now);
    expect(redeemed.ok && redeemed.user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await redeemToken(db, token, PASSWORD, now)).toMatchObject({ ok: false, problem: /already used/ });

    const late = await inviteConsoleUser(db, { role: 'admin', email: 'late@ops.test' }, now);
    expect(await redeemToken(db, late.token, PASSWORD, at(now, INVITE_TTL_MS + 1))).toMatchObject({ ok: false });
  });

  it('keeps merchant users and admins apart, even with one email', async () => {
    const now = new Date();
    const merchantSide = await inviteConsoleUser(db, { role: 'merchant', merchantId, email: 'both@ops.test' }, now);
    const adminSide = await inviteConsoleUser(db, { role: 'admin', email: 'both@ops.test' }, now);
    await redeemToken(db, merchantSide.token, PASSWORD, now);
    await redeemToken(db, adminSide.token, `${PASSWORD} for admins`, now);
    expect(await signIn(db, { role: 'admin', email: 'both@ops.test', password: PASSWORD }, now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await signIn(db, { role: 'merchant', email: 'both@ops.test', password: PASSWORD }, now)).toMatchObject({
      ok: true,
    });
    await expect(inviteConsoleUser(db, { role: 'admin', email: 'x@ops.test', merchantId })).rejects.toThrow();
  });
});

describe('signing in', () => {
  it(`locks the account after ${LOCKOUT_AFTER} failures in a row, for a while, even to the right password`, async () => {
    const now = new Date();
    const { token } = await inviteConsoleUser(db, { role: 'admin', email: 'lock@ops.test' }, now);
    await redeemToken(db, token, PASSWORD, now);
    const attempt = (password: string, when: Date) =>
      signIn(db, { role: 'admin', email: 'lock@ops.test', password }, when);
    for (let failure = 1; failure < LOCKOUT_AFTER; failure++) {
      expect(await attempt('wrong password!!', now)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await attempt('wrong password!!', now)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await attempt(PASSWORD, at(now, LOCKOUT_MS - 1_000))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await attempt(PASSWORD, at(now, LOCKOUT_MS + 1_000))).toMatchObject({ ok: true });
    expect(await signIn(db, { role: 'admin', email: 'nobody@ops.test', password: PASSWORD }, now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('unlocks and signs out everywhere on a password reset', async () => {
    const now = new Date();
    const { user, token } = await inviteConsoleUser(db, { role: 'admin', email: 'reset@ops.test' }, now);
    await redeemToken(db, token, PASSWORD, now);
    const session = await startSession(db, user.id, {}, now);
    expect(await requestPasswordReset(db, { role: 'admin', email: 'nobody@ops.test' }, now)).toBeUndefined();
    const reset = await requestPasswordReset(db, { role: 'admin', email: 'RESET@ops.test' }, now);
    expect(await redeemToken(db, reset!.token, `${PASSWORD} again`, now)).toMatchObject({ ok: true });
    expect(await readSession(db, session.cookie, now)).toBeUndefined();
  });
});

describe('sessions', () => {
  it('last 12 hours at most and 2 idle, and a made-up or planted id is worth nothing', async () => {
    const now = new Date();
    const { user } = await inviteConsoleUser(db, { role: 'merchant', merchantId, email: 'session@shop.test' }, now);
    const session = await startSession(db, user.id, { ip: '203.0.113.7', userAgent: 'test' }, now);
    expect(await readSession(db, session.cookie, at(now, 1_000))).toMatchObject({
      user: { id: user.id },
      csrfToken: session.csrfToken,
    });
    expect(await readSession(db, session.cookie, at(now, SESSION_IDLE_MS + 1_000))).toBeUndefined();
    let seen = now;
    while (seen.getTime() + SESSION_IDLE_MS / 2 < now.getTime() + SESSION_TTL_MS) {
      seen = at(seen, SESSION_IDLE_MS / 2);
      await readSession(db, session.cookie, seen);
    }
    expect(await readSession(db, session.cookie, at(now, SESSION_TTL_MS + 1_000))).toBeUndefined();
    expect(await readSession(db, 'a value the attacker chose before the victim signed in', now)).toBeUndefined();
    const second = await startSession(db, user.id, {}, now);
    expect(second.cookie).not.toBe(session.cookie);
    expect(second.csrfToken).not.toBe(session.csrfToken);
  });
});

describe('cleanup', () => {
  it('deletes only sessions that can no longer be used and links long expired or spent', async () => {
    const now = new Date();
    const { user, token } = await inviteConsoleUser(db, { role: 'admin', email: 'cleanup@ops.test' }, now);
    const live = await startSession(db, user.id, {}, now);
    const idle = await startSession(db, user.id, {}, at(now, -SESSION_IDLE_MS - 1_000));
    const fresh = await inviteConsoleUser(db, { role: 'admin', email: 'fresh@ops.test' }, now);
    const later = at(now, INVITE_TTL_MS + 86_400_000 + 1_000);
    const before = await deleteExpiredConsoleCredentials(db, now);
    expect(before.sessions).toBeGreaterThanOrEqual(1);
    expect(await readSession(db, live.cookie, now)).toBeDefined();
    expect(await readSession(db, idle.cookie, now)).toBeUndefined();
    // The invitations are still good now; a day past their expiry they are gone.
    expect(await redeemToken(db, token, PASSWORD, now)).toMatchObject({ ok: true });
    expect((await deleteExpiredConsoleCredentials(db, later)).tokens).toBeGreaterThanOrEqual(2);
    const [{ n }] = (
      await db.execute<{ n: string }>(
        sql`SELECT count(*) AS n FROM app.console_token WHERE user_id IN (${user.id}, ${fresh.user.id})`,
      )
    ).rows as [{ n: string }];
    expect(n).toBe('0');
  });
});
