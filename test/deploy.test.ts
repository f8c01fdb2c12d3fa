// `npm run deploy -- --network <preset>` against an anvil started with each preset's chain id (no public
// RPC is reachable from here): it deploys, sets up roles, tokens, treasury and the admin handover, records
// the deployment, and a second run finds everything done and sends nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { type Anvil, startAnvil } from '../devkit/anvil.js';
import { startChild } from '../devkit/childProcess.js';
import { type Deployment, readDeployment } from '../lib/deployments.js';
import { networks, type PresetName } from '../lib/networks.js';
import { projectRoot } from '../lib/projectRoot.js';
import { escrowRoleId } from '../lib/roles.js';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'deploy-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const account = () => privateKeyToAccount(generatePrivateKey());

/** A fresh set of keys and addresses, as an operator would make for a network. */
function operatorSetup() {
  const deployerKey = generatePrivateKey();
  return {
    deployerKey,
    deployer: privateKeyToAccount(deployerKey).address,
    operator: account().address,
    keeper: account().address,
    arbiter: account().address,
    pauser: account().address,
    treasury: account().address,
    safe: account().address,
  };
}

/** The script `npm run deploy` runs, without npm's own start-up (the README's command is run by the first test). */
async function deployScript(network: string, env: Record<string, string>, ...flags: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', '--network', network, ...flags], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    timeout: 120_000,
  }).catch((err: { stdout: string; stderr: string; code: number }) => ({ ...err, failed: true as const }));
}

async function npmDeploy(network: string, env: Record<string, string>, ...flags: string[]) {
  return run('npm', ['run', '--silent', 'deploy', '--', '--network', network, ...flags], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    timeout: 120_000,
  }).catch((err: { stdout: string; stderr: string; code: number }) => ({ ...err, failed: true as const }));
}

/** The settings `setup` deploys with, on `anvil`, recorded in `deployments`. */
function deployEnv(anvil: Anvil, deployments: string, setup: ReturnType<typeof operatorSetup>) {
  return {
    RPC_URL: anvil.rpcUrl,
    DEPLOYMENTS_DIR: deployments,
    DEPLOYER_PRIVATE_KEY: setup.deployerKey,
    OPERATOR_ADDRESS: setup.operator,
    KEEPER_ADDRESS: setup.keeper,
    TREASURY_ADDRESS: setup.treasury,
    ADMIN_ADDRESS: setup.safe,
  };
}

async function fund(anvil: Anvil, address: Address) {
  await createPublicClient({ transport: http(anvil.rpcUrl) }).request({
    method: 'anvil_setBalance' as never,
    params: [address, `0x${parseEther('100').toString(16)}`] as never,
  });
}

const presets = Object.keys(networks) as PresetName[];

/** The preset whose deployment is also dry-run first and run twice; every other is deployed once. */
const FULL_RUN = 'moonbeam';

describe.each(presets)('on %s', (name) => {
  it('deploys, sets the escrow up and records it', async () => {
    const preset = networks[name];
    const anvil = await startAnvil({ chainId: preset.chain.id });
    try {
      const setup = operatorSetup();
      await fund(anvil, setup.deployer);
      const deployments = join(folder, name);
      const env = {
        ...deployEnv(anvil, deployments, setup),
        ARBITER_ADDRESSES: setup.arbiter,
        PAUSER_ADDRESSES: setup.pauser,
      };
      const dry = name === FULL_RUN ? await npmDeploy(name, env, '--dry-run') : undefined;
      if (dry) {
        expect(dry.stdout).toMatch(/would deploy PMTEscrow from 0x\w+ \(nonce 0\) at (0x\w{40})/);
        expect(readDeployment(join(deployments, `${name}.json`)), 'a dry run writes nothing').toBeUndefined();
      }

      const first = name === FULL_RUN ? await npmDeploy(name, env) : await deployScript(name, env);
      expect(first, first.stderr).not.toHaveProperty('failed');
      const deployment = readDeployment(join(deployments, `${name}.json`)) as Deployment;
      expect(deployment).toMatchObject({ network: name, chainId: preset.chain.id, deployer: setup.deployer });
      expect(deployment.pending).toBeUndefined();
      if (dry) expect(dry.stdout).toContain(`at ${deployment.escrow}`);

      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      const read = (functionName: string, args: readonly unknown[] = []) =>
        client.readContract({ address: deployment.escrow, abi: pmtEscrowAbi, functionName, args } as never);
      for (const [role, member] of [
        ['OPERATOR_ROLE', setup.operator],
        ['KEEPER_ROLE', setup.keeper],
        ['ARBITER_ROLE', setup.arbiter],
        ['PAUSER_ROLE', setup.pauser],
      ] as const) {
        expect(await read('hasRole', [escrowRoleId(role), member]), role).toBe(true);
      }
      for (const token of preset.tokens) expect(await read('isTokenAllowed', [token.address]), token.symbol).toBe(true);
      expect(await read('treasury')).toBe(setup.treasury);
      expect(await read('defaultAdmin'), 'the deployer administers until the Safe accepts').toBe(setup.deployer);
      expect(((await read('pendingDefaultAdmin')) as [Address, number])[0]).toBe(setup.safe);
      expect(await read('defaultAdminDelay')).toBe(preset.mode === 'live' ? 2 * 86_400 : 0);

      if (name !== FULL_RUN) return;
      const blockBefore = await client.getBlockNumber();
      const second = await deployScript(name, env);
      expect(second, second.stderr).not.toHaveProperty('failed');
      expect(second.stdout).not.toMatch(/transaction 0x/);
      expect(second.stdout.match(/already done/g)).toHaveLength(6 + preset.tokens.length);
      expect(await client.getBlockNumber(), 'nothing was mined').toBe(blockBefore);
    } finally {
      await anvil.stop();
    }
  }, 180_000);
});

