// The deposit address the API computes offline is the one the escrow sweeps from: checked against the
// contract's own view, and by a plain transfer to it that the keeper then sweeps into escrow.
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { fileNode } from '../test/harness/fileNode.js';
import { confirmed, localChain, walletClientFor } from './chain.js';
import { depositAddressOf, depositForwarderOf } from './depositAddress.js';
import { type EscrowIntent, NATIVE_TOKEN, newPaymentId, signPaymentIntent } from './intent.js';

const { rpcUrl, chainId } = await fileNode('deposit_address');
const { escrowAddress: escrow, tokenAddress } = await deployLocalStack(rpcUrl, chainId);
const chain = localChain(chainId, rpcUrl);
const buyer = walletClientFor(chain, devAccounts.buyer);
const keeper = walletClientFor(chain, devAccounts.keeper);
const domain = { chainId, escrow };

async function anIntent(token = NATIVE_TOKEN, amount = parseEther('0.01')): Promise<EscrowIntent> {
  const deadline = (await buyer.getBlock()).timestamp + 900n;
  return {
    id: newPaymentId(deadline),
    merchant: devAccounts.merchant.address,
    token,
    amount,
    feeBps: 100,
    deadline,
    holdPeriod: 3600n,
  };
}

describe('deposit addresses', () => {
  it('are computed offline exactly as the escrow computes them', async () => {
    expect(depositForwarderOf(escrow)).toBe(
      await buyer.readContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'DEPOSIT_FORWARDER' }),
    );
    for (const intent of [await anIntent(), await anIntent(tokenAddress, 25_000_000n)]) {
      expect(depositAddressOf(domain, intent)).toBe(
        await buyer.readContract({
          address: escrow,
          abi: pmtEscrowAbi,
          functionName: 'depositAddress',
          args: [intent],
        }),
      );
    }
  });

  it('receive a plain transfer that the keeper then sweeps into escrow for that intent', async () => {
    const intent = await anIntent();
    const deposit = depositAddressOf(domain, intent);
    await confirmed(buyer, buyer.sendTransaction({ to: deposit, value: intent.amount }));
    const signature = await signPaymentIntent(devAccounts.operator, domain, intent);
    await confirmed(
      keeper,
      keeper.writeContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'sweep',
        args: [intent, signature, buyer.account.address],
      }),
    );
    expect(await buyer.getBalance({ address: deposit })).toBe(0n);
    expect(
      await buyer.readContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'paymentCommitment',
        args: [intent.id],
      }),
    ).not.toBe(`0x${'0'.repeat(64)}`);
  });
});
