// What a request says about where it came from, believed only as far as it can be. Behind a TLS-terminating
// reverse proxy the socket's peer is the proxy, the URL the API sees is `http://…`, and the browser's own
// address and scheme arrive in headers (`X-Forwarded-For`, `X-Forwarded-Proto`) that any client can also
// write. So those headers are read only from the proxies the operator names (`TRUSTED_PROXIES`); from
// anyone else the socket's address is the client's. RFC 7239's `Forwarded` is never read: Caddy and nginx
// set the X-Forwarded headers but pass a client's own `Forwarded` through untouched, so believing it
// would let any client name its address. The origin browsers use is `PUBLIC_URL`, never a header.
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import type { ApiEnv, ConsoleCallBindings } from './context.js';

/** Whether an address is one of the trusted proxies. */
export type ProxyMatcher = (address: string) => boolean;

/** An IPv4 address as IPv6 sockets report it (`::ffff:127.0.0.1`), written plainly. */
const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** `TRUSTED_PROXIES`' addresses and CIDR ranges (lib/settings checks their form) as a matcher. */
export function proxyMatcher(entries: readonly string[]): ProxyMatcher {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const ip = plain(address);
    const family = isIP(ip);
    return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The socket's peer, when the request came over one (not an in-process call). */
function peerAddress(c: Context<ApiEnv>): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address === undefined ? undefined : plain(address);
}

/** A hop without its port and brackets (`[2001:db8::1]:4711`, `192.0.2.60:80`), as some proxies write them. */
const hopAddress = (hop: string) =>
  plain(
    hop.startsWith('[')
      ? hop.slice(1, hop.indexOf(']'))
      : /^[\d.]+:\d+$/.test(hop)
        ? hop.slice(0, hop.lastIndexOf(':'))
        : hop,
  );

/** The addresses `X-Forwarded-For` names, the client's first and each proxy's after it. */
function forwardedFor(c: Context<ApiEnv>): string[] {
  return (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hopAddress(hop.trim()))
    .filter(Boolean);
}

/** Whether this request reached us through one of the trusted proxies. */
const viaTrustedProxy = (c: Context<ApiEnv>) => {
  const peer = peerAddress(c);
  return peer !== undefined && c.var.services.trustedProxy(peer);
};

/**
 * The client's address: the socket's peer, or, when that is a trusted proxy, the nearest address in the
 * chain it forwarded that is not itself a trusted proxy (what a client wrote there is further left, and
 * never reached). Undefined for an in-process call.
 */
export function clientAddress(c: Context<ApiEnv>): string | undefined {
  const peer = peerAddress(c);
  if (peer === undefined || !c.var.services.trustedProxy(peer)) return peer;
  const chain = forwardedFor(c);
  for (let hop = chain.length - 1; hop >= 0; hop--) {
    if (isIP(chain[hop]!) === 0) return peer; // not an address: the proxy is all we know
    if (!c.var.services.trustedProxy(chain[hop]!)) return chain[hop];
  }
  return chain[0] ?? peer;
}

/** The scheme the client used: the proxy's word for it through a trusted proxy, else the socket's. */
function clientScheme(c: Context<ApiEnv>): string {
  const own = new URL(c.req.url).protocol.replace(':', '');
  if (!viaTrustedProxy(c)) return own;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0];
  return proto?.trim().toLowerCase() === 'https' ? 'https' : own;
}

/** The origin the client asked for: `Host` with the scheme it used. */
function requestOrigin(c: Context<ApiEnv>): string {
  return `${clientScheme(c)}://${new URL(c.req.url).host}`;
}

/**
 * Whether a state-changing request comes from this gateway's own pages: a browser always says where from,
 * and that must be `PUBLIC_URL`'s origin (or, for a request made to another name of this server, the
 * one it used, which a page of another site cannot claim).
 */
export function fromOwnOrigin(c: Context<ApiEnv>): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  const { publicUrl } = c.var.services.config;
  return (publicUrl !== undefined && origin === new URL(publicUrl).origin) || origin === requestOrigin(c);
}

/** Whether the client reached us over https: cookies are then `Secure`. */
export function overHttps(c: Context<ApiEnv>): boolean {
  return clientScheme(c) === 'https' || (c.var.services.config.publicUrl?.startsWith('https://') ?? false);
}

/** Where a request came from, for the audit log: the client's address (see above), and its browser or tool. */
export function requestClient(c: Context<ApiEnv>): { ip: string | undefined; userAgent: string | undefined } {
  // A console's in-process call carries the signed-in user's own, taken from the request it serves.
  const forUser = (c.env as ConsoleCallBindings | undefined)?.consoleClient;
  if (forUser) return forUser;
  return { ip: clientAddress(c), userAgent: c.req.header('user-agent')?.slice(0, 512) };
}
