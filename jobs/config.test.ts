import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkerConfigs } from './config.js';

/** The default network's config. */
const readWorkerConfig = (env: NodeJS.ProcessEnv) => readWorkerConfigs(env)[0]!;

const key = `0x${'11'.repeat(32)}`;
const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  KEEPER_PRIVATE_KEY: key,
};

it('reads the defaults: anvil, the preset finality, 50 payments per release', () => {
  expect(readWorkerConfig(required)).toMatchObject({
    databaseUrl: required.DATABASE_URL,
    concurrency: 5,
    pollIntervalMs: 2_000,
    network: 'anvil',
    rpcUrl: 'http://127.0.0.1:8545',
    viewsSchema: 'pmt',
    finality: { kind: 'depth', blocks: 0 },
    keeper: { privateKey: key, replaceAfterMs: 120_000, maxAttempts: 5, maxFeePerGas: undefined, fault: undefined },
    releaseBatchSize: 50,
  });
  const live = { ...required, PMT_NETWORK: 'moonbeam', PUBLIC_URL: 'https://pay.shop.test' };
  expect(readWorkerConfig(live).finality).toEqual({ kind: 'finalizedTag' });
});

it('names every bad variable at once', () => {
  expect(() => readWorkerConfig({ WORKER_CONCURRENCY: '0', WORKER_POLL_INTERVAL_MS: 'soon' })).toThrow(
    /cannot start: 5 settings are wrong\.\n {2}DATABASE_URL: not set; needs a postgres:\/\/ or postgresql:\/\/ connection string\n {2}WORKER_CONCURRENCY: got "0"; needs a whole number from 1 to 100\n {2}WORKER_POLL_INTERVAL_MS: got "soon"; needs a whole number of ms from 100 to 3600000\n {2}KEEPER_PRIVATE_KEY: not set; needs .*\n {2}ESCROW_ADDRESS: not set \(needed without .*deployments\/anvil\.json: run `npm run deploy -- --network anvil` first, or set it\); needs a 0x-prefixed 20-byte address with a valid checksum\n[^ ]/,
  );
});

describe('the keeper key', () => {
  const folder = mkdtempSync(join(tmpdir(), 'keeper-key-'));

  it('comes from KEEPER_PRIVATE_KEY_FILE, first line, trimmed', () => {
    const file = join(folder, 'key');
    writeFileSync(file, `${key}\n`);
    const { KEEPER_PRIVATE_KEY: _, ...withoutKey } = required;
    expect(readWorkerConfig({ ...withoutKey, KEEPER_PRIVATE_KEY_FILE: file }).keeper.privateKey).toBe(key);
  });

  it('is required, from one place only, and never echoed when malformed', () => {
    const { KEEPER_PRIVATE_KEY: _, ...withoutKey } = required;
    expect(() => readWorkerConfig(withoutKey)).toThrow(/KEEPER_PRIVATE_KEY: not set/);
    const file = join(folder, 'both');
    writeFileSync(file, key);
    expect(() => readWorkerConfig({ ...required, KEEPER_PRIVATE_KEY_FILE: file })).toThrow(
      /KEEPER_PRIVATE_KEY and KEEPER_PRIVATE_KEY_FILE: both set; needs one of them/,
    );
    const bad = join(folder, 'bad');
    writeFileSync(bad, '0xsecretbutwrong');
    expect(() => readWorkerConfig({ ...withoutKey, KEEPER_PRIVATE_KEY_FILE: bad })).toThrow(
      /^(?![\s\S]*secretbutwrong)[\s\S]*KEEPER_PRIVATE_KEY: got a secret value \(16 characters, not shown\); needs a 0x-prefixed 32-byte hex private key/,
    );
    expect(() => readWorkerConfig({ ...withoutKey, KEEPER_PRIVATE_KEY_FILE: join(folder, 'missing') })).toThrow(
      /KEEPER_PRIVATE_KEY_FILE: got ".*missing"; needs a readable file holding a 0x-prefixed 32-byte hex private key \(ENOENT/,
    );
    expect(() => readWorkerConfig({ ...required, KEEPER_PRIVATE_KEY: '0xsecretbutwrong' })).toThrow(
      /^(?![\s\S]*secretbutwrong)[\s\S]*KEEPER_PRIVATE_KEY: got a secret value \(16 characters, not shown\)/,
    );
  });
});

it('refuses the fault switch on live networks', () => {
  expect(readWorkerConfig({ ...required, KEEPER_FAULT: 'after-broadcast' }).keeper.fault).toBe('after-broadcast');
  expect(() =>
    readWorkerConfig({
      ...required,
      PMT_NETWORK: 'moonbeam',
      PUBLIC_URL: 'https://pay.shop.test',
      KEEPER_FAULT: 'after-broadcast',
    }),
  ).toThrow(/KEEPER_FAULT: got "after-broadcast"; needs to be unset on the live network moonbeam/);
});

it('reads each network listed with its own chain, escrow and keeper, the shared settings alike', () => {
  const configs = readWorkerConfigs({
    DATABASE_URL: 'postgres://u:p@h/db',
    KEEPER_PRIVATE_KEY: `0x${'b1'.repeat(32)}`,
    KEEPER_PRIVATE_KEY_ANVIL_2: `0x${'b2'.repeat(32)}`,
    NETWORKS: 'anvil,anvil-2',
    ESCROW_ADDRESS_ANVIL: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    ESCROW_ADDRESS_ANVIL_2: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    RPC_URL_ANVIL_2: 'http://127.0.0.1:8546',
  });
  expect(
    configs.map(({ network, chain, escrowAddress, rpcUrl, keeper, networkViewsSchema, workerSchema }) => ({
      network,
      chainId: chain.id,
      escrowAddress,
      rpcUrl,
      key: keeper.privateKey,
      networkViewsSchema,
      workerSchema,
    })),
  ).toEqual([
    {
      network: 'anvil',
      chainId: 31_337,
      escrowAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      rpcUrl: 'http://127.0.0.1:8545',
      key: `0x${'b1'.repeat(32)}`,
      networkViewsSchema: 'pmt_anvil',
      workerSchema: 'graphile_worker',
    },
    {
      network: 'anvil-2',
      chainId: 31_338,
      escrowAddress: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      rpcUrl: 'http://127.0.0.1:8546',
      key: `0x${'b2'.repeat(32)}`,
      networkViewsSchema: 'pmt_anvil_2',
      workerSchema: 'graphile_worker',
    },
  ]);
});
