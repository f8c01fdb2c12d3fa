// `npm run escrow` as the runbook uses it: the calldata of a role change for the admin multisig, a
// pauser's own `pause()` sent from its key file, and a call the escrow refuses, printed as the escrow's
// error by name with its arguments, and never sent.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, encodeFunctionData, http } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { deployLocalStack, type LocalDeployment } from '../devkit/localDeployment.js';
import { projectRoot } from '../lib/projectRoot.js';
import { escrowRoleId } from '../lib/roles.js';
import { fileNode } from '../test/harness/fileNode.js';

const node = await fileNode('escrow_command');
const folder = mkdtempSync(join(tmpdir(), 'escrow-command-'));
let deployment: LocalDeployment;

/** Runs the command to its end (its transactions wait for anvil to mine them, so it runs beside this process). */
function escrow(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'escrow.ts'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ESCROW_ADDRESS: deployment.escrowAddress, RPC_URL: node.rpcUrl },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, ...out })));
}

const keyFile = (name: keyof typeof devAccounts) => {
  const file = join(folder, name);
  writeFileSync(file, `${devPrivateKey(devAccounts[name])}\n`, { mode: 0o600 });
  return file;
};

const paused = () =>
  createPublicClient({ transport: http(node.rpcUrl) }).readContract({
    address: deployment.escrowAddress,
    abi: pmtEscrowAbi,
    functionName: 'paused',
  });

beforeAll(async () => {
  deployment = await deployLocalStack(node.rpcUrl, node.chainId);
});

describe('npm run escrow', () => {
  it('prints the calldata of a role change, the role given by name', async () => {
    const run = await escrow('calldata', 'grantRole', 'OPERATOR_ROLE', devAccounts.buyer.address);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(
      encodeFunctionData({
        abi: pmtEscrowAbi,
        functionName: 'grantRole',
        args: [escrowRoleId('OPERATOR_ROLE'), devAccounts.buyer.address],
      }),
    );
  });

  it('sends a pauser’s pause() from its key file', async () => {
    const run = await escrow('call', '--key-file', keyFile('admin'), 'pause');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^0x[0-9a-f]{64} mined in block \d+\n$/);
    expect(await paused()).toBe(true);
    expect((await escrow('call', '--key-file', keyFile('admin'), 'unpause')).status).toBe(0);
    expect(await paused()).toBe(false);
  });

  it('prints what the escrow refuses by its error’s name and arguments, and sends nothing', async () => {
    const run = await escrow('call', '--key-file', keyFile('buyer'), 'pause');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `pause from ${devAccounts.buyer.address}: the escrow refuses it: AccessControlUnauthorizedAccount(account: ${devAccounts.buyer.address}, neededRole: ${escrowRoleId('PAUSER_ROLE')})`,
    );
    expect(await paused()).toBe(false);
  });

  it('names what is wrong with the command itself', async () => {
    const unknown = await escrow('calldata', 'pauze');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/the escrow has no function "pauze"; it has .*\bpause\b/);
    const count = await escrow('calldata', 'grantRole', 'OPERATOR_ROLE');
    expect(count.stderr).toContain('grantRole takes 2 argument(s) (bytes32 role, address account); got 1');
  });
});
