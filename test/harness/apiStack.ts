// The merchant API as tests meet it: a fresh escrow on an anvil and a database of the stack's own (so that
// test files run side by side, none seeing another's chain, clock or tables), a real indexer writing its
// views, and the API server over HTTP on a free port, with helpers to onboard merchants and call the API.
// Every response a test receives through them is checked against the API's /openapi.json (./openApi.ts).

import { randomBytes } from 'node:crypto';
import { type Address, createPublicClient, type Hex, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { expect, inject } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { escrowPaymentOf, type PmtClient } from '../../api/client.js';
import { readApiConfig } from '../../api/config.js';
import { type RunningApi, startApiServer } from '../../api/server.js';
import { startAnvil } from '../../devkit/anvil.js';
import { devAccounts, devPrivateKey } from '../../devkit/devAccounts.js';
import { deployLocalStack, type LocalDeployment } from '../../devkit/localDeployment.js';
import { confirmed, localChain, walletClientFor } from '../../lib/chain.js';
import { randomBase62 } from '../../lib/randomToken.js';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import { type EventStream, openEventStream } from './apiEvents.js';
import { freshDatabase } from './database.js';
import { startTestIndexer, type TestIndexer } from './indexer.js';
import { checkedFetch, type OpenApiContract, openApiContract } from './openApi.js';
import { pollUntil } from './poll.js';
import { type BodyOf, expectStatus, typedClient } from './typedClient.js';

export interface TestMerchant {
  id: string;
  key: string;
  wallet: Address;
  email: string;
  /** Where the merchant's email sets its dashboard password (the onboarding's one-time link). */
  inviteUrl: string;
  /** The typed client (api/client.ts) with the merchant's key, each response checked against the contract. */
  client: PmtClient;
}

export interface ApiStack {
  url: string;
  /** The settings its API was started with: to start another API process (`npm run api`) like it. */
  env: Record<string, string>;
  /** The stack's chain. */
  rpcUrl: string;
  api: RunningApi;
  indexer: TestIndexer;
  deployment: LocalDeployment;
  adminKey: string;
  chain: ReturnType<typeof localChain>;
  buyer: ReturnType<typeof walletClientFor>;
  keeper: ReturnType<typeof walletClientFor>;
  publicClient: ReturnType<typeof createPublicClient>;
  /** What /openapi.json promises; every response below is checked against it. */
  contract: OpenApiContract;
  /** The typed client (api/client.ts) with `key`, or with no credential; each response checked. */
  client(key: string | undefined): PmtClient;
  /** The event stream at `path` (with its client secret in the query), each event checked. */
  events(path: string): Promise<EventStream>;
  /** Sends the call an intent's API response names (`transaction`) from the demo buyer; resolves with its block. */
  pay(intent: { transaction: { to: string; data: string; value: string } }): Promise<bigint>;
  /** The intent once `done` holds for it, polled through `merchant`'s key; fails after 15 s with the last body seen. */
  /** Polls the intent until `done` holds of it; an answer other than 200 (a busy database, say) is read again. */
  waitForIntent(merchant: TestMerchant, id: string, done: (intent: Intent) => boolean): Promise<Intent>;
  /** The demo buyer opens a dispute on an intent the API returned as paid; resolves once it is mined. */
  openDispute(intent: PaymentIntentResource): Promise<void>;
  /** The demo buyer releases an intent the API returned as paid, early; resolves once it is mined. */
  release(intent: PaymentIntentResource): Promise<void>;
  /**
   * Makes `amount` base units of native currency the merchant's: an intent for it paid, then released early
   * by its buyer, until the API shows it released; resolves with what the merchant got, less the fee.
   */
  earn(merchant: TestMerchant, amount: bigint): Promise<bigint>;
  /** Moves the chain's clock on by `seconds` (a block is mined), and waits until the API's clock has seen it. */
  skipChainTime(seconds: number): Promise<void>;
  /**
   * Another API server on the same database and views, with `env` on top of this one's settings; its
   * typed client checked as this one's.
   */
  extraApi(env: Record<string, string>): Promise<{ api: RunningApi; client: ApiStack['client'] }>;
  /** A merchant onboarded through the admin API, with a payout wallet of its own unless `wallet: false`. */
  merchant(options?: { wallet?: boolean; feeBps?: number; holdPeriodSeconds?: number }): Promise<TestMerchant>;
  stop(): Promise<void>;
}

/** Stopped in reverse order when the stack stops, or when starting it fails part way. */
/** A payment intent as the API answers it (the typed client's 200 body). */
export type Intent = BodyOf<Awaited<ReturnType<PmtClient['v1']['payment_intents'][':id']['$get']>>, 200>;

type Teardown = (() => Promise<unknown>)[];

/** Runs every step, newest first, even when one fails (the first failure is thrown after the rest ran). */
async function tearDown(teardown: Teardown) {
  const failures: unknown[] = [];
  for (const step of teardown.splice(0).reverse()) await step().catch((err: unknown) => failures.push(err));
  if (failures.length > 0) throw failures[0];
}

export interface StackOptions {
  /** The PostgreSQL server the stack's database is made on: the run's own by default. */
  databaseServerUrl?: string;
  /**
   * Runs on the stack's database and deployment before the API starts (and migrates the app schema): to
   * give it a database as an older gateway left it.
   */
  prepareDatabase?: (
    databaseUrl: string,
    deployment: LocalDeployment,
    node: { rpcUrl: string; chainId: number },
  ) => Promise<void>;
}

/**
 * A stack on an anvil it starts and stops, or on `node` (the caller's, which the caller stops), and on a
 * database of its own either way.
 */
export async function startApiStack(
  env: Record<string, string> = {},
  node?: { rpcUrl: string; chainId: number },
  options: StackOptions = {},
): Promise<ApiStack> {
  const teardown: Teardown = [];
  try {
    return await startParts(env, node, teardown, options);
  } catch (err) {
    await tearDown(teardown);
    throw err;
  }
}

async function startParts(
  env: Record<string, string>,
  node: { rpcUrl: string; chainId: number } | undefined,
  teardown: Teardown,
  { prepareDatabase, databaseServerUrl = inject('databaseUrl') }: StackOptions,
): Promise<ApiStack> {
  const database = await freshDatabase(databaseServerUrl, 'stack');
  teardown.push(() => database.drop());
  const { rpcUrl, chainId } = node ?? (await ownAnvil(teardown));
  const databaseUrl = database.url;
  const deployment = await deployLocalStack(rpcUrl, chainId);
  await prepareDatabase?.(databaseUrl, deployment, { rpcUrl, chainId });
  const indexer = await startTestIndexer({
    databaseUrl,
    rpcUrl,
    escrowAddress: deployment.escrowAddress,
    startBlock: deployment.startBlock,
  });
  teardown.push(() => indexer.stop());
  await indexer.waitUntilReady();
  // Ready is not caught up: wait for the deployment's last block (the token allow-list is in it).
  const publicClient = createPublicClient({ transport: http(rpcUrl) });
  await indexer.waitForBlock(await publicClient.getBlockNumber());
  const adminKey = `admin_${randomBase62(40)}`;
  const settings = {
    DATABASE_URL: databaseUrl,
    PMT_NETWORK: 'anvil',
    RPC_URL: rpcUrl,
    ESCROW_ADDRESS: deployment.escrowAddress,
    INDEXER_VIEWS_SCHEMA: indexer.viewsSchema,
    API_PORT: '0',
    OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'silent',
    // A queue of its own, so a worker of another test file never takes this stack's jobs.
    WORKER_SCHEMA: `jobs_${randomBytes(6).toString('hex')}`,
    ...env,
  };
  const api = await startApiServer(readApiConfig(settings));
  teardown.push(() => api.close());
  const chain = localChain(chainId, rpcUrl);
  const contract = await openApiContract(api.url);
  const client = (key: string | undefined) => typedClient(api.url, key, checkedFetch(contract));
  const asBuyer = async (functionName: 'openDispute' | 'release', intent: PaymentIntentResource) => {
    const buyer = walletClientFor(chain, devAccounts.buyer);
    await confirmed(
      buyer,
      buyer.writeContract({
        address: deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName,
        args: [escrowPaymentOf(intent)],
      }),
    );
  };

  const stack: ApiStack = {
    url: api.url,
    env: settings,
    rpcUrl,
    api,
    indexer,
    deployment,
    adminKey,
    chain,
    buyer: walletClientFor(chain, devAccounts.buyer),
    keeper: walletClientFor(chain, devAccounts.keeper),
    publicClient: createPublicClient({ chain, transport: http(rpcUrl) }),
    contract,
    client,
    events: (path) =>
      openEventStream(`${api.url}${path}`, {
        check: (data) => contract.checkEvent(path, data),
        fetch: checkedFetch(contract),
      }),
    async pay({ transaction }) {
      const buyer = walletClientFor(chain, devAccounts.buyer);
      const receipt = await confirmed(
        buyer,
        // The API's schema types them as strings; they are an address and calldata.
        buyer.sendTransaction({
          to: transaction.to as Address,
          data: transaction.data as Hex,
          value: BigInt(transaction.value),
        }),
      );
      return receipt.blockNumber;
    },
    async waitForIntent(merchant, id, done) {
      const read = async () => {
        const response = await merchant.client.v1.payment_intents[':id'].$get({ param: { id } });
        return response.status === 200
          ? { ok: true as const, intent: await response.json() }
          : { ok: false as const, answer: await response.json() };
      };
      const last = await pollUntil(`intent ${id}`, read, (answer) => answer.ok && done(answer.intent));
      if (!last.ok) throw new Error(`intent ${id}: answered ${JSON.stringify(last.answer)}`);
      return last.intent;
    },
    openDispute: (intent) => asBuyer('openDispute', intent),
    release: (intent) => asBuyer('release', intent),
    async earn(merchant, amount) {
      const created = await expectStatus(
        await merchant.client.v1.payment_intents.$post({ json: { amount_crypto: amount.toString() }, header: {} }),
        200,
      );
      await stack.pay(created);
      const paid = await stack.waitForIntent(merchant, created.id, (intent) => intent.status === 'succeeded');
      await stack.release(paid);
      await stack.waitForIntent(merchant, created.id, (intent) => intent.payment!.released !== null);
      return amount - (amount * BigInt(paid.fee_bps)) / 10_000n;
    },
    async skipChainTime(seconds) {
      const client = walletClientFor(chain, devAccounts.buyer);
      await client.request({ method: 'evm_increaseTime' as never, params: [seconds] as never });
      await client.request({ method: 'evm_mine' as never });
      const { timestamp } = await client.getBlock();
      // The API refreshes its clock in the background: until then it would still answer with the old time.
      await expect
        .poll(() => api.services.defaultNetwork.clock.now(), {
          timeout: 10_000,
          interval: 25,
          message: 'the API saw the new time',
        })
        .toBeGreaterThanOrEqual(timestamp);
    },
    async extraApi(extra) {
      const other = await startApiServer(readApiConfig({ ...settings, ...extra }));
      teardown.push(() => other.close());
      return {
        api: other,
        client: (key) => typedClient(other.url, key, checkedFetch(contract)),
      };
    },
    async merchant({ wallet = true, feeBps, holdPeriodSeconds } = {}) {
      const created = await expectStatus(
        await client(adminKey).v1.admin.merchants.$post({
          json: {
            name: `Shop ${randomBase62(6)}`,
            email: `shop-${randomBase62(6).toLowerCase()}@example.com`,
            fee_bps: feeBps,
            hold_period_seconds: holdPeriodSeconds,
          },
          header: {},
        }),
        200,
      );
      // A new email, and no Idempotency-Key (no replay): the answer shows the first key and the invitation.
      const [key, inviteUrl] = [created.api_key!, created.invite_url!];
      const merchant = client(key);
      const address = privateKeyToAccount(generatePrivateKey()).address;
      if (wallet) await expectStatus(await merchant.v1.merchant.wallet.$post({ json: { address }, header: {} }), 200);
      return {
        id: created.id,
        key,
        wallet: address,
        email: created.email,
        inviteUrl,
        client: merchant,
      };
    },
    stop: () => tearDown(teardown),
  };
  return stack;
}

async function ownAnvil(teardown: Teardown) {
  const anvil = await startAnvil();
  teardown.push(() => anvil.stop());
  return anvil;
}
