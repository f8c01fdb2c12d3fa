// Reading and encoding contract calls through the wallet's provider, and the revert reasons of the escrow
// as the buyer should read them.
import { type Abi, type ContractFunctionName, decodeErrorResult, decodeFunctionResult, encodeFunctionData } from 'viem';
import { pmtEscrowAbi } from '../../abis/pmtEscrow.js';
import { ask, type Provider } from './provider.js';
import type { Hex } from './types.js';

/** An `eth_call` of `functionName` on `address`, decoded. */
export async function read<const abi extends Abi, name extends ContractFunctionName<abi, 'view' | 'pure'>>(
  provider: Provider,
  call: { address: Hex; abi: abi; functionName: name; args?: readonly unknown[] },
): Promise<unknown> {
  const data = encodeFunctionData(call as never);
  const result = await ask<Hex>(provider, 'eth_call', [{ to: call.address, data }, 'latest']);
  return decodeFunctionResult({ abi: call.abi, functionName: call.functionName, data: result } as never);
}

/** The escrow's custom error in `data`, by name, or undefined when it is not one of the escrow's. */
export function escrowErrorName(data: Hex | undefined): string | undefined {
  if (!data || data === '0x') return undefined;
  try {
    return decodeErrorResult({ abi: pmtEscrowAbi, data }).errorName;
  } catch {
    return undefined;
  }
}

export { pmtEscrowAbi };