describe('a deployment cut short', () => {
  it('is finished by the next run with the transaction it had signed, never deployed twice', async () => {
    const anvil = await startAnvil({ chainId: networks['polkadot-hub'].chain.id, args: ['--no-mining'] });
    try {
      const setup = operatorSetup();
      await fund(anvil, setup.deployer);
      const deployments = join(folder, 'cut-short');
      const env = deployEnv(anvil, deployments, setup);
      // With mining off, the first run signs, records and broadcasts, then waits for a block that never comes:
      // it is killed there, as a crash or a lost connection would end it.
      const first = startChild({
        name: 'deploy',
        command: process.execPath,
        args: ['--import', 'tsx', 'scripts/deploy.ts', '--network', 'polkadot-hub'],
        cwd: projectRoot,
        env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
      });
      await first.waitForOutput('deploying PMTEscrow at', 60_000);
      await first.kill();
      const file = join(deployments, 'polkadot-hub.json');
      const recorded = readDeployment(file) as Deployment;
      expect(recorded.pending).toBeDefined();

      // The node forgets the transaction (as a restarted node or a dropped mempool would), then mines again.
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      await client.request({ method: 'anvil_dropAllTransactions' as never });
      await client.request({ method: 'evm_setAutomine' as never, params: [true] as never });
      const second = await deployScript('polkadot-hub', env);
      expect(second, second.stderr).not.toHaveProperty('failed');
      const finished = readDeployment(file) as Deployment;
      expect(finished.escrow).toBe(recorded.escrow);
      expect(finished.deployTransaction).toBe(recorded.deployTransaction);
      expect(finished.pending).toBeUndefined();
      expect(second.stdout, 'the recorded transaction is broadcast again').toContain(
        `deploying PMTEscrow at ${recorded.escrow} (transaction ${recorded.deployTransaction})`,
      );
      // One deployment, then two grants, the Hub's two stablecoins and the handover: one escrow only.
      expect(await client.getTransactionCount({ address: setup.deployer })).toBe(1 + 2 + 2 + 1);
      expect(await client.getCode({ address: recorded.escrow })).not.toBe('0x');
    } finally {
      await anvil.stop();
    }
  }, 120_000);

  it('refuses a deployment file recorded from other code', async () => {
    const deployments = join(folder, 'other-code');
    const file = join(deployments, 'moonbeam.json');
    const setup = operatorSetup();
    const anvil = await startAnvil({ chainId: 1284 });
    try {
      await fund(anvil, setup.deployer);
      const env = deployEnv(anvil, deployments, setup);
      expect(await deployScript('moonbeam', env)).not.toHaveProperty('failed');
      const recorded = JSON.parse(readFileSync(file, 'utf8')) as Deployment;
      writeFileSync(file, JSON.stringify({ ...recorded, bytecodeHash: `0x${'ab'.repeat(32)}` as Hex }));
      const refused = await deployScript('moonbeam', env);
      expect(refused).toHaveProperty('failed');
      expect(refused.stderr).toMatch(/records an escrow built from other code[\s\S]*move that file aside/);
    } finally {
      await anvil.stop();
    }
  }, 120_000);
});
