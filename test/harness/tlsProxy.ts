// A real TLS front door for tests, set up exactly as docs/operations.md tells an operator to: its Caddyfile
// and its nginx server block are read from that page and run, with the host name, ports, upstream and a
// local certificate put in (Caddy's own local CA, `tls internal`; for nginx one openssl makes), so the
// page cannot show a setup that does not work. Each proxy's state lives in a folder of its own, removed
// when it stops; it listens on loopback only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, startChild } from '../../devkit/childProcess.js';
import { freePort } from '../../devkit/freePort.js';
import { projectRoot } from '../../lib/projectRoot.js';

export type ProxyKind = 'caddy' | 'nginx';

export interface TlsProxy {
  /** `https://<hostName>:<port>`: the public URL browsers use. */
  url: string;
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
 * it is the proxy's own local one.
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

/** The fenced block of `language` in docs/operations.md: what an operator copies. */
function documented(language: string): string {
  const page = readFileSync(join(projectRoot, 'docs', 'operations.md'), 'utf8');
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(page)?.[1];
  if (!block) throw new Error(`docs/operations.md shows no \`\`\`${language} block`);
  return block;
}

/** `text` with each `[from, to]` replaced, every one of which must be there: the page changed shape otherwise. */
function fill(text: string, replacements: [string, string][]): string {
  return replacements.reduce((filled, [from, to]) => {
    if (!filled.includes(from))
      throw new Error(`docs/operations.md's proxy setup no longer has ${JSON.stringify(from)}`);
    return filled.replaceAll(from, to);
  }, text);
}

const DOCS_HOST = 'pay.example.com';
const DOCS_UPSTREAM = '127.0.0.1:4000';

interface Setup {
  hostName: string;
  port: number;
  upstream: string;
  folder: string;
}

function startCaddy({ hostName, port, upstream, folder }: Setup, httpPort: number): Child {
  const site = fill(documented('caddyfile'), [
    [`${DOCS_HOST} {`, `${hostName}:${port} {\n\tbind 127.0.0.1\n\ttls internal`],
    [DOCS_UPSTREAM, upstream],
  ]);
  // Test-only global options: no admin endpoint, no CA installed into the system, no port 80 or 443.
  const global = `{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n\thttps_port ${port}\n\thttp_port ${httpPort}\n}\n`;
  writeFileSync(join(folder, 'Caddyfile'), global + site);
  return startChild({
    name: 'caddy',
    command: 'caddy',
    args: ['run', '--config', join(folder, 'Caddyfile'), '--adapter', 'caddyfile'],
    cwd: folder,
    env: { PATH: process.env.PATH, HOME: folder, XDG_DATA_HOME: folder, XDG_CONFIG_HOME: folder },
  });
}

function startNginx({ hostName, port, upstream, folder }: Setup): Child {
  const [certificate, key] = [join(folder, 'cert.pem'), join(folder, 'key.pem')];
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${hostName}`].concat([
      '-addext',
      `subjectAltName=DNS:${hostName}`,
      '-keyout',
      key,
      '-out',
      certificate,
    ]),
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  const server = fill(documented('nginx'), [
    ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
    [`server_name ${DOCS_HOST};`, `server_name ${hostName};`],
    [`/etc/ssl/certs/${DOCS_HOST}.pem`, certificate],
    [`/etc/ssl/private/${DOCS_HOST}.key`, key],
    [DOCS_UPSTREAM, upstream],
  ]);
  // One process as the user running the test, its files in its folder rather than the system's.
  const temp = (name: string) => `${name}_temp_path ${join(folder, name)};`;
  writeFileSync(
    join(folder, 'nginx.conf'),
    `daemon off;\nmaster_process off;\npid ${join(folder, 'nginx.pid')};\nevents {}\nhttp {\n` +
      `access_log off;\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n')}\n${server}}\n`,
  );
  return startChild({
    name: 'nginx',
    command: 'nginx',
    args: ['-p', folder, '-c', join(folder, 'nginx.conf'), '-e', join(folder, 'error.log')],
    cwd: folder,
  });
}

export async function startTlsProxy(
  kind: ProxyKind,
  {
    hostName,
    port,
    upstream,
  }: {
    hostName: string;
    /** The https port (the public URL's, chosen before the API that names it starts). */
    port: number;
    /** Where the API listens: `127.0.0.1:4000`. */
    upstream: string;
  },
): Promise<TlsProxy> {
  const folder = mkdtempSync(join(tmpdir(), `pmt-${kind}-`));
  const setup = { hostName, port, upstream, folder };
  let proxy: Child | undefined;
  const stop = async () => {
    await proxy?.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  const url = `https://${hostName}:${port}`;
  try {
    proxy = kind === 'caddy' ? startCaddy(setup, await freePort()) : startNginx(setup);
    // Caddy makes its certificate once it runs: the first handshakes may come before it.
    const deadline = Date.now() + 30_000;
    while (
      !(await rawRequest(`${url}/healthz`).then(
        (answer) => answer.status === 200,
        () => false,
      ))
    ) {
      if (!proxy.alive() || Date.now() > deadline)
        throw new Error(`${kind} did not answer at ${url}:\n${proxy.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, request: (path, options) => rawRequest(`${url}${path}`, options), stop };
}
