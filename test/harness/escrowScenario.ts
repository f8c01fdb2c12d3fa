// Drives a fresh PMTEscrow deployment through every path its events describe, with real transactions
// from anvil's dev accounts: payments released by the buyer and by a keeper batch, partial and full
// refunds, a resolved dispute, a dispute left to its deadline and an open one, pushes refused by a buyer
// and by a merchant that are contracts, withdrawals (one to another address), payouts, fee withdrawals,
// pausing, treasury, token and role administration.
import {
  type Address,
  createWalletClient,
  type Hex,
  http,
  maxUint256,
  parseEther,
  parseUnits,
  publicActions,
  toHex,
} from 'viem';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { type DevIntent, type Payer, payDevIntent } from '../../devkit/devPayments.js';
import type { LocalDeployment } from '../../devkit/localDeployment.js';
import { confirmed, localChain, type WalletClient, walletClientFor } from '../../lib/chain.js';
import { NATIVE_TOKEN, type Payment } from '../../lib/intent.js';
import { escrowRoleId } from '../../lib/roles.js';

/** Code that reverts on every call, so pushes of native currency to these addresses fail. */
const REVERT_ALWAYS = '0x5f5ffd';
/** A buyer and a merchant that are contracts refusing native currency (see `REVERT_ALWAYS`). */
export const refusingBuyer: Address = '0x000000000000000000000000000000000000bEEF';
export const refusingMerchant: Address = '0x000000000000000000000000000000000000cafE';
export const newTreasury = devAccounts.keeper.address;
/** Offered the admin role at the end of the scenario, and left to accept it. */
export const pendingAdmin = devAccounts.arbiter.address;

export interface ScenarioPayments {
  releasedByBuyer: Hex;
  releasedInBatch: Hex;
  refundedInTwoSteps: Hex;
  resolved: Hex;
  refundedToRefusingBuyer: Hex;
  releasedToRefusingMerchant: Hex;
  partiallyRefunded: Hex;
  disputedOpen: Hex;
  disputeExpired: Hex;
}

/** Where the merchant sends its native balance with `withdrawTo`. */
export const withdrawalDestination = devAccounts.treasury.address;

export interface Scenario {
  deployment: LocalDeployment;
  payments: ScenarioPayments;
  /** The block of the scenario's last transaction. */
  lastBlock: bigint;
}

