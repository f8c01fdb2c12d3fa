// GET /v1/admin/operations — how the gateway stands, for the operator: pause, the signers' balances, the
// keeper's transactions (the failed ones named), the job queue, webhook failures, releases overdue, and
// solvency per token: the escrow's balance read from the chain now against what the indexed escrow owes
// (held payments, credited balances, unwithdrawn fees). The same readings as the worker's /metrics.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Address, getAddress } from 'viem';
import { keeperTransaction } from '../../lib/db/schema/index.js';
import { readAppState, readChainState, readIndexedState } from '../../lib/gatewayState.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';

const counts = z.record(z.string(), z.number().int());

const operationsSchema = z
  .object({
    object: z.literal('operations'),
    network: z.string().openapi({ description: 'The network these readings are of: the default one' }),
    paused: z.boolean(),
    chain_head: z.string(),
    indexed_block: z.string().nullable(),
    signers: z.array(
      z.object({ role: z.enum(['operator', 'keeper', 'arbiter']), address: z.string(), balance: z.string() }),
    ),
    keeper_transactions: counts,
    failed_keeper_transactions: z.array(
      z.object({
        id: z.string(),
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
    payout_failures: z.number().int(),
    releases_overdue: z.number().int(),
    solvency: z.array(
      z.object({
        asset: z.string().openapi({ description: '`native` or the token address' }),
        on_chain: z.string(),
        owed: z.string(),
        surplus: z.string().openapi({ description: 'on_chain − owed, in base units; negative when short' }),
        short: z.boolean(),
      }),
    ),
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

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { db, services } = c.var;
  const { config, views } = services;
  // The default network's state; the other networks' come with the consoles' per-network views.
  const { network, chain, signer } = services.defaultNetwork;
  const chainId = network.chain.id;
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
  const keepers = holders.filter((holder) => holder.role === 'KEEPER_ROLE').map((holder) => getAddress(holder.account));
  const indexed = await readIndexedState(db, { ...config, networkViewsSchema: network.networkViewsSchema, chainId });
  const tokens = [...indexed.owed.keys()];
  const chainState = await readChainState(chain, { escrow: network.escrowAddress, keeper: signer.address, tokens });
  const appStates = await Promise.all(keepers.map((keeper) => readAppState(db, keeper, chainId)));
  // Webhooks and payouts are not per keeper: any reading has them.
  const app = appStates[0] ?? (await readAppState(db, signer.address, chainId));
  const signers = [
    { role: 'operator' as const, address: signer.address },
    ...keepers.map((address) => ({ role: 'keeper' as const, address })),
    ...holders
      .filter((holder) => holder.role === 'ARBITER_ROLE')
      .map((holder) => ({ role: 'arbiter' as const, address: getAddress(holder.account) as Address })),
  ];
  const balances = await Promise.all(signers.map((one) => chain.getBalance({ address: one.address })));
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
  const sum = (pick: (state: (typeof appStates)[number]) => Record<string, number>) =>
    appStates.reduce<Record<string, number>>((total, state) => {
      for (const [key, n] of Object.entries(pick(state))) total[key] = (total[key] ?? 0) + n;
      return total;
    }, {});
  return c.json(
    {
      object: 'operations' as const,
      network: network.name,
      paused: chainState.paused,
      chain_head: chainState.head.toString(),
      indexed_block: indexed.indexedBlock?.toString() ?? null,
      signers: signers.map((one, i) => ({ ...one, balance: balances[i]!.toString() })),
      keeper_transactions: sum((state) => state.keeperTransactions),
      failed_keeper_transactions: failed.map((row) => ({
        id: row.id,
        keeper: getAddress(row.keeper),
        purpose: row.purpose,
        state: row.state,
        error: row.error,
        created: unixSeconds(row.createdAt),
      })),
      jobs: { queued: jobs?.queued ?? 0, failed: jobs?.failed ?? 0 },
      webhook_deliveries: app.webhookDeliveries,
      webhook_oldest_undelivered_seconds: app.webhookOldestUndeliveredSeconds,
      payout_failures: indexed.payoutFailures + app.payoutFailures,
      releases_overdue: indexed.releaseOverdue,
      solvency: tokens.map((token) => {
        const onChain = chainState.escrowBalances.get(token) ?? 0n;
        const owed = indexed.owed.get(token) ?? 0n;
        return {
          asset: token === NATIVE_TOKEN ? 'native' : getAddress(token),
          on_chain: onChain.toString(),
          owed: owed.toString(),
          surplus: (onChain - owed).toString(),
          short: onChain < owed,
        };
      }),
    },
    200,
  );
};
