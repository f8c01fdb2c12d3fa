// npm run dev — the gateway on one machine: a local anvil chain (or RPC_URL) with the contracts deployed
// and the demo buyer funded. Writes the stack's facts to .dev/stack.json; Ctrl-C stops everything.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { startAnvil, type Anvil } from '../lib/anvil.js';
import { devAccounts, devPrivateKey } from '../lib/devAccounts.js';
import { deployLocalStack } from '../lib/localStack.js';

const stackFile = join(import.meta.dirname, '..', '.dev', 'stack.json');
const DEFAULT_ANVIL_PORT = 8545;

let anvil: Anvil | undefined;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  rmSync(stackFile, { force: true });
  await anvil?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  let rpcUrl = process.env.RPC_URL;
  if (!rpcUrl) {
    anvil = await startAnvil({ port: Number(process.env.ANVIL_PORT ?? DEFAULT_ANVIL_PORT) });
    rpcUrl = anvil.rpcUrl;
  }
  const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
  const deployment = await deployLocalStack(rpcUrl, chainId);

  const stack = {
    rpcUrl,
    chainId,
    escrowAddress: deployment.escrowAddress,
    tokenAddress: deployment.tokenAddress,
    startBlock: Number(deployment.startBlock),
    buyer: { address: devAccounts.buyer.address, privateKey: devPrivateKey(devAccounts.buyer) },
  };
  mkdirSync(join(stackFile, '..'), { recursive: true });
  writeFileSync(stackFile, `${JSON.stringify(stack, null, 2)}\n`);

  console.log(
    [
      '',
      'PMT Gateway dev stack is up',
      `  chain        ${rpcUrl} (chain id ${chainId})`,
      `  escrow       ${deployment.escrowAddress}`,
      `  test token   ${deployment.tokenAddress} (tUSD, 6 decimals)`,
      `  demo buyer   ${stack.buyer.address}`,
      `               private key ${stack.buyer.privateKey} (anvil dev key: import into a browser wallet)`,
      `  stack facts  ${stackFile}`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
} catch (err) {
  console.error(`npm run dev failed: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