export async function runEveryEscrowPath(
  rpcUrl: string,
  chainId: number,
  deployment: LocalDeployment,
): Promise<Scenario> {
  const chain = localChain(chainId, rpcUrl);
  const admin = walletClientFor(chain, devAccounts.admin);
  const keeper = walletClientFor(chain, devAccounts.keeper);
  const arbiter = walletClientFor(chain, devAccounts.arbiter);
  const buyer = walletClientFor(chain, devAccounts.buyer);
  const merchant = walletClientFor(chain, devAccounts.merchant);
  const escrow = { address: deployment.escrowAddress, abi: pmtEscrowAbi } as const;
  const token = deployment.tokenAddress;
  let lastBlock = 0n;
  const send = async (client: WalletClient, request: Promise<Hex>) => {
    const receipt = await confirmed(client, request);
    lastBlock = receipt.blockNumber;
    return receipt;
  };

  // Contracts that refuse native currency; both send their transactions through anvil's impersonation.
  await admin.request({ method: 'anvil_setCode' as never, params: [refusingBuyer, REVERT_ALWAYS] as never });
  await admin.request({ method: 'anvil_setCode' as never, params: [refusingMerchant, REVERT_ALWAYS] as never });
  for (const account of [refusingBuyer, refusingMerchant]) {
    await admin.request({ method: 'anvil_setBalance' as never, params: [account, toHex(parseEther('100'))] as never });
    await admin.request({ method: 'anvil_impersonateAccount' as never, params: [account] as never });
  }
  const refuser = impersonated(rpcUrl, chainId, refusingBuyer);
  const refusingPayee = impersonated(rpcUrl, chainId, refusingMerchant);

  await send(
    buyer,
    buyer.writeContract({
      address: token,
      abi: pmtTestTokenAbi,
      functionName: 'approve',
      args: [escrow.address, maxUint256],
    }),
  );

  /** Pays an operator-signed intent from `payer` and returns the escrow's record of it. */
  async function pay(payer: Payer, fields: DevIntent): Promise<Payment> {
    const { payment, receipt } = await payDevIntent(payer, escrow.address, fields);
    lastBlock = receipt.blockNumber;
    return payment;
  }
  const hour = 3_600n;

  // Released early by the buyer.
  const a = await pay(buyer, { token: NATIVE_TOKEN, amount: parseEther('1'), feeBps: 100, holdPeriod: hour });
  await send(buyer, buyer.writeContract({ ...escrow, functionName: 'release', args: [a] }));

  // Released by a keeper batch once its hold has passed.
  const b = await pay(buyer, { token, amount: parseUnits('100', 6), feeBps: 250, holdPeriod: 60n });
  await admin.request({ method: 'evm_increaseTime' as never, params: [61] as never });
  await send(keeper, keeper.writeContract({ ...escrow, functionName: 'releaseBatch', args: [[b]] }));

  // Refunded in part by the merchant, then the rest by a keeper.
  const c = await pay(buyer, { token: NATIVE_TOKEN, amount: parseEther('2'), feeBps: 100, holdPeriod: hour });
  await send(merchant, merchant.writeContract({ ...escrow, functionName: 'refund', args: [c, parseEther('0.5')] }));
  await send(keeper, keeper.writeContract({ ...escrow, functionName: 'refund', args: [c, parseEther('1.5')] }));

  // Disputed by the buyer and split by the arbiter: 30 (less fees) to the merchant, 20 back to the buyer.
  const d = await pay(buyer, { token, amount: parseUnits('50', 6), feeBps: 100, holdPeriod: hour });
  await send(buyer, buyer.writeContract({ ...escrow, functionName: 'openDispute', args: [d] }));
  await send(
    arbiter,
    arbiter.writeContract({ ...escrow, functionName: 'resolveDispute', args: [d, parseUnits('30', 6)] }),
  );

  // Refunded in part, then disputed with the record as paid, and left unruled past the arbitration period:
  // anyone returns the rest to the buyer.
  const i = await pay(buyer, { token, amount: parseUnits('8', 6), feeBps: 100, holdPeriod: hour });
  await send(merchant, merchant.writeContract({ ...escrow, functionName: 'refund', args: [i, parseUnits('1', 6)] }));
  await send(buyer, buyer.writeContract({ ...escrow, functionName: 'openDispute', args: [i] }));
  const arbitrationPeriod = await merchant.readContract({ ...escrow, functionName: 'ARBITRATION_PERIOD' });
  await admin.request({ method: 'evm_increaseTime' as never, params: [Number(arbitrationPeriod)] as never });
  await send(keeper, keeper.writeContract({ ...escrow, functionName: 'refundExpiredDispute', args: [i] }));

  // A refund the buyer's contract refuses: the escrow credits it instead.
  const e = await pay(refuser, { token: NATIVE_TOKEN, amount: parseEther('1'), feeBps: 100, holdPeriod: hour });
  await send(merchant, merchant.writeContract({ ...escrow, functionName: 'refund', args: [e, parseEther('1')] }));

  // A merchant contract that refuses its payout keeps its balance; the other merchant is paid.
  const f = await pay(buyer, {
    merchant: refusingMerchant,
    token: NATIVE_TOKEN,
    amount: parseEther('0.5'),
    feeBps: 100,
    holdPeriod: 0n,
  });
  await send(keeper, keeper.writeContract({ ...escrow, functionName: 'releaseBatch', args: [[f]] }));
  await send(
    keeper,
    keeper.writeContract({
      ...escrow,
      functionName: 'payout',
      args: [NATIVE_TOKEN, [merchant.account.address, refusingMerchant]],
    }),
  );

  // The merchant pulls its token balance itself; the refusing merchant recovers its native balance to an
  // address it names; the admin sweeps fees to the treasury.
  await send(merchant, merchant.writeContract({ ...escrow, functionName: 'withdraw', args: [token] }));
  await send(
    refusingPayee,
    refusingPayee.writeContract({
      ...escrow,
      functionName: 'withdrawTo',
      args: [NATIVE_TOKEN, withdrawalDestination],
    }),
  );
  await send(admin, admin.writeContract({ ...escrow, functionName: 'withdrawFees', args: [NATIVE_TOKEN] }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'withdrawFees', args: [token] }));

  // Still open at the end: a partly refunded payment and a disputed one.
  const g = await pay(buyer, { token, amount: parseUnits('10', 6), feeBps: 100, holdPeriod: hour });
  await send(merchant, merchant.writeContract({ ...escrow, functionName: 'refund', args: [g, parseUnits('4', 6)] }));
  const h = await pay(buyer, { token: NATIVE_TOKEN, amount: parseEther('0.3'), feeBps: 0, holdPeriod: hour });
  await send(buyer, buyer.writeContract({ ...escrow, functionName: 'openDispute', args: [h] }));

  // Administration, ending paused and with an admin transfer pending, so the final state differs from
  // the initial one in every field the indexer tracks.
  const arbiterRole = escrowRoleId('ARBITER_ROLE');
  await send(admin, admin.writeContract({ ...escrow, functionName: 'pause' }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'unpause' }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'setTreasury', args: [newTreasury] }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'setTokenAllowed', args: [token, false] }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'setTokenAllowed', args: [token, true] }));
  await send(
    admin,
    admin.writeContract({ ...escrow, functionName: 'revokeRole', args: [arbiterRole, arbiter.account.address] }),
  );
  await send(
    admin,
    admin.writeContract({ ...escrow, functionName: 'grantRole', args: [arbiterRole, devAccounts.treasury.address] }),
  );
  await send(
    admin,
    admin.writeContract({ ...escrow, functionName: 'beginDefaultAdminTransfer', args: [devAccounts.keeper.address] }),
  );
  await send(admin, admin.writeContract({ ...escrow, functionName: 'cancelDefaultAdminTransfer' }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'changeDefaultAdminDelay', args: [3_600] }));
  await send(admin, admin.writeContract({ ...escrow, functionName: 'rollbackDefaultAdminDelay' }));
  await send(
    admin,
    admin.writeContract({ ...escrow, functionName: 'beginDefaultAdminTransfer', args: [pendingAdmin] }),
  );
  await send(admin, admin.writeContract({ ...escrow, functionName: 'pause' }));

  return {
    deployment,
    payments: {
      releasedByBuyer: a.id,
      releasedInBatch: b.id,
      refundedInTwoSteps: c.id,
      resolved: d.id,
      refundedToRefusingBuyer: e.id,
      releasedToRefusingMerchant: f.id,
      partiallyRefunded: g.id,
      disputedOpen: h.id,
      disputeExpired: i.id,
    },
    lastBlock,
  };
}

/** A client sending as `address` through anvil's impersonation (no key: anvil signs for it). */
function impersonated(rpcUrl: string, chainId: number, address: Address) {
  return createWalletClient({ chain: localChain(chainId, rpcUrl), account: address, transport: http(rpcUrl) }).extend(
    publicActions,
  );
}
