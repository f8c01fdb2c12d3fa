// Many escrow events quickly, for the indexer's benchmark and crash tests: a BulkPayer contract (see
// contracts/bench/BulkPayer.sol) pays and releases hundreds of intents per transaction.
import { type Address, getAddress } from 'viem';
import { bulkPayerAbi, bulkPayerBytecode, pmtEscrowAbi } from '../abis/index.js';
import { confirmed, type WalletClient } from '../lib/chain.js';
import { escrowRoleId } from '../lib/roles.js';
import { devAccounts } from './devAccounts.js';

/** Each payment emits two events: PaymentEscrowed and PaymentReleased. */
export const EVENTS_PER_PAYMENT = 2;
/** Payments per transaction: about 110k gas each, well inside anvil's 30M block gas limit. */
const PAYMENTS_PER_TX = 200;
const AMOUNT = 10_000n;

/** Deploys a BulkPayer for `escrow` and makes it an operator, so it can sign its own intents. */
export async function deployBulkPayer(admin: WalletClient, escrow: Address): Promise<Address> {
  const receipt = await confirmed(
    admin,
    admin.deployContract({ abi: bulkPayerAbi, bytecode: bulkPayerBytecode, args: [escrow] }),
  );
  const bulkPayer = getAddress(receipt.contractAddress!);
  await confirmed(
    admin,
    admin.writeContract({
      address: escrow,
      abi: pmtEscrowAbi,
      functionName: 'grantRole',
      args: [escrowRoleId('OPERATOR_ROLE'), bulkPayer],
    }),
  );
  return bulkPayer;
}

/** Makes the escrow emit at least `events` payment events; returns the block of the last one. */
export async function emitPaymentEvents(sender: WalletClient, bulkPayer: Address, events: number): Promise<bigint> {
  let remaining = Math.ceil(events / EVENTS_PER_PAYMENT);
  let lastBlock = 0n;
  while (remaining > 0) {
    const count = Math.min(remaining, PAYMENTS_PER_TX);
    const receipt = await confirmed(
      sender,
      sender.writeContract({
        address: bulkPayer,
        abi: bulkPayerAbi,
        functionName: 'payAndRelease',
        args: [devAccounts.merchant.address, BigInt(count), AMOUNT],
        value: BigInt(count) * AMOUNT,
        gas: 29_000_000n,
      }),
    );
    lastBlock = receipt.blockNumber;
    remaining -= count;
  }
  return lastBlock;
}
