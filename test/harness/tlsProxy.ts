// A real TLS front door for tests: Debian's Caddy terminating https for a host name with a certificate from
// its own local CA (`tls internal`, made offline), forwarding to the API over plain http, as production
// runs it (docs/operations.md). Its state lives in a folder of its own, removed when it stops; it
// listens on loopback only, and neither installs its CA anywhere nor opens its admin endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../../devkit/childProcess.js';
import { freePort } from '../../devkit/freePort.js';

export interface TlsProxy {
  /** `https://<hostName>:<port>`: the public URL browsers use. */
  url: string;
  port: number;
  /** A request to the proxy from a client at `localAddress` (127.0.0.1 unless set). */
  request(path: string, options?: RawRequest): Promise<RawResponse>;
  stop(): Promise<void>;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request over http or https to `url`'s host name, connecting to 127.0.0.1 from `localAddress`: a
 * client at another loopback address, as no browser can be told to be. The certificate is not checked:
 * it is the proxy's own local CA's.
 */
export function rawRequest(url: string, { method = 'GET', headers = {}, body, localAddress }: RawRequest = {}) {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RawResponse>((resolve, reject) => {
    const request = send(
      {
        host: '127.0.0.1',
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers: { host: target.host, ...headers },
        localAddress,
        servername: target.hostname,
        rejectUnauthorized: false,
        timeout: 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in 20 s`)));
    request.on('error', reject);
    request.end(body);
  });
}

export async function startTlsProxy({
  hostName,
  port,
  upstream,
  rewriteHost,
}: {
  hostName: string;
  /** The https port (the public URL's, chosen before the API that names it starts). */
  port: number;
  /** Where the API listens: `127.0.0.1:4000`. */
  upstream: string;
  /** Send the upstream's address as `Host` (as many setups do) instead of the browser's. */
  rewriteHost: boolean;
}): Promise<TlsProxy> {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-tls-proxy-'));
  const httpPort = await freePort();
  writeFileSync(
    join(folder, 'Caddyfile'),
    `{
	admin off
	skip_install_trust
	auto_https disable_redirects
	https_port ${port}
	http_port ${httpPort}
}
${hostName}:${port} {
	bind 127.0.0.1
	tls internal
	reverse_proxy ${upstream}${rewriteHost ? ' {\n\t\theader_up Host {upstream_hostport}\n\t}' : ''}
}
`,
  );
  const caddy = startChild({
    name: 'caddy',
    command: 'caddy',
    args: ['run', '--config', join(folder, 'Caddyfile'), '--adapter', 'caddyfile'],
    cwd: folder,
    env: { PATH: process.env.PATH, HOME: folder, XDG_DATA_HOME: folder, XDG_CONFIG_HOME: folder },
  });
  const stop = async () => {
    await caddy.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  const url = `https://${hostName}:${port}`;
  try {
    await caddy.waitForOutput('serving initial configuration', 30_000);
    // Its certificate is made once it runs: the first handshake may come before it.
    const deadline = Date.now() + 30_000;
    while (
      !(await rawRequest(`${url}/healthz`).then(
        (answer) => answer.status === 200,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`caddy did not answer at ${url}:\n${caddy.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, request: (path, options) => rawRequest(`${url}${path}`, options), stop };
}
