import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkerConfig } from './config.js';

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

it('refuses several networks until the worker serves them, naming them', () => {
  expect(() =>
    readWorkerConfig({
      DATABASE_URL: 'postgres://u:p@h/db',
      KEEPER_PRIVATE_KEY: `0x${'b1'.repeat(32)}`,
      NETWORKS: 'anvil,anvil-2',
      ESCROW_ADDRESS_ANVIL: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      ESCROW_ADDRESS_ANVIL_2: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    }),
  ).toThrow(/NETWORKS: lists anvil, anvil-2; this process serves one network so far/);
});
