// `npm run dev` from a clean state, as a newcomer runs it on a fresh server: from a checkout in a folder
// only its owner may enter (as root, that hides node_modules and .dev from the `postgres` user), wait for
// the banner, run `npm run demo` against it, pay the banner's checkout link in a browser, press Ctrl-C,
// and check that every process the stack started is gone. And a stack that cannot start one of its parts exits non-zero, leaving nothing running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createPublicClient, createTestClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../devkit/freePort.js';
import { commandOf, descendantsOf, isAlive, signal } from '../devkit/processTree.js';
import type { DevStack } from '../devkit/stackFile.js';
import { WORKER_RUNNING } from '../jobs/worker.js';
import { launchBrowser } from './harness/browser.js';
import { expectStatus } from './harness/checkout.js';
import { privateCheckout } from './harness/privateCheckout.js';
import { testWallet } from './harness/testWallet.js';

const BANNER = 'PMT Gateway dev stack is up';
const checkout = privateCheckout();
const devFolder = join(checkout.root, '.dev');
/** Where the stacks' embedded PostgreSQL kept its data: in the dev folder, or under /var/tmp as root. */
const postgresDataFolders: string[] = [];
const postgresDataIn = (output: string) => /embedded PostgreSQL, data in (\S+)/.exec(output)?.[1];

afterAll(() => {
  checkout.remove();
  for (const folder of postgresDataFolders) {
    if (folder.startsWith('/var/tmp/')) rmSync(join(folder, '..'), { recursive: true, force: true });
  }
});

