// /readyz against a real indexer: ready while it keeps up with the chain, not ready (503, with the lag)
// once it falls further behind than READY_MAX_INDEXER_LAG_BLOCKS, and ready again when it catches up;
// not ready either while the signer lacks OPERATOR_ROLE, which its metrics report for the alert.
import { createTestClient, http } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { confirmed, walletClientFor } from '../lib/chain.js';
import { escrowRoleId } from '../lib/roles.js';
import { type ApiStack, startApiStack } from '../test/harness/apiStack.js';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ READY_MAX_INDEXER_LAG_BLOCKS: '5' });
});
afterAll(async () => {
  await stack?.stop();
});

const readiness = async () => {
  const response = await fetch(`${stack.url}/readyz`);
  return { status: response.status, body: (await response.json()) as any };
};

it('is ready while the indexer keeps up, and says how far behind it is when it does not', async () => {
  await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(200);
  expect((await readiness()).body).toMatchObject({
    status: 'ready',
    checks: {
      database: { ok: true },
      'indexer:anvil': { ok: true, network: 'anvil', max_lag_blocks: 5 },
      'operator:anvil': { ok: true },
    },
  });

  const indexer = stack.indexer.process.pid!;
  process.kill(indexer, 'SIGSTOP');
  try {
    await createTestClient({ mode: 'anvil', transport: http(stack.indexer.settings.rpcUrl) }).mine({ blocks: 10 });
    await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(503);
    const { body } = await readiness();
    expect(body.status).toBe('not_ready');
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks['indexer:anvil'].ok).toBe(false);
    expect(body.checks['indexer:anvil'].lag_blocks).toBeGreaterThan(5);
  } finally {
    process.kill(indexer, 'SIGCONT');
  }
  await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(200);
});

it('is not ready, and its metrics say so for the alert, once the signer loses OPERATOR_ROLE', async () => {
  const admin = walletClientFor(stack.chain, devAccounts.admin);
  const operatorRole = (functionName: 'revokeRole' | 'grantRole') =>
    confirmed(
      admin,
      admin.writeContract({
        address: stack.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName,
        args: [escrowRoleId('OPERATOR_ROLE'), devAccounts.operator.address],
      }),
    );
  const roleGauge = async () =>
    /pmt_signer_has_role\{role="OPERATOR_ROLE",network="anvil"\} (\d)/.exec(
      await (await fetch(`${stack.url}/metrics`)).text(),
    )?.[1];
  expect(await roleGauge()).toBe('1');
  await operatorRole('revokeRole');
  try {
    expect(await roleGauge()).toBe('0');
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.checks['operator:anvil']).toEqual({
      ok: false,
      address: devAccounts.operator.address,
      has_operator_role: false,
    });
  } finally {
    await operatorRole('grantRole');
  }
  expect(await roleGauge()).toBe('1');
});
