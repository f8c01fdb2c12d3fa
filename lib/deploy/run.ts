// `npm run deploy`: deploys PMTEscrow from the deployer key and sets it up (lib/deploy/plan.ts), recording
// it in `deployments/<network>.json`. The deploying transaction is signed and written to that file before
// it is broadcast, so a run cut short anywhere is finished by the next run (broadcasting the same signed
// transaction again if the chain lost it) and never deploys a second escrow.
import {
  type Address,
  encodeDeployData,
  getContractAddress,
  type Hex,
  isAddressEqual,
  keccak256,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { pmtEscrowAbi, pmtEscrowBytecode } from '../../abis/index.js';
import { confirmed, type WalletClient, walletClientFor } from '../chain.js';
import { type Deployment, readDeployment, writeDeployment } from '../deployments.js';
import type { Network } from '../settings/network.js';
import { printableUrl } from '../settings/redact.js';
import { type DeployTarget, type SetupStep, setupSteps } from './plan.js';

export interface DeployOptions {
  network: Network;
  deployerKey: Hex;
  target: Omit<DeployTarget, 'deployer'>;
  /** The deployment file (`deployments/<network>.json`). */
  file: string;
  /** List every transaction that would be sent, and send none. */
  dryRun: boolean;
  log: (line: string) => void;
}

export interface DeployOutcome {
  escrow: Address;
  /** Undefined on a dry run of a deployment not yet sent. */
  deployment?: Deployment;
  /** Steps the admin multisig must make itself, because the handover happened before they were done. */
  forMultisig: SetupStep[];
}

export async function deploy(options: DeployOptions): Promise<DeployOutcome> {
  const { network, dryRun, log, file } = options;
  const account = privateKeyToAccount(options.deployerKey);
  const client = walletClientFor(network.chain, account);
  const chainId = await client.getChainId().catch((err: Error & { shortMessage?: string }) => {
    throw new Error(
      `cannot reach ${printableUrl(network.rpcUrl)} (${err.shortMessage ?? err.name}): set RPC_URL to a node`,
    );
  });
  if (chainId !== network.chain.id) {
    throw new Error(
      `RPC_URL serves chain ${chainId}, not ${network.name} (${network.chain.id}): point it at ${network.name}`,
    );
  }
  const target: DeployTarget = { ...options.target, deployer: account.address };
  const args = [account.address, target.adminDelaySeconds, target.treasury] as const;
  const bytecodeHash = keccak256(pmtEscrowBytecode);
  const recorded = readDeployment(file);
  if (recorded) checkRecorded(recorded, { file, bytecodeHash, deployer: account.address, chainId });

  let deployment = recorded;
  if (!deployment) {
    const nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' });
    const escrow = getContractAddress({ from: account.address, nonce: BigInt(nonce) });
    if (dryRun) {
      log(`would deploy PMTEscrow from ${account.address} (nonce ${nonce}) at ${escrow}, admin delay ${args[1]} s`);
      for (const step of setupSteps(client, target)) log(`would ${step.description}`);
      return { escrow, forMultisig: [] };
    }
    const request = await client.prepareTransactionRequest({
      data: encodeDeployData({ abi: pmtEscrowAbi, bytecode: pmtEscrowBytecode, args }),
      nonce,
    });
    const raw = await account.signTransaction(request as never);
    deployment = {
      network: network.name,
      chainId,
      escrow,
      deployer: account.address,
      bytecodeHash,
      deployTransaction: keccak256(raw),
      pending: { nonce, raw },
    };
    writeDeployment(file, deployment);
  }
  if (deployment.pending) {
    const receipt = await landDeployment(client, deployment, { dryRun, log });
    if (!receipt) return { escrow: deployment.escrow, deployment, forMultisig: [] };
    deployment = {
      ...deployment,
      pending: undefined,
      startBlock: Number(receipt.blockNumber),
      deployedAt: new Date().toISOString(),
    };
    writeDeployment(file, deployment);
    log(`deployed PMTEscrow at ${deployment.escrow} in block ${deployment.startBlock}`);
  }
  const forMultisig = await setUp(client, deployment.escrow, target, { dryRun, log });
  return { escrow: deployment.escrow, deployment, forMultisig };
}

function checkRecorded(
  recorded: Deployment,
  expected: { file: string; bytecodeHash: Hex; deployer: Address; chainId: number },
): void {
  if (recorded.chainId !== expected.chainId) {
    throw new Error(`${expected.file} records a deployment on chain ${recorded.chainId}, not ${expected.chainId}`);
  }
  if (recorded.bytecodeHash !== expected.bytecodeHash) {
    throw new Error(
      `${expected.file} records an escrow built from other code (${recorded.bytecodeHash}). To deploy this version ` +
        'beside it, move that file aside first (docs/runbook.md, "Upgrade to a new escrow version").',
    );
  }
  if (!isAddressEqual(recorded.deployer, expected.deployer)) {
    throw new Error(
      `${expected.file} was deployed by ${recorded.deployer}; finish it with that DEPLOYER_PRIVATE_KEY, not ${expected.deployer}`,
    );
  }
}

/** The deploying transaction's receipt, broadcasting it again when the chain does not have it. */
async function landDeployment(
  client: WalletClient,
  deployment: Deployment,
  { dryRun, log }: { dryRun: boolean; log: (line: string) => void },
): Promise<TransactionReceipt | undefined> {
  const { nonce, raw } = deployment.pending!;
  const hash = deployment.deployTransaction;
  const known = await client.getTransaction({ hash }).then(
    () => true,
    () => false,
  );
  if (!known) {
    const used = await client.getTransactionCount({ address: deployment.deployer, blockTag: 'latest' });
    if (used > nonce) {
      throw new Error(
        `the deployer's nonce ${nonce} went to another transaction, so ${deployment.escrow} was never deployed: ` +
          'delete the deployment file and run the command again',
      );
    }
    if (dryRun) {
      log(`would broadcast the recorded deploying transaction ${hash}`);
      return undefined;
    }
    log(`deploying PMTEscrow at ${deployment.escrow} (transaction ${hash})`);
    await client.sendRawTransaction({ serializedTransaction: raw });
  }
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') {
    throw new Error(`the deploying transaction ${hash} reverted: delete the deployment file and run the command again`);
  }
  return receipt;
}

/** Sends each setup step the escrow does not show yet; returns those only the new admin can now make. */
async function setUp(
  client: WalletClient,
  escrow: Address,
  target: DeployTarget,
  { dryRun, log }: { dryRun: boolean; log: (line: string) => void },
): Promise<SetupStep[]> {
  const read = (functionName: 'defaultAdmin') =>
    client.readContract({ address: escrow, abi: pmtEscrowAbi, functionName });
  const deployerIsAdmin = isAddressEqual(await read('defaultAdmin'), target.deployer);
  const forMultisig: SetupStep[] = [];
  for (const step of setupSteps(client, target)) {
    if (await step.done(escrow)) {
      log(`already done: ${step.description}`);
    } else if (!deployerIsAdmin) {
      forMultisig.push(step);
    } else if (dryRun) {
      log(`would ${step.description}: call ${escrow} with ${step.data}`);
    } else {
      const receipt = await confirmed(client, client.sendTransaction({ to: escrow, data: step.data }));
      log(`${step.description} (transaction ${receipt.transactionHash})`);
    }
  }
  for (const step of forMultisig) log(`for the admin multisig: ${step.description}: call ${escrow} with ${step.data}`);
  return forMultisig;
}
