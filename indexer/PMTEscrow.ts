// One handler per PMTEscrow event. State comes from the events alone (no RPC reads), so a backfill and a
// live run build the same rows. Every event also lands in the chain-ordered `escrow_event` log.
import { type Context, ponder } from 'ponder:registry';
import { escrowState, payment, payout, roleMember, tokenAllowance } from 'ponder:schema';
import type { Address, Hex } from 'viem';
import { deadlineOf } from '../lib/intent.js';
import { escrowRoleId, escrowRoleName } from '../lib/roles.js';
import { accrueFee, appendEvent, credit, debit, type LoggedEvent, withdrawFees } from './ledger.js';

const DEFAULT_ADMIN_ROLE = escrowRoleId('DEFAULT_ADMIN_ROLE');

// ---------------------------------------------------------------- payments

ponder.on('PMTEscrow:PaymentEscrowed', async ({ event, context }) => {
  const { id, merchant, buyer, token, amount, feeBps, releaseAfter } = event.args;
  await context.db.insert(payment).values({
    id,
    chainId: context.chain.id,
    merchant,
    buyer,
    token,
    amount,
    feeBps,
    deadline: deadlineOf(id),
    releaseAfter,
    status: 'escrowed',
    escrowedAmount: amount,
    refundedAmount: 0n,
    disputeBuyerAmount: 0n,
    merchantAmount: 0n,
    feeAmount: 0n,
    escrowedAt: event.block.timestamp,
    escrowedBlock: event.block.number,
    escrowedTx: event.transaction.hash,
    escrowedLogIndex: event.log.logIndex,
    updatedBlock: event.block.number,
  });
  await appendEvent(context, 'PaymentEscrowed', event, { paymentId: id, merchant, account: buyer, token, amount });
});

ponder.on('PMTEscrow:PaymentReleased', async ({ event, context }) => {
  const { id, merchantAmount, fee } = event.args;
  const released = await escrowedPayment(context, id);
  expectSettles(released, merchantAmount + fee, event);
  await context.db
    .update(payment, { id })
    .set({ status: 'released', escrowedAmount: 0n, merchantAmount, feeAmount: fee, ...settledBy(event) });
  await credit(context, event, released.merchant, released.token, merchantAmount);
  await accrueFee(context, event, released.token, fee);
  await appendEvent(context, 'PaymentReleased', event, subjectOf(released, released.escrowedAmount));
});

ponder.on('PMTEscrow:PaymentRefunded', async ({ event, context }) => {
  const { id, amount, remaining } = event.args;
  const refunded = await escrowedPayment(context, id);
  await context.db.update(payment, { id }).set((row) => ({
    escrowedAmount: remaining,
    refundedAmount: row.refundedAmount + amount,
    ...(remaining === 0n ? { status: 'refunded' as const, ...settledBy(event) } : { updatedBlock: event.block.number }),
  }));
  await appendEvent(context, 'PaymentRefunded', event, subjectOf(refunded, amount));
});

ponder.on('PMTEscrow:DisputeOpened', async ({ event, context }) => {
  const { id, deadline } = event.args;
  const disputed = await escrowedPayment(context, id);
  await context.db.update(payment, { id }).set({
    status: 'disputed',
    disputedAt: event.block.timestamp,
    disputedBlock: event.block.number,
    disputedTx: event.transaction.hash,
    disputeDeadline: deadline,
    updatedBlock: event.block.number,
  });
  await appendEvent(context, 'DisputeOpened', event, { ...subjectOf(disputed), account: disputed.buyer });
});

ponder.on('PMTEscrow:DisputeResolved', async ({ event, context }) => {
  const { id, buyerAmount, merchantAmount, fee } = event.args;
  const resolved = await escrowedPayment(context, id);
  expectSettles(resolved, buyerAmount + merchantAmount + fee, event);
  await context.db.update(payment, { id }).set({
    status: 'resolved',
    escrowedAmount: 0n,
    disputeBuyerAmount: buyerAmount,
    merchantAmount,
    feeAmount: fee,
    ...settledBy(event),
  });
  await credit(context, event, resolved.merchant, resolved.token, merchantAmount);
  await accrueFee(context, event, resolved.token, fee);
  await appendEvent(context, 'DisputeResolved', event, subjectOf(resolved, resolved.escrowedAmount));
});

/** The arbiter did not rule in time: everything still escrowed went back to the buyer. */
ponder.on('PMTEscrow:DisputeExpired', async ({ event, context }) => {
  const { id, buyerAmount } = event.args;
  const expired = await escrowedPayment(context, id);
  expectSettles(expired, buyerAmount, event);
  await context.db.update(payment, { id }).set({
    status: 'resolved',
    escrowedAmount: 0n,
    disputeBuyerAmount: buyerAmount,
    ...settledBy(event),
  });
  await appendEvent(context, 'DisputeExpired', event, subjectOf(expired, buyerAmount));
});

