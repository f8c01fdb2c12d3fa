// The merchant API's settings, all from environment variables (the dev stack sets them for its API).
import { type Address, type Chain, getAddress, type Hex, isHex } from 'viem';
import { z } from 'zod';
import type { KeyMode } from '../lib/apiKeys/keys.js';
import {
  addressVar,
  databaseUrlVar,
  envObject,
  finalityDepthVar,
  networkVar,
  parseEnv,
  schemaNameVar,
  wholeNumber,
} from '../lib/envVars.js';
import { type Finality, finalityOf } from '../lib/finality.js';
import { DEFAULT_WORKER_SCHEMA } from '../lib/jobQueue.js';
import { type NetworkName, networkPreset, reachedChain } from '../lib/networks.js';
import type { RateTable } from '../lib/prices/fixedRates.js';

export type PriceConfig =
  | { kind: 'fixed'; rates: RateTable }
  | { kind: 'http'; urlTemplate: string; jsonPath: string }
  | { kind: 'chainlink'; feeds: Record<string, Address>; maxAgeSeconds: number };

export interface ApiConfig {
  databaseUrl: string;
  network: NetworkName;
  chain: Chain;
  rpcUrl: string;
  escrowAddress: Address;
  /** Where the indexer's stable views live (`pmt`). */
  viewsSchema: string;
  /** The worker's job queue (graphile-worker's schema), where refunds are handed to the keeper. */
  workerSchema: string;
  /** When a block is final (lib/finality.ts): a payment is `succeeded` once its escrowing block is. */
  finality: Finality;
  keyMode: KeyMode;
  host: string;
  port: number;
  /** Server processes sharing the port (`npm run api` only). */
  workers: number;
  /** The address buyers and merchants reach this API at, for `checkout_url`; the listening address if unset. */
  publicUrl?: string;
  /** The RPC a buyer's wallet is offered when it lacks the chain (`wallet_addEthereumChain`); public by nature. */
  walletRpcUrl: string;
  /** /readyz fails while the indexer is further than this behind the chain's head. */
  readyMaxIndexerLagBlocks: number;
  /** Turns WalletConnect on in the checkout (phone wallets, through WalletConnect's public relay). */
  walletConnectProjectId?: string;
  /** Signs payment intents; must hold OPERATOR_ROLE on the escrow. */
  operatorKey: Hex;
  /** The credential of `/v1/admin/*`; unset turns the admin API off. */
  adminApiKey?: string;
  prices: PriceConfig;
  priceCacheSeconds: number;
  /** How long a signed intent (and the quote in it) stays payable. */
  intentTtlSeconds: number;
  /** The largest fiat amount an intent may ask for, in minor units. */
  maxFiatAmount: number;
  /** How long a verified key is trusted without asking the database (revocations reach other replicas within it). */
  apiKeyCacheMs: number;
  /** Requests per second allowed to one API key. */
  rateLimitPerSecond: number;
  bodyLimitBytes: number;
  logLevel: string;
}

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const rateTable = json(
  z.record(
    z.string(),
    z.record(z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 codes'), z.string().regex(/^\d+(\.\d+)?$/, 'decimal strings')),
  ),
);

const envSchema = envObject({
  DATABASE_URL: databaseUrlVar,
  PMT_NETWORK: networkVar,
  RPC_URL: z.url().optional(),
  ESCROW_ADDRESS: addressVar,
  INDEXER_VIEWS_SCHEMA: schemaNameVar.default('pmt'),
  WORKER_SCHEMA: schemaNameVar.default(DEFAULT_WORKER_SCHEMA),
  FINALITY_DEPTH: finalityDepthVar,
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: wholeNumber.pipe(z.number().min(0).max(65_535)).default(4000),
  API_WORKERS: wholeNumber.pipe(z.number().min(1).max(64)).default(1),
  PUBLIC_URL: z.url().optional(),
  WALLET_RPC_URL: z.url().optional(),
  READY_MAX_INDEXER_LAG_BLOCKS: wholeNumber.default(20),
  WALLETCONNECT_PROJECT_ID: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'a WalletConnect (Reown) project id: 32 hex digits')
    .optional(),
  OPERATOR_PRIVATE_KEY: z
    .string()
    .refine((value) => isHex(value) && value.length === 66, 'a 0x-prefixed 32-byte hex private key'),
  ADMIN_API_KEY: z.string().min(32, 'at least 32 characters').optional(),
  PRICE_SOURCE: z.enum(['fixed', 'http', 'chainlink']).default('fixed'),
  PRICE_RATES: rateTable.optional(),
  PRICE_FEED_URL: z.url().optional(),
  PRICE_FEED_JSON_PATH: z.string().optional(),
  PRICE_ORACLE_FEEDS: json(
    z.record(z.string().regex(/^[^/]+\/[A-Z]{3}$/, 'keys like GLMR/USD'), addressVar),
  ).optional(),
  PRICE_ORACLE_MAX_AGE_SECONDS: wholeNumber.default(3_600),
  PRICE_CACHE_SECONDS: wholeNumber.default(30),
  INTENT_TTL_SECONDS: wholeNumber
    .pipe(
      z
        .number()
        .min(60)
        .max(7 * 86_400),
    )
    .default(900),
  MAX_FIAT_AMOUNT: wholeNumber.pipe(z.number().min(1).max(Number.MAX_SAFE_INTEGER)).default(99_999_999),
  API_KEY_CACHE_MS: wholeNumber.pipe(z.number().max(60_000)).default(1_000),
  RATE_LIMIT_PER_SECOND: wholeNumber.pipe(z.number().min(1)).default(100),
  BODY_LIMIT_BYTES: wholeNumber.default(64 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Rates for test networks when none are configured, so a fresh dev stack can quote fiat at once. */
function devRates(nativeSymbol: string): RateTable {
  return { [nativeSymbol]: { USD: '3000', EUR: '2750' }, tUSD: { USD: '1', EUR: '0.92' } };
}

const HINT = 'Set these variables (see README, "Running the API"), or start the whole local stack with `npm run dev`.';

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const vars = parseEnv(envSchema, env, 'The API', HINT);
  const preset = networkPreset(vars.PMT_NETWORK);
  const reached = reachedChain(preset, vars.RPC_URL);
  return {
    databaseUrl: vars.DATABASE_URL,
    network: vars.PMT_NETWORK,
    ...reached,
    escrowAddress: getAddress(vars.ESCROW_ADDRESS),
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    workerSchema: vars.WORKER_SCHEMA,
    finality: finalityOf(preset.finality, vars.FINALITY_DEPTH),
    keyMode: preset.mode,
    host: vars.API_HOST,
    port: vars.API_PORT,
    workers: vars.API_WORKERS,
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, ''),
    // RPC_URL may carry a provider's key, so it is never offered to wallets; a local anvil has no other node.
    walletRpcUrl:
      vars.WALLET_RPC_URL ?? (vars.PMT_NETWORK === 'anvil' ? reached.rpcUrl : preset.chain.rpcUrls.default.http[0]!),
    walletConnectProjectId: vars.WALLETCONNECT_PROJECT_ID,
    readyMaxIndexerLagBlocks: vars.READY_MAX_INDEXER_LAG_BLOCKS,
    operatorKey: vars.OPERATOR_PRIVATE_KEY as Hex,
    adminApiKey: vars.ADMIN_API_KEY,
    prices: priceConfig(vars, preset.mode === 'test' ? devRates(preset.chain.nativeCurrency.symbol) : undefined),
    priceCacheSeconds: vars.PRICE_CACHE_SECONDS,
    intentTtlSeconds: vars.INTENT_TTL_SECONDS,
    maxFiatAmount: vars.MAX_FIAT_AMOUNT,
    apiKeyCacheMs: vars.API_KEY_CACHE_MS,
    rateLimitPerSecond: vars.RATE_LIMIT_PER_SECOND,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES,
    logLevel: vars.LOG_LEVEL,
  };
}

function priceConfig(vars: z.infer<typeof envSchema>, testDefault: RateTable | undefined): PriceConfig {
  const missing = (names: string) =>
    new Error(`The API's environment is incomplete: PRICE_SOURCE=${vars.PRICE_SOURCE} needs ${names}.\n${HINT}`);
  switch (vars.PRICE_SOURCE) {
    case 'fixed': {
      const rates = vars.PRICE_RATES ?? testDefault;
      if (!rates) throw missing('PRICE_RATES (JSON such as {"GLMR":{"USD":"0.25"}}) on a live network');
      return { kind: 'fixed', rates };
    }
    case 'http':
      if (!vars.PRICE_FEED_URL || !vars.PRICE_FEED_JSON_PATH) throw missing('PRICE_FEED_URL and PRICE_FEED_JSON_PATH');
      return { kind: 'http', urlTemplate: vars.PRICE_FEED_URL, jsonPath: vars.PRICE_FEED_JSON_PATH };
    case 'chainlink':
      if (!vars.PRICE_ORACLE_FEEDS) throw missing('PRICE_ORACLE_FEEDS (JSON such as {"GLMR/USD":"0x…"})');
      return {
        kind: 'chainlink',
        feeds: Object.fromEntries(
          Object.entries(vars.PRICE_ORACLE_FEEDS).map(([pair, address]) => [pair, getAddress(address)]),
        ),
        maxAgeSeconds: vars.PRICE_ORACLE_MAX_AGE_SECONDS,
      };
  }
}
