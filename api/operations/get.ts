// GET /v1/admin/operations — how the gateway stands, for the operator. Per network: pause, the signers'
// balances, the keepers' transactions, releases overdue, and solvency per token: the escrow's balance read
// from the chain now against what the indexed escrow owes (held payments, credited balances, unwithdrawn
// fees). For the whole gateway: the failed keeper transactions, the job queue and webhook failures. The
// same readings as the worker's /metrics.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Address, getAddress } from 'viem';
import type { AnyDb } from '../../lib/db/client.js';
import { keeperTransaction } from '../../lib/db/schema/index.js';
import { readAppState, readChainState, readIndexedState } from '../../lib/gatewayState.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { answerWithin } from '../../lib/readiness.js';
import { networkFields, networkFieldsSchema } from '../../lib/resources/chainFact.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv, ApiServices, NetworkServices } from '../context.js';
import { errorResponses } from '../errors.js';

const counts = z.record(z.string(), z.number().int());

const networkOperationsSchema = z
  .object({
    ...networkFieldsSchema,
    node: z
      .object({ ok: z.boolean(), error: z.string().optional() })
      .openapi({ description: 'Whether the network’s node answered; without it, what is read from the chain is null' }),
    paused: z.boolean().nullable(),
    chain_head: z.string().nullable(),
    indexed_block: z.string().nullable(),
    signers: z.array(
      z.object({
        role: z.enum(['operator', 'keeper', 'arbiter']),
        address: z.string(),
        balance: z.string().nullable(),
      }),
    ),
    keeper_transactions: counts,
    payout_failures: z.number().int(),
    releases_overdue: z.number().int(),
    solvency: z.array(
      z.object({
        asset: z.string().openapi({ description: '`native` or the token address' }),
        on_chain: z.string().nullable(),
        owed: z.string(),
        surplus: z.string().nullable().openapi({ description: 'on_chain − owed, in base units; negative when short' }),
        short: z.boolean().nullable(),
      }),
    ),
  })
  .openapi('NetworkOperations');

const operationsSchema = z
  .object({
    object: z.literal('operations'),
    networks: z
      .array(networkOperationsSchema)
      .openapi({ description: 'Each network served, the default first: its escrow, signers and solvency' }),
    failed_keeper_transactions: z.array(
      z.object({
        id: z.string(),
        ...networkFieldsSchema,
        keeper: z.string(),
        purpose: z.string(),
        state: z.string(),
        error: z.string().nullable(),
        created: z.number().int(),
      }),
    ),
    jobs: z.object({ queued: z.number().int(), failed: z.number().int() }),
    webhook_deliveries: counts,
    webhook_oldest_undelivered_seconds: z.number(),
  })
  .openapi('Operations');

export const route = adminRoute({
  method: 'get',
  operationId: 'adminGetOperations',
  path: '/v1/admin/operations',
  summary: 'Read the gateway’s operating state (admin)',
  responses: {
    200: { description: 'The state now', content: { 'application/json': { schema: operationsSchema } } },
    ...errorResponses(503),
  },
});

/** Sums the per-keeper counts of `states`. */
const summed = (states: Record<string, number>[]) =>
  states.reduce<Record<string, number>>((total, state) => {
    for (const [key, n] of Object.entries(state)) total[key] = (total[key] ?? 0) + n;
    return total;
  }, {});

/**
 * One network's readings: what the database and its indexer say, and what its node says now, if it answers
 * in time (a node that does not leaves its readings null, and the page still answers).
 */