/** A buyer's refund or dispute share could not be pushed, so the escrow holds it for the buyer to withdraw. */
ponder.on('PMTEscrow:BuyerCredited', async ({ event, context }) => {
  const { id, account, token, amount } = event.args;
  const { merchant } = await paymentById(context, id);
  await credit(context, event, account, token, amount);
  await appendEvent(context, 'BuyerCredited', event, { paymentId: id, merchant, account, token, amount });
});

// ---------------------------------------------------------------- deposit addresses

// A sweep's payment is its `PaymentEscrowed`, logged just before; this records where it came from.
ponder.on('PMTEscrow:DepositSwept', async ({ event, context }) => {
  const { id, depositAddress } = event.args;
  await appendEvent(context, 'DepositSwept', event, { paymentId: id, account: depositAddress });
});

// What a deposit address sent back (a refund of a deposit that was not, or not all, escrowed).
ponder.on('PMTEscrow:DepositReturned', async ({ event, context }) => {
  const { id, token, to, amount } = event.args;
  await appendEvent(context, 'DepositReturned', event, { paymentId: id, account: to, token, amount });
});

// What a deposit address of another chain's intent received here by mistake, sent back. The intent is not
// this chain's, so the row names no payment of it: its id and chain are in the arguments.
ponder.on('PMTEscrow:ForeignDepositReturned', async ({ event, context }) => {
  const { token, to, amount } = event.args;
  await appendEvent(context, 'ForeignDepositReturned', event, { account: to, token, amount });
});

// ---------------------------------------------------------------- balances leaving the escrow

/** The account pulled its balance, to itself or (`withdrawTo`) to an address it named. */
ponder.on('PMTEscrow:Withdrawn', async ({ event, context }) => {
  const { account, token, to, amount } = event.args;
  await debit(context, event, account, token, amount, 'withdrawn');
  await recordPayout(context, 'withdrawn', event, { account, destination: to, token, amount });
  await appendEvent(context, 'Withdrawn', event, { account, token, amount });
});

ponder.on('PMTEscrow:PaidOut', async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await debit(context, event, account, token, amount, 'paidOut');
  await recordPayout(context, 'paid', event, { account, destination: account, token, amount });
  await appendEvent(context, 'PaidOut', event, { account, token, amount });
});

/** The payee refused the push; its balance was kept, so only the attempt is recorded. */
ponder.on('PMTEscrow:PayoutFailed', async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await recordPayout(context, 'failed', event, { account, destination: account, token, amount });
  await appendEvent(context, 'PayoutFailed', event, { account, token, amount });
});

ponder.on('PMTEscrow:FeesWithdrawn', async ({ event, context }) => {
  const { token, treasury, amount } = event.args;
  await withdrawFees(context, event, token, amount);
  await appendEvent(context, 'FeesWithdrawn', event, { account: treasury, token, amount });
});

// ---------------------------------------------------------------- administration

ponder.on('PMTEscrow:TokenAllowanceUpdated', async ({ event, context }) => {
  const { token, allowed } = event.args;
  await context.db
    .insert(tokenAllowance)
    .values({ chainId: context.chain.id, token, allowed, updatedBlock: event.block.number })
    .onConflictDoUpdate({ allowed, updatedBlock: event.block.number });
  await appendEvent(context, 'TokenAllowanceUpdated', event, { token });
});

ponder.on('PMTEscrow:TreasuryUpdated', async ({ event, context }) => {
  await setEscrowState(context, event, { treasury: event.args.newTreasury });
  await appendEvent(context, 'TreasuryUpdated', event, { account: event.args.newTreasury });
});

ponder.on('PMTEscrow:Paused', async ({ event, context }) => {
  await setEscrowState(context, event, { paused: true, pauseChangedBy: event.args.account });
  await appendEvent(context, 'Paused', event, { account: event.args.account });
});

ponder.on('PMTEscrow:Unpaused', async ({ event, context }) => {
  await setEscrowState(context, event, { paused: false, pauseChangedBy: event.args.account });
  await appendEvent(context, 'Unpaused', event, { account: event.args.account });
});

ponder.on('PMTEscrow:RoleGranted', async ({ event, context }) => {
  const { role, account, sender } = event.args;
  await setRoleMember(context, event, role, account, sender, true);
  // Accepting a scheduled admin transfer grants the role; nothing is pending after that.
  if (role === DEFAULT_ADMIN_ROLE)
    await setEscrowState(context, event, { pendingAdmin: null, pendingAdminAcceptAfter: null });
  await appendEvent(context, 'RoleGranted', event, { account });
});