/** A buyer with a fresh funded key opens `link` in Chromium and pays with a test wallet, as a person would. */
async function payInBrowser(link: string, rpcUrl: string, chainId: number) {
  const account = privateKeyToAccount(generatePrivateKey());
  await createTestClient({ mode: 'anvil', transport: http(rpcUrl) }).setBalance({
    address: account.address,
    value: parseEther('10'),
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await testWallet({ rpcUrl, chainId, account }).install(page);
    await page.goto(link);
    // The network by the name the README tells a developer to add it to a wallet under.
    expect(await page.locator('div:has(> dt:text-is("Network")) > dd').textContent()).toBe('Anvil');
    await page.getByRole('button', { name: 'Test Wallet' }).click();
    await expectStatus(page, 'succeeded');
  } finally {
    await browser.close();
  }
}

/**
 * Signs in to a console with the sign-in the banner prints on its `line`, and expects `shown` on its first
 * page; reads the console's other pages, signed in.
 */
async function signInFromBanner(output: string, line: 'dashboard' | 'admin', shown: RegExp) {
  const [, url, email, password] = new RegExp(`${line}\\s+(http\\S+), sign in as (\\S+) / (\\S+)`).exec(output) ?? [];
  expect(url, `the banner prints the ${line}'s sign-in`).toBeDefined();
  const signedIn = await fetch(`${url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url!).origin },
    body: new URLSearchParams({ email: email!, password: password! }),
    redirect: 'manual',
  });
  expect(signedIn.status, `${line} sign-in`).toBe(303);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const first = await fetch(new URL(signedIn.headers.get('location')!, url), { headers: { cookie } });
  expect(await first.text()).toMatch(shown);
  return async (path: string) => {
    const page = await fetch(`${url}${path}`, { headers: { cookie } });
    expect(page.status, path).toBe(200);
    return page.text();
  };
}

it('npm run dev serves the demo and leaves no process behind on Ctrl-C', async () => {
  const env = {
    ...cleanEnv(),
    ANVIL_PORT: String(await freePort()),
    ANVIL_2_PORT: String(await freePort()),
    INDEXER_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    WORKER_PORT: String(await freePort()),
    DEMO_SHOP_PORT: String(await freePort()),
  };
  const run = startDev(env);
  const { dev } = run;
  const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));

  try {
    const deadline = Date.now() + 150_000;
    while (!run.output.includes(BANNER)) {
      if (dev.exitCode !== null) throw new Error(`npm run dev exited before its banner:\n${run.output}`);
      if (Date.now() > deadline) throw new Error(`no banner within 150 s:\n${run.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const postgresData = postgresDataIn(run.output);
    postgresDataFolders.push(postgresData ?? '');
    if (process.getuid?.() === 0)
      expect(postgresData, 'as root, the data must move where `postgres` can reach it').toMatch(/^\/var\/tmp\//);
    const stack = JSON.parse(readFileSync(join(devFolder, 'stack.json'), 'utf8')) as DevStack;
    for (const key of ['networks', 'apiUrl', 'shopUrl', 'adminApiKey', 'buyer', 'merchant'])
      expect(stack).toHaveProperty(key);
    // Two local chains from the first command, so that a developer meets a gateway serving several networks.
    expect(stack.networks.map(({ network, chainId }) => [network, chainId])).toEqual([
      ['anvil', 31_337],
      ['anvil-2', 31_338],
    ]);
    for (const network of stack.networks) {
      for (const key of ['rpcUrl', 'escrowAddress', 'tokenAddress', 'startBlock', 'finality', 'graphqlUrl'])
        expect(network).toHaveProperty(key);
    }
    expect(stack.merchant).toEqual({ id: expect.stringMatching(/^mch_/), apiKey: expect.stringMatching(/^sk_test_/) });
    expect(stack.buyer).toEqual({
      address: expect.stringMatching(/^0x/),
      privateKey: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });

    // The dev chains mine on their own, as real ones do: holds end and intents expire with nobody sending.
    for (const { rpcUrl } of stack.networks) {
      const chain = createPublicClient({ transport: http(rpcUrl) });
      const before = await chain.getBlockNumber();
      await expect.poll(() => chain.getBlockNumber(), { timeout: 10_000 }).toBeGreaterThan(before);
    }

    // The demo orders went to both networks, and the API lists them with the network each is paid on.
    const listed = await fetch(`${stack.apiUrl}/v1/payment_intents?limit=10`, {
      headers: { authorization: `Bearer ${stack.merchant.apiKey}` },
    });
    const orders = ((await listed.json()) as { data: { network: string; metadata: Record<string, string> }[] }).data;
    expect(new Set(orders.filter((order) => order.metadata.order_id).map((order) => order.network))).toEqual(
      new Set(['anvil', 'anvil-2']),
    );

    // The demo's payment on the second network: its own chain, indexer and keeper, one API, worker and webhook.
    const demo = spawnSync('npm', ['run', 'demo', '--', '--network', 'anvil-2'], {
      cwd: checkout.root,
      env,
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(demo.status, `${demo.stdout}\n${demo.stderr}\n--- dev:\n${run.output}`).toBe(0);
    expect(demo.stdout).toMatch(/merchant created pi_\w+ on anvil-2/);
    expect(demo.stdout).toContain('merchant created pi_');
    expect(demo.stdout).toContain('API shows it succeeded');
    expect(demo.stdout).toContain('the worker auto-released it after the hold');
    expect(demo.stdout).toMatch(/webhook payment_intent\.succeeded \(evt_\w+\) received, signature verified/);
    expect(demo.stdout).toMatch(/webhook payment_intent\.released \(evt_\w+\) received, signature verified/);
    // Each webhook is printed when it arrived: the payment's before the release was even waited for.
    const lineOf = (text: string) => demo.stdout.split('\n').findIndex((line) => line.includes(text));
    expect(lineOf('webhook payment_intent.succeeded')).toBeLessThan(lineOf('the worker auto-released it'));
    const docs = await fetch(`${stack.apiUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const dashboard = await signInFromBanner(run.output, 'dashboard', /Order demo-[0-9A-Za-z]{8}: 1 × T-shirt/);
    const admin = await signInFromBanner(run.output, 'admin', /admin@gateway\.local/);
    // The consoles name each payment's network, keep one network's when asked, and count money per network.
    const secondOnly = await dashboard('/payments?network=anvil-2');
    expect(secondOnly).toContain('<td>anvil-2</td>');
    expect(secondOnly).not.toContain('<td>anvil</td>');
    expect(await dashboard('/balance')).toMatch(/<tr data-asset="native" data-network="anvil-2">/);
    const operations = await admin('/operations');
    for (const network of ['anvil', 'anvil-2']) expect(operations).toContain(`<section data-network="${network}">`);
    const checkoutLink = /checkout\s+(http\S+\/buy)/.exec(run.output)?.[1];
    expect(checkoutLink, 'the banner prints a checkout link').toBe(`${stack.shopUrl}/buy`);
    // The API and consoles the banner prints are where the checkout_url of an order sends the browser.
    const checkoutUrl = (await fetch(checkoutLink!, { redirect: 'manual' })).headers.get('location')!;
    expect(checkoutUrl).toMatch(/\/checkout\/pi_/);
    const origin = new URL(checkoutUrl).origin;
    for (const line of ['API', 'dashboard', 'admin']) {
      const printed = new RegExp(`\\b${line}\\s+(http\\S+)`).exec(run.output)?.[1];
      expect(printed && new URL(printed).origin, `the banner's ${line} line`).toBe(origin);
    }
    // The shop's order is on the default network.
    const [defaultNetwork] = stack.networks;
    await payInBrowser(checkoutLink!, defaultNetwork!.rpcUrl, defaultNetwork!.chainId);

    expect(run.output).toContain(WORKER_RUNNING);

    const children = descendantsOf(dev.pid!);
    // At least the stack, PostgreSQL, the two anvils, their two indexers, the API and the worker.
    expect(children.length).toBeGreaterThanOrEqual(8);
    signalGroup(dev.pid!, 'SIGINT'); // Ctrl-C
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const survivors = children.filter(isAlive).map((pid) => `${pid} ${commandOf(pid)}`);
    expect(survivors, `still running after Ctrl-C:\n${run.output}`).toEqual([]);
    expect(existsSync(join(devFolder, 'stack.json'))).toBe(false);
    expect(run.output).toContain('stopped');
  } finally {
    // Whatever failed above, leave nothing running: the group first, then anything it left behind.
    const leftovers = descendantsOf(dev.pid!);
    signalGroup(dev.pid!, 'SIGKILL');
    for (const pid of leftovers.filter(isAlive)) signal(pid, 'SIGKILL');
  }
}, 240_000);

it('npm run dev exits non-zero when a part cannot start, and stops what it started', async () => {
  // Anvil cannot listen on a port that is taken: the chain, the second part, fails after PostgreSQL is up.
  const blocker = createServer();
  await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
  const takenPort = (blocker.address() as { port: number }).port;
  // The second chain does start: it must be stopped as well.
  const env = {
    ...cleanEnv(),
    PMT_DEV_DIR: join(checkout.root, '.dev-broken'),
    ANVIL_PORT: String(takenPort),
    ANVIL_2_PORT: String(await freePort()),
  };
  const run = startDev(env);
  const { dev } = run;
  let children: number[] = [];
  const watcher = setInterval(() => (children = [...new Set([...children, ...descendantsOf(dev.pid!)])]), 50);
  try {
    const code = await new Promise<number | null>((resolve) => dev.once('exit', (exitCode) => resolve(exitCode)));
    postgresDataFolders.push(postgresDataIn(run.output) ?? '');
    expect(code, run.output).not.toBe(0);
    expect(code, run.output).not.toBeNull();
    expect(run.output).toMatch(/npm run dev failed: anvil exited/);
    expect(run.output).toContain('stopped');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(children.filter(isAlive).map((pid) => `${pid} ${commandOf(pid)}`)).toEqual([]);
  } finally {
    clearInterval(watcher);
    blocker.close();
    signalGroup(dev.pid!, 'SIGKILL');
    for (const pid of children.filter(isAlive)) signal(pid, 'SIGKILL');
  }
}, 120_000);

/**
 * `npm run dev` in the private checkout, in a process group of its own as a terminal's foreground job is
 * (Ctrl-C signals the whole group), with everything it prints in `output`.
 */
function startDev(env: NodeJS.ProcessEnv) {
  const dev = spawn('npm', ['run', 'dev'], {
    cwd: checkout.root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { dev, output: '' };
  for (const stream of [dev.stdout, dev.stderr]) stream.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  return run;
}

/** This process's environment without what would point the stack at shared services. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, RPC_URL: _rpc, PMT_DEV_DIR: _dir, ...rest } = process.env;
  return rest;
}

const signalGroup = (leader: number, name: NodeJS.Signals) => signal(-leader, name);
