// Every setting of every process, in one place: its type, what it needs, what it does, which processes read
// it and whether it is a secret. The processes' readers (lib/settings/read.ts), `npm run config:check` and
// the generated reference (docs/configuration.md) all come from this table.
import { isIP } from 'node:net';
import { isAddress, isHex } from 'viem';
import { z } from 'zod';
import { DEFAULT_WORKER_SCHEMA } from '../jobQueue.js';
import { networkNames } from '../networks.js';

export const processes = ['api', 'worker', 'indexer', 'deploy', 'operator'] as const;
export type Process = (typeof processes)[number];

/** How a process reads a variable: it must have a value (or a default), or it may go without. */
export type Usage = 'required' | 'optional';

export interface Variable<T extends z.ZodType = z.ZodType> {
  type: T;
  /** What a valid value is, as the error line and the reference say it: "a whole number of seconds". */
  needs: string;
  /** What the setting does, for the reference. */
  doc: string;
  usedBy: Partial<Record<Process, Usage>>;
  /** Never echoed; may be given as a file instead (`<NAME>_FILE`), its first line the value. */
  secret?: boolean;
  /**
   * A setting of each network the gateway serves, given for one as `<NAME>_<NETWORK>` (`RPC_URL_MOONBEAM`).
   * `default`: the plain `<NAME>` applies to every network not given its own. `own`: the plain `<NAME>` is
   * only the one-network shorthand; with several networks each needs its own.
   */
  perNetwork?: 'own' | 'default';
}

type PerNetwork = Variable['perNetwork'];

function variable<
  T extends z.ZodType,
  const U extends Partial<Record<Process, Usage>>,
  const N extends PerNetwork = undefined,
>(
  spec: Omit<Variable<T>, 'usedBy' | 'perNetwork'> & { usedBy: U; perNetwork?: N },
): Omit<Variable<T>, 'usedBy' | 'perNetwork'> & { usedBy: U; perNetwork?: N } {
  return spec;
}

const wholeNumber = z.string().regex(/^\d+$/).transform(Number);
const between = (min: number, max: number) => wholeNumber.pipe(z.number().min(min).max(max));
/** A whole number from `min` to `max`, and the words that name that range (an error must say what it enforces). */
function wholeNumberIn(
  min: number,
  max: number,
  { unit, what = 'a whole number', fallback }: { unit?: string; what?: string; fallback?: number } = {},
) {
  const bounded = between(min, max);
  return {
    type: fallback === undefined ? bounded : bounded.default(fallback),
    needs: `${what}${unit ? ` of ${unit}` : ''} from ${min} to ${max}`,
  };
}
const address = z.string().refine((value) => isAddress(value));
const addressList = z
  .string()
  .transform((list) => list.split(',').map((item) => item.trim()))
  .pipe(z.array(address).min(1));
const privateKey = z.string().refine((value) => isHex(value) && value.length === 66);
const url = z.url();
/** An IPv4 or IPv6 address, or a CIDR range of either. */
const ipOrRange = z.string().refine((value) => {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
});
const schemaName = z.string().regex(/^[a-z_][a-z0-9_]{0,31}$/);
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** A network's name: a preset's, or one the operator gives a custom chain (`custom` alone is the legacy one). */
// Not `file` or `…-file`: `RPC_URL_FILE` names the file holding RPC_URL, so no network's suffix may read FILE.
export const networkName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,29}$/)
  .refine((name) => !/(^|-)file$/.test(name));

const CHAIN = {
  api: 'optional',
  worker: 'optional',
  indexer: 'optional',
  deploy: 'optional',
  operator: 'optional',
} as const;
const RUNTIME = { api: 'required', worker: 'required', indexer: 'required' } as const;

