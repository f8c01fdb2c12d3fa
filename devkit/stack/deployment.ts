// The dev chain's deployment: reused across `npm run dev` restarts while the chain still holds it (anvil
// keeps its state in the dev folder), deployed afresh when the chain or the contract's code is new.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Address, createPublicClient, type Hex, http, keccak256 } from 'viem';
import { pmtEscrowBytecode } from '../../abis/index.js';
import { deployLocalStack } from '../localDeployment.js';

export interface DevDeployment {
  chainId: number;
  escrowAddress: Address;
  tokenAddress: Address;
  startBlock: number;
  /** The deployment block's hash: tells a restarted chain with the same history from a new one. */
  startBlockHash: Hex;
  /** Hash of the escrow's creation code, so an edited contract is redeployed. */
  escrowCodeHash: Hex;
}

export async function devDeployment(
  rpcUrl: string,
  file: string,
): Promise<{ deployment: DevDeployment; reused: boolean }> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId();
  const escrowCodeHash = keccak256(pmtEscrowBytecode);
  const blockHash = (blockNumber: number) =>
    client.getBlock({ blockNumber: BigInt(blockNumber) }).then(
      (block) => block.hash,
      () => undefined,
    );

  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DevDeployment) : undefined;
  if (
    previous?.chainId === chainId &&
    previous.escrowCodeHash === escrowCodeHash &&
    (await blockHash(previous.startBlock)) === previous.startBlockHash
  ) {
    return { deployment: previous, reused: true };
  }

  const deployed = await deployLocalStack(rpcUrl, chainId);
  const deployment: DevDeployment = {
    chainId,
    escrowAddress: deployed.escrowAddress,
    tokenAddress: deployed.tokenAddress,
    startBlock: Number(deployed.startBlock),
    startBlockHash: (await blockHash(Number(deployed.startBlock)))!,
    escrowCodeHash,
  };
  writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return { deployment, reused: false };
}
