// What the consoles' tests share: a console user with a password, a signed-in session of an in-process app,
// and Chromium pages that record any uncaught exception or Content-Security-Policy refusal, with
// screenshots kept as test artifacts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inviteConsoleUser, redeemToken } from '../../lib/console/users.js';
import { connectDb } from '../../lib/db/client.js';
import type { ConsoleRole } from '../../lib/db/schema/index.js';
import { projectRoot } from '../../lib/projectRoot.js';
import type { InProcessApi } from './inProcessApi.js';

/** A user of `role` who has set `password` (invited, then the invitation redeemed). */
export async function consoleUser(
  databaseUrl: string,
  user: { role: ConsoleRole; email: string; merchantId?: string; password: string },
) {
  const connection = connectDb(databaseUrl, { max: 1 });
  try {
    const { token } = await inviteConsoleUser(connection.db, user);
    const set = await redeemToken(connection.db, token, user.password);
    if (!set.ok) throw new Error(set.problem);
  } finally {
    await connection.close();
  }
}

/** Where a console is served: the in-process app, or an adapter to a running API with the same fields. */
export type ConsoleHost = Pick<InProcessApi, 'url' | 'databaseUrl' | 'fetch'>;

/**
 * A new user of `role` signed in to the console at `base` (`/console`, `/admin`): the session's cookie
 * (`name=value`) and the CSRF token its forms carry, to fetch pages and post forms as the browser would.
 */
export async function consoleSession(
  api: ConsoleHost,
  base: string,
  user: { role: ConsoleRole; email: string; merchantId?: string; password?: string },
): Promise<{ cookie: string; csrf: string }> {
  const password = user.password ?? 'a passphrase long enough';
  await consoleUser(api.databaseUrl, { ...user, password });
  const signedIn = await api.fetch(`${base}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
    body: new URLSearchParams({ email: user.email, password }).toString(),
    redirect: 'manual',
  });
  const cookie = signedIn.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`signing ${user.email} in to ${base} failed: ${signedIn.status}`);
  const page = await (
    await api.fetch(`${base}/${user.role === 'merchant' ? 'payments' : 'merchants'}`, { headers: { cookie } })
  ).text();
  const csrf = /name="_csrf" value="([0-9A-Za-z]{43})"/.exec(page)?.[1];
  if (!csrf) throw new Error(`no CSRF token on ${base}'s first page for ${user.email}`);
  return { cookie, csrf };
}

export interface ConsolePages {
  /** Uncaught exceptions and Content-Security-Policy refusals on any page so far; tests expect none. */
  errors: string[];
  open(): Promise<Page>;
  /** Keeps what `page` shows as test-artifacts/console/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
}

export function consolePages(browser: Browser): ConsolePages {
  const errors: string[] = [];
  const dir = join(projectRoot, 'test-artifacts', 'console');
  return {
    errors,
    async open() {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    },
  };
}

/** Signs `email` in to the console at `consoleUrl` (`https://…/admin`) with `password`, on its own page. */
export async function signIn(page: Page, consoleUrl: string, email: string, password: string) {
  await page.goto(`${consoleUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** `token` with its last character changed: a CSRF token that is surely not the real one. */
export const forgedToken = (token: string) => `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