export const variables = {
  // ------------------------------------------------------------------ network
  NETWORKS: variable({
    type: z
      .string()
      .transform((list) => list.split(',').map((item) => item.trim()))
      .pipe(
        z
          .array(networkName)
          .min(1)
          .refine((names) => new Set(names).size === names.length),
      ),
    needs: `comma-separated network names, each once: presets (${networkNames.join(', ')}) or names of your own (lower-case letters, digits and dashes) for custom chains`,
    doc: 'The networks this gateway serves, the first being the default (where an intent goes when its creator names none). A preset brings its chain id, currency, public RPC, explorer, finality and tokens; any other name is a custom chain described by its `CHAIN_*_<NETWORK>` settings. Settings of one network are given as `<NAME>_<NETWORK>`, the network upper-cased with `_` for `-` (`RPC_URL_POLKADOT_HUB`). Unset: the one network of PMT_NETWORK.',
    usedBy: CHAIN,
  }),
  PMT_NETWORK: variable({
    type: z.enum(['custom', ...networkNames]).default('anvil'),
    needs: `one of ${networkNames.join(', ')}, custom`,
    doc: 'The one network of a single-network gateway (the same as NETWORKS naming only it): a preset (chain id, currency, public RPC, explorer, finality), or `custom` with the CHAIN_* settings. Test presets issue `sk_test_` keys; live ones `sk_live_` keys and apply the live-mode refusals.',
    usedBy: CHAIN,
  }),
  RPC_URL: variable({
    type: url,
    needs: 'an http(s) or ws(s) URL of a node of the chain',
    doc: "The node this process talks to. Defaults to the preset's public RPC; set it to your own node or a provider's (it may carry an API key: it is never shown to buyers).",
    usedBy: CHAIN,
    secret: true,
    perNetwork: 'own',
  }),
  CHAIN_ID: variable({
    type: between(1, 2 ** 53 - 1),
    needs: 'a whole number (EIP-155 chain id)',
    doc: 'For a custom chain: the chain id, checked against the node at start.',
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  CHAIN_NAME: variable({
    type: z.string().min(1).max(64),
    needs: 'a name of 1 to 64 characters',
    doc: 'For a custom chain: the chain name shown to buyers.',
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  CHAIN_CURRENCY_SYMBOL: variable({
    type: z.string().regex(/^[A-Za-z0-9]{1,11}$/),
    needs: 'a symbol of 1 to 11 letters or digits',
    doc: "For a custom chain: the native currency's symbol.",
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  CHAIN_CURRENCY_DECIMALS: variable({
    ...wholeNumberIn(0, 36, { fallback: 18 }),
    doc: "For a custom chain: the native currency's decimals as the chain's EVM shows them.",
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  CHAIN_EXPLORER_URL: variable({
    type: url,
    needs: 'an https URL',
    doc: 'For a custom chain: a block explorer (Blockscout or Etherscan style), for transaction links.',
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  CHAIN_TESTNET: variable({
    type: bool.default(false),
    needs: 'true or false',
    doc: 'For a custom chain: a test network (no real money, `sk_test_` keys, no live-mode refusals).',
    usedBy: CHAIN,
    perNetwork: 'own',
  }),
  FINALITY_DEPTH: variable({
    type: wholeNumber,
    needs: 'a whole number of blocks',
    doc: "A block is final this many blocks under the indexer's head, instead of the preset's rule (the node's `finalized` tag on the Polkadot and Kusama chains). A custom chain without it uses the `finalized` tag.",
    usedBy: CHAIN,
    perNetwork: 'default',
  }),
  POLLING_INTERVAL_MS: variable({
    ...wholeNumberIn(100, 60_000, { unit: 'ms' }),
    doc: "How often the indexer and the jobs ask the network's node for a new block, instead of the preset's pace (2 s on the Polkadot and Kusama chains, 100 ms on anvil; 2 s on a custom chain).",
    usedBy: { api: 'optional', worker: 'optional', indexer: 'optional' },
    perNetwork: 'default',
  }),
  DEPLOYMENTS_DIR: variable({
    type: z.string().min(1),
    needs: 'a folder path',
    doc: 'Where `npm run deploy` writes `<network>.json` and the other processes read it. Defaults to `deployments/` in the project.',
    usedBy: CHAIN,
  }),
  ESCROW_ADDRESS: variable({
    type: address,
    needs: 'a 0x-prefixed 20-byte address with a valid checksum',
    doc: 'The escrow contract. Read from the deployment file (`deployments/<network>.json`) when unset.',
    usedBy: { api: 'optional', worker: 'optional', indexer: 'optional' },
    perNetwork: 'own',
  }),
  ESCROW_START_BLOCK: variable({
    type: wholeNumber,
    needs: 'a whole block number',
    doc: 'The block the escrow was deployed in: the indexer fetches nothing earlier. Read from the deployment file when unset.',
    usedBy: { indexer: 'optional' },
    perNetwork: 'own',
  }),
  // ------------------------------------------------------------------ database
  DATABASE_URL: variable({
    type: z.string().startsWith('postgres'),
    needs: 'a postgres:// or postgresql:// connection string',
    doc: 'The one PostgreSQL of the gateway: the indexer, the app tables and the job queue.',
    usedBy: { api: 'required', worker: 'required', indexer: 'required', operator: 'required' },
    secret: true,
  }),
  INDEXER_VIEWS_SCHEMA: variable({
    type: schemaName.default('pmt'),
    needs: 'a lower-case PostgreSQL identifier of at most 32 characters',
    doc: "The schema of stable views combining every network's live indexer tables, each row naming its chain: what the API and the worker read. Each network's indexer keeps views of its own tables in `<schema>_<network>` (`pmt_polkadot_hub`), `-` written `_`.",
    usedBy: RUNTIME,
  }),
  WORKER_SCHEMA: variable({
    type: schemaName.default(DEFAULT_WORKER_SCHEMA),
    needs: 'a lower-case PostgreSQL identifier of at most 32 characters',
    doc: "graphile-worker's schema (the job queue).",
    usedBy: { api: 'required', worker: 'required' },
  }),
  // ------------------------------------------------------------------ keys
  OPERATOR_PRIVATE_KEY: variable({
    type: privateKey,
    needs: 'a 0x-prefixed 32-byte hex private key',
    doc: 'Signs payment intents (OPERATOR_ROLE on the escrow). It sends no transactions.',
    usedBy: { api: 'required', deploy: 'optional' },
    secret: true,
    perNetwork: 'default',
  }),
  KEEPER_PRIVATE_KEY: variable({
    type: privateKey,
    needs: 'a 0x-prefixed 32-byte hex private key',
    doc: 'Sends releases, payouts and refunds (KEEPER_ROLE); must hold native currency for gas.',
    usedBy: { worker: 'required', deploy: 'optional' },
    secret: true,
    perNetwork: 'default',
  }),
  ARBITER_PRIVATE_KEY: variable({
    type: privateKey,
    needs: 'a 0x-prefixed 32-byte hex private key',
    doc: 'Sends the admin console’s dispute rulings (ARBITER_ROLE); must hold native currency for gas. Unset: rulings are made from an arbiter’s own wallet instead.',
    usedBy: { worker: 'optional' },
    secret: true,
    perNetwork: 'default',
  }),
  DEPLOYER_PRIVATE_KEY: variable({
    type: privateKey,
    needs: 'a 0x-prefixed 32-byte hex private key',
    doc: 'Deploys the escrow and configures it, then hands the admin role to ADMIN_ADDRESS. Needs gas; needs nothing after deployment.',
    usedBy: { deploy: 'required' },
    secret: true,
  }),
  ADMIN_API_KEY: variable({
    type: z.string().min(32),
    needs: 'at least 32 characters',
    doc: 'The credential of `/v1/admin/*`; unset turns the admin API off.',
    usedBy: { api: 'optional' },
    secret: true,
  }),
  // ------------------------------------------------------------------ deployment
  ADMIN_ADDRESS: variable({
    type: address,
    needs: 'a 0x-prefixed 20-byte address with a valid checksum',
    doc: 'Who administers the escrow after deployment: a multisig (Safe) in production. The deployer starts the two-step handover; the multisig accepts it after ADMIN_DELAY_SECONDS. Unset keeps the deployer as admin (test networks only).',
    usedBy: { deploy: 'optional' },
    perNetwork: 'default',
  }),
  ADMIN_DELAY_SECONDS: variable({
    ...wholeNumberIn(0, 30 * 86_400, { unit: 'seconds' }),
    doc: 'How long a started admin handover waits before it can be accepted. Defaults to 2 days on live networks, 0 on test networks.',
    usedBy: { deploy: 'optional' },
  }),
  TREASURY_ADDRESS: variable({
    type: address,
    needs: 'a 0x-prefixed 20-byte address with a valid checksum',
    doc: 'Where platform fees are withdrawn to.',
    usedBy: { deploy: 'required' },
    perNetwork: 'default',
  }),
  OPERATOR_ADDRESS: variable({
    type: address,
    needs: 'a 0x-prefixed 20-byte address with a valid checksum',
    doc: 'Given OPERATOR_ROLE at deployment; the address of OPERATOR_PRIVATE_KEY when unset.',
    usedBy: { deploy: 'optional' },
    perNetwork: 'default',
  }),
  KEEPER_ADDRESS: variable({
    type: address,
    needs: 'a 0x-prefixed 20-byte address with a valid checksum',
    doc: 'Given KEEPER_ROLE at deployment; the address of KEEPER_PRIVATE_KEY when unset.',
    usedBy: { deploy: 'optional' },
    perNetwork: 'default',
  }),
  ARBITER_ADDRESSES: variable({
    type: addressList,
    needs: 'comma-separated addresses',
    doc: 'Given ARBITER_ROLE at deployment: who rules on disputes.',
    usedBy: { deploy: 'optional' },
    perNetwork: 'default',
  }),
  PAUSER_ADDRESSES: variable({
    type: addressList,
    needs: 'comma-separated addresses',
    doc: 'Given PAUSER_ROLE at deployment: who may pause the escrow in an emergency (only the admin unpauses).',
    usedBy: { deploy: 'optional' },
    perNetwork: 'default',
  }),
  ALLOWED_TOKENS: variable({
    type: addressList,
    needs: 'comma-separated token addresses',
    doc: "ERC-20s allow-listed at deployment, besides the preset's published stablecoins.",
    usedBy: { deploy: 'optional' },
    perNetwork: 'own',
  }),
  // ------------------------------------------------------------------ API
  API_HOST: variable({
    type: z.string().min(1).default('127.0.0.1'),
    needs: 'a host name or IP address',
    doc: 'The address the API listens on.',
    usedBy: { api: 'required' },
  }),
  API_PORT: variable({
    ...wholeNumberIn(0, 65_535, { fallback: 4000, what: 'a port number' }),
    doc: 'The port the API listens on (`/v1`, the checkout, `/metrics`, `/healthz`, `/readyz`).',
    usedBy: { api: 'required' },
  }),
  API_WORKERS: variable({
    ...wholeNumberIn(1, 64, { fallback: 1 }),
    doc: 'Server processes sharing the port (`npm run api` only).',
    usedBy: { api: 'required' },
  }),
  PUBLIC_URL: variable({
    type: url,
    needs: 'an http(s) URL (https on live networks)',
    doc: 'The address buyers and merchants reach the API at: `checkout_url` in intents and webhooks, and the consoles’ invitation and password-reset links; the consoles accept forms posted from its origin. Required on live networks.',
    usedBy: { api: 'optional', worker: 'optional', operator: 'optional' },
  }),
  TRUSTED_PROXIES: variable({
    type: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(ipOrRange)),
    needs: 'comma-separated IP addresses or CIDR ranges (127.0.0.1, 10.0.0.0/8, ::1)',
    doc: "The reverse proxies in front of the API. Only from these addresses are `X-Forwarded-For`, `X-Forwarded-Proto` and `Forwarded` believed (the client's address in the audit log, https behind a TLS terminator); from anyone else the socket's address is the client's. Unset: no proxy is trusted.",
    usedBy: { api: 'optional' },
  }),
  PEER_GATEWAY_URL: variable({
    type: url,
    needs: 'an http(s) URL',
    doc: "This gateway's twin in the other mode, as Stripe's test and live data: a test-network gateway's live one, or the reverse. The consoles' mode switch links there.",
    usedBy: { api: 'optional' },
  }),
  WALLET_RPC_URL: variable({
    type: url,
    needs: 'an http(s) URL (https on live networks)',
    doc: "The RPC offered to a buyer's wallet that lacks the chain. Defaults to the preset's public RPC.",
    usedBy: { api: 'optional' },
    perNetwork: 'own',
  }),
  WALLETCONNECT_PROJECT_ID: variable({
    type: z.string().regex(/^[0-9a-f]{32}$/),
    needs: 'a WalletConnect (Reown) project id: 32 hex digits',
    doc: 'Turns WalletConnect on in the checkout (phone wallets, through its public relay).',
    usedBy: { api: 'optional' },
  }),
  READY_MAX_INDEXER_LAG_BLOCKS: variable({
    type: wholeNumber.default(20),
    needs: 'a whole number of blocks',
    doc: "`/readyz` fails while the indexer is further than this behind the chain's head.",
    usedBy: { api: 'required', worker: 'required' },
  }),
  PRICE_SOURCE: variable({
    type: z.enum(['fixed', 'http', 'chainlink']).default('fixed'),
    needs: 'fixed, http or chainlink',
    doc: 'Where fiat prices come from.',
    usedBy: { api: 'required' },
  }),
  PRICE_RATES: variable({
    type: json(z.record(z.string(), z.record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d+(\.\d+)?$/)))),
    needs: 'JSON such as {"GLMR":{"USD":"0.25"}}: decimal strings under ISO 4217 codes',
    doc: 'With `PRICE_SOURCE=fixed`: the rates. Test networks have dev rates by default.',
    usedBy: { api: 'optional' },
  }),
  PRICE_FEED_URL: variable({
    type: url,
    needs: 'a URL template with {asset} and {currency}',
    doc: 'With `PRICE_SOURCE=http`: where a price is fetched.',
    usedBy: { api: 'optional' },
  }),
  PRICE_FEED_JSON_PATH: variable({
    type: z.string().min(1),
    needs: 'a dotted path into the JSON answer',
    doc: 'With `PRICE_SOURCE=http`: where the price is in the answer.',
    usedBy: { api: 'optional' },
  }),
  PRICE_ORACLE_FEEDS: variable({
    type: json(z.record(z.string().regex(/^[^/]+\/[A-Z]{3}$/), address)),
    needs: 'JSON such as {"GLMR/USD":"0x…"}',
    doc: 'With `PRICE_SOURCE=chainlink`: the aggregator of each pair.',
    usedBy: { api: 'optional' },
  }),
  PRICE_ORACLE_MAX_AGE_SECONDS: variable({
    type: wholeNumber.default(3_600),
    needs: 'a whole number of seconds',
    doc: 'With `PRICE_SOURCE=chainlink`: an older answer is refused.',
    usedBy: { api: 'required' },
  }),
  PRICE_CACHE_SECONDS: variable({
    type: wholeNumber.default(30),
    needs: 'a whole number of seconds',
    doc: 'How long a fetched price is reused.',
    usedBy: { api: 'required' },
  }),
  INTENT_TTL_SECONDS: variable({
    ...wholeNumberIn(60, 7 * 86_400, { unit: 'seconds', fallback: 900 }),
    doc: 'How long a signed intent (and its quote) stays payable unless its creator gives `expires_in`; at most INTENT_TTL_MAX_SECONDS.',
    usedBy: { api: 'required' },
  }),
  INTENT_TTL_MAX_SECONDS: variable({
    ...wholeNumberIn(60, 30 * 86_400, { unit: 'seconds', fallback: 86_400 }),
    doc: 'The longest `expires_in` a merchant may give an intent: a fiat quote is locked that long, so a volatile asset carries that much price risk.',
    usedBy: { api: 'required' },
  }),
  MAX_FIAT_AMOUNT: variable({
    ...wholeNumberIn(1, Number.MAX_SAFE_INTEGER, { unit: 'minor units', fallback: 99_999_999 }),
    doc: 'The largest fiat amount an intent may ask for.',
    usedBy: { api: 'required' },
  }),
  API_KEY_CACHE_MS: variable({
    ...wholeNumberIn(0, 60_000, { unit: 'ms', fallback: 1_000 }),
    doc: 'How long a verified API key is trusted without asking the database: revocations reach other replicas within it.',
    usedBy: { api: 'required' },
  }),
  RATE_LIMIT_PER_SECOND: variable({
    ...wholeNumberIn(1, 1_000_000, { fallback: 100 }),
    doc: 'Requests per second allowed to one API key, per API process (the limit across replicas is this times their number).',
    usedBy: { api: 'required' },
  }),
  DATABASE_POOL_SIZE: variable({
    ...wholeNumberIn(2, 500, { fallback: 20 }),
    doc: "Connections one API process keeps to PostgreSQL. Each request holds at most one at a time; the server's `max_connections` must cover every process's pool.",
    usedBy: { api: 'required' },
  }),
  DATABASE_POOL_TIMEOUT_MS: variable({
    ...wholeNumberIn(50, 60_000, { unit: 'ms', fallback: 3_000 }),
    doc: 'How long a request waits for a free connection before it answers 503 `database_busy` with `Retry-After`.',
    usedBy: { api: 'required' },
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: variable({
    ...wholeNumberIn(100, 600_000, { unit: 'ms', fallback: 10_000 }),
    doc: "The longest any one of the API's statements may run (PostgreSQL's `statement_timeout`, and a transaction left idle as long ends too); past it the request answers 503 `database_busy`.",
    usedBy: { api: 'required' },
  }),
  BODY_LIMIT_BYTES: variable({
    type: wholeNumber.default(64 * 1024),
    needs: 'a whole number of bytes',
    doc: 'The largest request body the API reads.',
    usedBy: { api: 'required' },
  }),
  LOG_LEVEL: variable({
    type: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    needs: 'fatal, error, warn, info, debug, trace or silent',
    doc: "The API's request log level.",
    usedBy: { api: 'required' },
  }),
  SENTRY_DSN: variable({
    type: url,
    needs: 'a Sentry DSN (https://<key>@<host>/<project>)',
    doc: 'Where unhandled errors are reported (Sentry, or anything that speaks its protocol): the API’s 500s with their request id, failed jobs with their task and job id, and crashes. Unset reports nowhere (errors are logged either way).',
    usedBy: { api: 'optional', worker: 'optional' },
  }),
  // ------------------------------------------------------------------ worker
  WORKER_CONCURRENCY: variable({
    ...wholeNumberIn(1, 100, { fallback: 5 }),
    doc: 'Jobs one worker process runs at once.',
    usedBy: { worker: 'required' },
  }),
  WORKER_POLL_INTERVAL_MS: variable({
    ...wholeNumberIn(100, 3_600_000, { unit: 'ms', fallback: 2_000 }),
    doc: 'How often an idle worker looks for jobs (new jobs also wake it at once).',
    usedBy: { worker: 'required' },
  }),
  WORKER_HOST: variable({
    type: z.string().min(1).default('127.0.0.1'),
    needs: 'a host name or IP address',
    doc: "The address the worker's `/metrics`, `/healthz` and `/readyz` listen on.",
    usedBy: { worker: 'required' },
  }),
  WORKER_PORT: variable({
    ...wholeNumberIn(0, 65_535, { fallback: 9464, what: 'a port number' }),
    doc: "The port of the worker's `/metrics`, `/healthz` and `/readyz`.",
    usedBy: { worker: 'required' },
  }),
  KEEPER_REPLACE_AFTER_SECONDS: variable({
    ...wholeNumberIn(1, 86_400, { unit: 'seconds', fallback: 120 }),
    doc: 'A keeper transaction not mined this long after it was sent is sent again with higher fees.',
    usedBy: { worker: 'required' },
  }),
  KEEPER_MAX_ATTEMPTS: variable({
    ...wholeNumberIn(1, 20, { fallback: 5 }),
    doc: 'Signed attempts per nonce; after the last, the nonce is taken back by a 0-value transaction.',
    usedBy: { worker: 'required' },
  }),
  KEEPER_MAX_FEE_PER_GAS: variable({
    type: z.string().regex(/^\d+$/).transform(BigInt),
    needs: 'a whole number of wei',
    doc: 'A cap on the fee per gas the keeper pays; unset means no cap.',
    usedBy: { worker: 'optional' },
    perNetwork: 'default',
  }),
  KEEPER_MIN_BALANCE_WEI: variable({
    type: z.string().regex(/^\d+$/).transform(BigInt).default(0n),
    needs: 'a whole number of wei',
    doc: "The worker's `/readyz` fails while the keeper holds less.",
    usedBy: { worker: 'required' },
    perNetwork: 'default',
  }),
  KEEPER_FAULT: variable({
    type: z.enum(['after-sign', 'after-record', 'after-broadcast']),
    needs: 'after-sign, after-record or after-broadcast',
    doc: 'Tests only: kills the worker at that point of a send. Refused on live networks.',
    usedBy: { worker: 'optional' },
  }),
  RELEASE_BATCH_SIZE: variable({
    ...wholeNumberIn(1, 500, { fallback: 50 }),
    doc: 'Payments per `releaseBatch` transaction.',
    usedBy: { worker: 'required' },
  }),
  OUTBOX_INTERVAL_MS: variable({
    ...wholeNumberIn(50, 3_600_000, { unit: 'ms', fallback: 250 }),
    doc: 'How often the webhook outbox looks for newly final escrow events.',
    usedBy: { worker: 'required' },
  }),
  DEPOSIT_SCAN_INTERVAL_MS: variable({
    ...wholeNumberIn(50, 3_600_000, { unit: 'ms', fallback: 1000 }),
    doc: 'How often the worker looks for transfers into deposit addresses in newly final blocks.',
    usedBy: { worker: 'required' },
  }),
  WEBHOOK_RETRY_SCHEDULE: variable({
    type: z
      .string()
      .regex(/^\d+(,\d+)*$/)
      .transform((list) => list.split(',').map(Number)),
    needs: 'seconds before each retry, comma-separated',
    doc: 'When failed deliveries are retried; about 3 days in all by default.',
    usedBy: { worker: 'optional' },
  }),
  WEBHOOK_TIMEOUT_MS: variable({
    ...wholeNumberIn(100, 60_000, { unit: 'ms', fallback: 10_000 }),
    doc: 'A delivery answered with 2xx within this is delivered.',
    usedBy: { worker: 'required' },
  }),
  WEBHOOK_DISABLE_AFTER_SECONDS: variable({
    ...wholeNumberIn(1, 365 * 86_400, { unit: 'seconds', fallback: 3 * 86_400 }),
    doc: 'An endpoint failing this long without one success is disabled.',
    usedBy: { worker: 'required' },
  }),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: variable({
    type: bool.default(false),
    needs: 'true or false',
    doc: 'Deliver webhooks to loopback and private addresses: local development only, refused on live networks.',
    usedBy: { worker: 'required' },
  }),
  // ------------------------------------------------------------------ indexer
  INDEXER_HOST: variable({
    type: z.string().min(1).default('127.0.0.1'),
    needs: 'a host name or IP address',
    doc: "The address Ponder's HTTP server listens on. Loopback by default: `0.0.0.0` (every interface) or a private address lets Prometheus or analysts on other hosts reach it, and then it must be firewalled from the outside.",
    usedBy: { indexer: 'required' },
  }),
  INDEXER_STALL_SECONDS: variable({
    ...wholeNumberIn(2, 86_400, { unit: 'seconds', fallback: 120 }),
    doc: "`npm run indexer` restarts a network's indexer that has indexed no block for this long while its chain moved on (Ponder can stop indexing without exiting, e.g. after a database restart).",
    usedBy: { indexer: 'required' },
  }),
  INDEXER_PORT: variable({
    ...wholeNumberIn(1, 65_535, { fallback: 42069, what: 'a port number' }),
    doc: "Ponder's HTTP server: GraphQL, SQL over HTTP, `/ready`, `/metrics`.",
    usedBy: { indexer: 'required' },
  }),
} as const;

export type VariableName = keyof typeof variables;

type UsageOf<Name extends VariableName, P extends Process> = P extends keyof (typeof variables)[Name]['usedBy']
  ? (typeof variables)[Name]['usedBy'][P]
  : never;

/** The values a process reads: its required variables always set (or defaulted), its optional ones maybe. */
export type SettingsOf<P extends Process> = {
  [Name in VariableName as UsageOf<Name, P> extends never ? never : Name]: UsageOf<Name, P> extends 'optional'
    ? z.output<(typeof variables)[Name]['type']> | undefined
    : z.output<(typeof variables)[Name]['type']>;
};

/** The names of the variables `process` reads. */
export function variablesOf(process: Process): VariableName[] {
  return (Object.keys(variables) as VariableName[]).filter((name) => variables[name].usedBy[process as never]);
}

/** The suffix of a network's own settings: `polkadot-hub` → `POLKADOT_HUB` (`RPC_URL_POLKADOT_HUB`). */
export const networkSuffix = (network: string) => network.toUpperCase().replaceAll('-', '_');

/** The variable a name as set stands for: itself, or the per-network variable it gives one network. */
export function baseVariable(name: string): VariableName | undefined {
  if (Object.hasOwn(variables, name)) return name as VariableName;
  if (name.endsWith('_FILE')) return undefined; // the file holding a secret: no network is named `file`
  return (Object.keys(variables) as VariableName[])
    .filter((each) => (variables[each] as Variable).perNetwork && name.startsWith(`${each}_`))
    .sort((a, b) => b.length - a.length)[0];
}

/** The settings each network has its own value of. */
export type PerNetworkName = {
  [Name in VariableName]: [NonNullable<(typeof variables)[Name]['perNetwork']>] extends [never] ? never : Name;
}[VariableName];

/** One network's values of the per-network settings `P` reads. */
export type NetworkSettingsOf<P extends Process> = Pick<SettingsOf<P>, PerNetworkName & keyof SettingsOf<P>>;