async function networkOperations(db: AnyDb, services: ApiServices, served: NetworkServices) {
  const { network, chain, signer } = served;
  const chainId = network.chain.id;
  const { views, config } = services;
  const holders = await db
    .select({ role: views.roleMember.roleName, account: views.roleMember.account })
    .from(views.roleMember)
    .where(
      and(
        eq(views.roleMember.chainId, chainId),
        eq(views.roleMember.active, true),
        inArray(views.roleMember.roleName, ['KEEPER_ROLE', 'ARBITER_ROLE']),
      ),
    );
  const holding = (role: string) =>
    holders.filter((holder) => holder.role === role).map((holder) => getAddress(holder.account) as Address);
  const keepers = holding('KEEPER_ROLE');
  const signers = [
    { role: 'operator' as const, address: signer.address },
    ...keepers.map((address) => ({ role: 'keeper' as const, address })),
    ...holding('ARBITER_ROLE').map((address) => ({ role: 'arbiter' as const, address })),
  ];
  const indexed = await readIndexedState(db, { ...config, networkViewsSchema: network.networkViewsSchema, chainId });
  const appStates = await Promise.all(keepers.map((keeper) => readAppState(db, keeper, chainId)));
  const tokens = [...indexed.owed.keys()];
  const onChain = await answerWithin(
    Promise.all([
      readChainState(chain, { escrow: network.escrowAddress, keeper: signer.address, tokens }),
      Promise.all(signers.map((one) => chain.getBalance({ address: one.address }))),
    ]),
  ).catch((err: Error & { shortMessage?: string }) => new Error(err.shortMessage ?? err.message));
  const answered = onChain instanceof Error ? undefined : onChain;
  const [chainState, balances] = answered ?? [];
  return {
    ...networkFields(config.chains, chainId),
    node: onChain instanceof Error ? { ok: false, error: onChain.message } : { ok: true },
    paused: chainState?.paused ?? null,
    chain_head: chainState?.head.toString() ?? null,
    indexed_block: indexed.indexedBlock?.toString() ?? null,
    signers: signers.map((one, i) => ({ ...one, balance: balances?.[i]?.toString() ?? null })),
    keeper_transactions: summed(appStates.map((state) => state.keeperTransactions)),
    payout_failures: indexed.payoutFailures + (appStates[0]?.payoutFailures ?? 0),
    releases_overdue: indexed.releaseOverdue,
    solvency: tokens.map((token) => {
      const held = chainState?.escrowBalances.get(token) ?? (chainState ? 0n : undefined);
      const owed = indexed.owed.get(token) ?? 0n;
      return {
        asset: token === NATIVE_TOKEN ? 'native' : getAddress(token),
        on_chain: held?.toString() ?? null,
        owed: owed.toString(),
        surplus: held === undefined ? null : (held - owed).toString(),
        short: held === undefined ? null : held < owed,
      };
    }),
  };
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { db, services } = c.var;
  const { config } = services;
  const networks = await Promise.all(
    [...services.networks.values()].map((served) => networkOperations(db, services, served)),
  );
  const failed = await db
    .select()
    .from(keeperTransaction)
    .where(inArray(keeperTransaction.state, ['failed', 'reverted']))
    .orderBy(desc(keeperTransaction.createdAt))
    .limit(20);
  const schema = sql.identifier(config.workerSchema);
  const [jobs] = (
    await db.execute<{ queued: number; failed: number }>(
      sql`SELECT count(*) FILTER (WHERE attempts < max_attempts)::int AS queued,
                 count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed
          FROM ${schema}._private_jobs`,
    )
  ).rows;
  // Webhooks are the gateway's, not a network's: any keeper's reading has them.
  const { defaultNetwork } = services;
  const app = await readAppState(db, defaultNetwork.signer.address, defaultNetwork.network.chain.id);
  return c.json(
    {
      object: 'operations' as const,
      networks,
      failed_keeper_transactions: failed.map((row) => ({
        id: row.id,
        ...networkFields(config.chains, row.chainId),
        keeper: getAddress(row.keeper),
        purpose: row.purpose,
        state: row.state,
        error: row.error,
        created: unixSeconds(row.createdAt),
      })),
      jobs: { queued: jobs?.queued ?? 0, failed: jobs?.failed ?? 0 },
      webhook_deliveries: app.webhookDeliveries,
      webhook_oldest_undelivered_seconds: app.webhookOldestUndeliveredSeconds,
    },
    200,
  );
};