ponder.on('PMTEscrow:RoleRevoked', async ({ event, context }) => {
  const { role, account, sender } = event.args;
  await setRoleMember(context, event, role, account, sender, false);
  // Renouncing the admin role consumes a scheduled transfer to nobody; nothing is pending after that.
  if (role === DEFAULT_ADMIN_ROLE)
    await setEscrowState(context, event, { pendingAdmin: null, pendingAdminAcceptAfter: null });
  await appendEvent(context, 'RoleRevoked', event, { account });
});

ponder.on('PMTEscrow:RoleAdminChanged', async ({ event, context }) => {
  await appendEvent(context, 'RoleAdminChanged', event);
});

ponder.on('PMTEscrow:DefaultAdminTransferScheduled', async ({ event, context }) => {
  const { newAdmin, acceptSchedule } = event.args;
  await setEscrowState(context, event, { pendingAdmin: newAdmin, pendingAdminAcceptAfter: BigInt(acceptSchedule) });
  await appendEvent(context, 'DefaultAdminTransferScheduled', event, { account: newAdmin });
});

ponder.on('PMTEscrow:DefaultAdminTransferCanceled', async ({ event, context }) => {
  await setEscrowState(context, event, { pendingAdmin: null, pendingAdminAcceptAfter: null });
  await appendEvent(context, 'DefaultAdminTransferCanceled', event);
});

ponder.on('PMTEscrow:DefaultAdminDelayChangeScheduled', async ({ event, context }) => {
  await appendEvent(context, 'DefaultAdminDelayChangeScheduled', event);
});

ponder.on('PMTEscrow:DefaultAdminDelayChangeCanceled', async ({ event, context }) => {
  await appendEvent(context, 'DefaultAdminDelayChangeCanceled', event);
});

ponder.on('PMTEscrow:EIP712DomainChanged', async ({ event, context }) => {
  await appendEvent(context, 'EIP712DomainChanged', event);
});

// ---------------------------------------------------------------- helpers

type PaymentRow = typeof payment.$inferSelect;

async function paymentById(context: Context, id: Hex): Promise<PaymentRow> {
  const row = await context.db.find(payment, { id });
  // The contract emits nothing about a payment before PaymentEscrowed, so a miss is an indexer bug.
  if (!row) throw new Error(`event for payment ${id}, which was never escrowed`);
  // A copy: Ponder's cache hands out the cached row itself, which the handler's update then changes.
  return { ...row };
}

async function escrowedPayment(context: Context, id: Hex): Promise<PaymentRow> {
  const row = await paymentById(context, id);
  if (row.status !== 'escrowed' && row.status !== 'disputed') {
    throw new Error(`event for payment ${id}, which was already ${row.status}`);
  }
  return row;
}

/** A settling event accounts for exactly what was escrowed; anything else means the index went wrong. */
function expectSettles(row: PaymentRow, settled: bigint, event: LoggedEvent) {
  if (settled !== row.escrowedAmount) {
    throw new Error(
      `payment ${row.id}: ${event.id} settles ${settled}, but ${row.escrowedAmount} was indexed as escrowed`,
    );
  }
}

function subjectOf(row: PaymentRow, amount?: bigint) {
  return { paymentId: row.id, merchant: row.merchant, account: row.buyer, token: row.token, amount };
}

function settledBy(event: LoggedEvent) {
  return {
    settledAt: event.block.timestamp,
    settledBlock: event.block.number,
    settledTx: event.transaction.hash,
    settledLogIndex: event.log.logIndex,
    updatedBlock: event.block.number,
  };
}

interface PayoutMove {
  account: Address;
  destination: Address;
  token: Address;
  amount: bigint;
}

async function recordPayout(
  context: Context,
  kind: 'paid' | 'failed' | 'withdrawn',
  event: LoggedEvent,
  move: PayoutMove,
) {
  await context.db.insert(payout).values({
    chainId: context.chain.id,
    id: event.id,
    ...move,
    kind,
    blockNumber: event.block.number,
    blockTimestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
}

type EscrowStateChange = Partial<
  Pick<
    typeof escrowState.$inferInsert,
    'paused' | 'pauseChangedBy' | 'treasury' | 'pendingAdmin' | 'pendingAdminAcceptAfter'
  >
>;

async function setEscrowState(context: Context, event: LoggedEvent, change: EscrowStateChange) {
  const updatedBlock = event.block.number;
  await context.db
    .insert(escrowState)
    .values({ chainId: context.chain.id, address: event.log.address, paused: false, ...change, updatedBlock })
    .onConflictDoUpdate({ ...change, updatedBlock });
}

async function setRoleMember(
  context: Context,
  event: LoggedEvent,
  role: Hex,
  account: Address,
  changedBy: Address,
  active: boolean,
) {
  const updatedBlock = event.block.number;
  await context.db
    .insert(roleMember)
    .values({
      chainId: context.chain.id,
      role,
      roleName: escrowRoleName(role),
      account,
      active,
      changedBy,
      updatedBlock,
    })
    .onConflictDoUpdate({ active, changedBy, updatedBlock });
}
