// The front door's rules on requests as @hono/node-server hands them over: the socket's peer in
// `env.incoming.socket`, the URL built from `Host` over plain http (a TLS terminator in front).
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ApiEnv, ApiServices } from './context.js';
import { clientAddress, fromOwnOrigin, overHttps, proxyMatcher } from './frontDoor.js';

function app(trusted: string[], publicUrl?: string) {
  const services = { config: { publicUrl }, trustedProxy: proxyMatcher(trusted) } as unknown as ApiServices;
  return new Hono<ApiEnv>()
    .use(async (c, next) => {
      c.set('services', services);
      await next();
    })
    .all('*', (c) => c.json({ ip: clientAddress(c) ?? null, ownOrigin: fromOwnOrigin(c), https: overHttps(c) }));
}

/** A request from `peer` to `http://127.0.0.1:4000/` (what the API behind a proxy receives), with `headers`. */
async function seen(server: ReturnType<typeof app>, peer: string | undefined, headers: Record<string, string> = {}) {
  const env = peer === undefined ? undefined : { incoming: { socket: { remoteAddress: peer } } };
  const response = await server.request('http://127.0.0.1:4000/console/sign-in', { method: 'POST', headers }, env);
  return (await response.json()) as { ip: string | null; ownOrigin: boolean; https: boolean };
}

describe("the client's address", () => {
  it('is the socket’s peer when no proxy is trusted, whatever the request says', async () => {
    const server = app([]);
    const forged = { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6;proto=https' };
    expect(await seen(server, '203.0.113.9', forged)).toMatchObject({ ip: '203.0.113.9', https: false });
    expect(await seen(server, '::ffff:127.0.0.1')).toMatchObject({ ip: '127.0.0.1' });
  });

  it('is the socket’s peer when the peer is not one of the trusted proxies', async () => {
    const server = app(['10.0.0.0/8', '::1']);
    expect(await seen(server, '203.0.113.9', { 'x-forwarded-for': '6.6.6.6' })).toMatchObject({ ip: '203.0.113.9' });
  });

  it('is what a trusted proxy forwards, nearest first: addresses a client wrote further left never count', async () => {
    const server = app(['10.0.0.0/8', '::1']);
    expect(await seen(server, '10.1.2.3', { 'x-forwarded-for': '198.51.100.7' })).toMatchObject({
      ip: '198.51.100.7',
    });
    // The client sent `X-Forwarded-For: 6.6.6.6`; its proxy appended the address it saw, then a second proxy.
    const chain = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.9.9.9' };
    expect(await seen(server, '::1', chain)).toMatchObject({ ip: '198.51.100.7' });
    expect(await seen(server, '10.1.2.3', { 'x-forwarded-for': '[2001:db8::7]:4711, 10.9.9.9' })).toMatchObject({
      ip: '2001:db8::7',
    });
    // Caddy and nginx set X-Forwarded-For but pass a client's own `Forwarded` through: it is never read.
    const both = { 'x-forwarded-for': '198.51.100.7', forwarded: 'for=6.6.6.6;proto=https' };
    expect(await seen(server, '10.1.2.3', both)).toMatchObject({ ip: '198.51.100.7', https: false });
    expect(await seen(server, '10.1.2.3', { 'x-forwarded-for': '198.51.100.7:51000' })).toMatchObject({
      ip: '198.51.100.7',
    });
    // An IPv4 address as an IPv6 proxy writes it.
    expect(await seen(server, '10.1.2.3', { 'x-forwarded-for': '::ffff:198.51.100.7' })).toMatchObject({
      ip: '198.51.100.7',
    });
    expect(await seen(server, '10.1.2.3')).toMatchObject({ ip: '10.1.2.3' });
  });

  it('is unknown for an in-process call (a console’s own call passes its user’s)', async () => {
    expect(await seen(app(['10.0.0.0/8']), undefined, { 'x-forwarded-for': '6.6.6.6' })).toMatchObject({ ip: null });
  });
});

describe('a form posted through a TLS-terminating proxy', () => {
  const publicUrl = 'https://pay.example.com';
  const browser = { origin: publicUrl, 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };

  it('is from the gateway’s own origin, PUBLIC_URL’s, whether the proxy keeps Host or rewrites it', async () => {
    const server = app(['127.0.0.1'], publicUrl);
    expect(await seen(server, '127.0.0.1', browser)).toEqual({ ip: '198.51.100.7', ownOrigin: true, https: true });
    expect(await seen(server, '127.0.0.1', { ...browser, host: 'pay.example.com' })).toMatchObject({
      ownOrigin: true,
    });
  });

  it('is refused from another site, and a forged X-Forwarded-Proto from an untrusted peer changes nothing', async () => {
    const server = app(['127.0.0.1'], publicUrl);
    expect(await seen(server, '127.0.0.1', { ...browser, origin: 'https://evil.example' })).toMatchObject({
      ownOrigin: false,
    });
    const direct = app([], undefined);
    expect(
      await seen(direct, '203.0.113.9', { origin: 'https://127.0.0.1:4000', 'x-forwarded-proto': 'https' }),
    ).toMatchObject({ ownOrigin: false, https: false });
    expect(await seen(direct, '203.0.113.9', { origin: 'http://127.0.0.1:4000' })).toMatchObject({ ownOrigin: true });
  });
});
