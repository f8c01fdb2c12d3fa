// Who may open which console page, generated from the app's own routes so that no page or form can ship
// without it: signed out, a session of the other console (a merchant user on admin pages, an admin on the
// dashboard), and every form without its session's CSRF token or from another site. Each refusal changes
// nothing (the audit log stays as it was). A page naming another merchant's object answers 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, forgedToken } from '../../test/harness/consoles.js';
import { query } from '../../test/harness/indexer.js';
import { inProcessApi } from '../../test/harness/inProcessApi.js';
import { adminConsole, merchantConsole } from './routes.js';

const ORIGIN = 'http://api.test';
const api = await inProcessApi();
afterAll(() => api.stop());

const consoles = [merchantConsole, adminConsole];
/** The only pages a signed-out visitor may open: signing in, and setting or resetting a password by link. */
const publicPaths = (base: string) => [`${base}/sign-in`, `${base}/password`, `${base}/reset`];
/** Every page and form of both consoles that needs a session, with a made-up id for path parameters. */
const guarded = api.routes
  .filter(({ method }) => method === 'GET' || method === 'POST')
  .flatMap(({ method, path }) => {
    const spec = consoles.find(({ base }) => path === base || path.startsWith(`${base}/`));
    if (!spec || publicPaths(spec.base).includes(path)) return [];
    return [{ method, path: path.replace(/:\w+/g, 'pi_notyours0000000000000000'), template: path, spec }];
  });

const sessions: Record<'merchant' | 'admin', { cookie: string; csrf: string }> = {} as never;

beforeAll(async () => {
  const shop = await api.merchant();
  sessions.merchant = await consoleSession(api, '/console', {
    role: 'merchant',
    email: 'owner@guarded.test',
    merchantId: shop.id,
  });
  sessions.admin = await consoleSession(api, '/admin', { role: 'admin', email: 'ops@guarded.test' });
});

const auditCount = async () =>
  Number((await query<{ n: string }>(api.databaseUrl, 'SELECT count(*) AS n FROM app.audit_log'))[0]!.n);

function send(route: (typeof guarded)[number], cookie?: string, form: Record<string, string> = {}, origin = ORIGIN) {
  return api.fetch(route.path, {
    method: route.method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(route.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', origin } : {}),
    },
    body: route.method === 'POST' ? new URLSearchParams(form).toString() : undefined,
    redirect: 'manual',
  });
}

it('finds the pages and forms of both consoles', () => {
  const paths = guarded.map((route) => `${route.method} ${route.template}`);
  for (const expected of [
    'GET /console/payments',
    'GET /console/payments/:id',
    'POST /console/payments/:id/refunds',
    'GET /console/balance',
    'GET /admin/merchants',
    'POST /admin/merchants/:id',
    'GET /admin/disputes',
    'POST /admin/disputes/:id',
    'GET /admin/audit',
    'POST /admin/sign-out',
  ])
    expect(paths).toContain(expected);
});

it.each(consoles.flatMap(({ base }) => publicPaths(base)))('opens %s to a signed-out visitor', async (path) => {
  const response = await api.fetch(path, { redirect: 'manual' });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<form');
});

describe.each(guarded)('$method $template', (route) => {
  const other = route.spec.role === 'merchant' ? 'admin' : 'merchant';

  it('refuses a signed-out visitor and a session of the other console, changing nothing', async () => {
    const before = await auditCount();
    const cookieOfOther = sessions[other].cookie.replace(`pmt_${other}_session`, `pmt_${route.spec.role}_session`);
    for (const cookie of [undefined, cookieOfOther]) {
      const answer = await send(route, cookie, { _csrf: sessions[other].csrf });
      if (route.method === 'GET') {
        expect(answer.status).toBe(303);
        expect(answer.headers.get('location')).toBe(`${route.spec.base}/sign-in`);
      } else {
        expect(answer.status).toBe(401);
      }
    }
    expect(await auditCount()).toBe(before);
  });

  it.runIf(route.method === 'POST')('refuses a form without its CSRF token or from another site', async () => {
    const before = await auditCount();
    const { cookie, csrf } = sessions[route.spec.role];
    expect((await send(route, cookie, {})).status).toBe(403);
    expect((await send(route, cookie, { _csrf: forgedToken(csrf) })).status).toBe(403);
    expect((await send(route, cookie, { _csrf: csrf }, 'https://evil.test')).status).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it.runIf(route.template.includes(':id') && route.method === 'GET')(
    'answers 404 for an id of another merchant',
    async () => {
      const answer = await send(route, sessions[route.spec.role].cookie);
      expect(answer.status).toBe(404);
    },
  );
});
