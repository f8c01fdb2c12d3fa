// .dev/stack.json: what a running `npm run dev` serves, for scripts (`npm run demo`) and tests to find it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import type { Finality } from '../lib/finality.js';
import { projectRoot } from '../lib/projectRoot.js';
import type { DevConsoleUsers } from './stack/consoleUsers.js';

/** One network the dev stack serves: its chain, its deployment and its indexer. */
export interface DevNetwork {
  /** The network preset (lib/networks.ts). */
  network: string;
  rpcUrl: string;
  chainId: number;
  escrowAddress: Address;
  tokenAddress: Address;
  startBlock: number;
  /** When a block is final (lib/finality.ts). */
  finality: Finality;
  /** This network's indexer: GraphQL, SQL over HTTP, `/ready`, `/metrics`. */
  indexerUrl: string;
  graphqlUrl: string;
}

export interface DevStack {
  /** Every network the stack serves, the gateway's default network first. */
  networks: DevNetwork[];
  databaseUrl: string;
  /** Schema of the stable views combining every network's indexed tables. */
  viewsSchema: string;
  /** The merchant API as scripts on this machine reach it (`/v1`, `/docs`, `/metrics`), on 127.0.0.1. */
  apiUrl: string;
  /**
   * The same API as browsers reach it: `PUBLIC_URL`, by default `http://localhost:<API_PORT>`. Every
   * `checkout_url` starts with it, and the banner prints the API, its reference and the consoles there.
   */
  publicUrl: string;
  /** The worker's `/metrics`, `/healthz` and `/readyz`. */
  workerUrl: string;
  /** The demo shop (devkit/demoShop.ts): `/buy` opens a fresh hosted checkout, `/widget` the embedded one. */
  shopUrl: string;
  /** The dev admin credential for `/v1/admin/*`. */
  adminApiKey: string;
  buyer: { address: Address; privateKey: Hex };
  /** The demo merchant and its secret API key (test mode, dev only). */
  merchant: { id: string; apiKey: string };
  /** Sign-ins of the consoles: the demo merchant's user (`/console`) and an admin (`/admin`). */
  consoleUsers: DevConsoleUsers;
}

/** The dev stack's folder: PMT_DEV_DIR, or `.dev` in the project. */
export function devDir(env = process.env): string {
  return env.PMT_DEV_DIR ?? join(projectRoot, '.dev');
}

export function stackFilePath(env = process.env): string {
  return join(devDir(env), 'stack.json');
}

export function readDevStack(env = process.env): DevStack {
  const file = stackFilePath(env);
  if (!existsSync(file)) throw new Error(`${file} does not exist: start the local stack with \`npm run dev\` first`);
  return JSON.parse(readFileSync(file, 'utf8')) as DevStack;
}

/** The network of `stack` named `name`, or its default network; an error naming the served ones if none is. */
export function devNetwork(stack: DevStack, name?: string): DevNetwork {
  const found = name === undefined ? stack.networks[0] : stack.networks.find(({ network }) => network === name);
  if (!found) {
    throw new Error(
      `the dev stack does not serve ${name}: it serves ${stack.networks.map(({ network }) => network).join(', ')}`,
    );
  }
  return found;
}

/**
 * `env` with the running dev stack's database and network filled in where `env` leaves them unset, so that
 * operator commands work against `npm run dev` with no settings; `env` itself when no stack is running.
 */
export function withDevStackDefaults(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!existsSync(stackFilePath(env))) return env;
  const stack = readDevStack(env);
  return {
    ...env,
    DATABASE_URL: env.DATABASE_URL || stack.databaseUrl,
    // The stack's networks, unless the environment names its own.
    NETWORKS: env.NETWORKS || (env.PMT_NETWORK ? '' : stack.networks.map(({ network }) => network).join(',')),
    PUBLIC_URL: env.PUBLIC_URL || stack.apiUrl,
  };
}
