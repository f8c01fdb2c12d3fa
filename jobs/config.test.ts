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
  expect(readWorkerConfig({ ...required, PMT_NETWORK: 'moonbeam' }).finality).toEqual({ kind: 'finalizedTag' });
});

it('names every bad variable at once', () => {
  expect(() => readWorkerConfig({ WORKER_CONCURRENCY: '0', WORKER_POLL_INTERVAL_MS: 'soon' })).toThrow(
    /DATABASE_URL: not set\n {2}WORKER_CONCURRENCY: .*\n {2}WORKER_POLL_INTERVAL_MS: a whole number\n {2}ESCROW_ADDRESS: not set/,
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
    expect(() => readWorkerConfig(withoutKey)).toThrow(/KEEPER_PRIVATE_KEY or KEEPER_PRIVATE_KEY_FILE/);
    const file = join(folder, 'both');
    writeFileSync(file, key);
    expect(() => readWorkerConfig({ ...required, KEEPER_PRIVATE_KEY_FILE: file })).toThrow(/not both/);
    const bad = join(folder, 'bad');
    writeFileSync(bad, '0xsecretbutwrong');
    expect(() => readWorkerConfig({ ...withoutKey, KEEPER_PRIVATE_KEY_FILE: bad })).toThrow(
      /^(?!.*secretbutwrong).*does not hold a 0x-prefixed 32-byte hex private key/,
    );
    expect(() => readWorkerConfig({ ...withoutKey, KEEPER_PRIVATE_KEY_FILE: join(folder, 'missing') })).toThrow(
      /cannot read KEEPER_PRIVATE_KEY_FILE/,
    );
    expect(() => readWorkerConfig({ ...required, KEEPER_PRIVATE_KEY: '0xsecretbutwrong' })).toThrow(
      /^(?!.*secretbutwrong)[\s\S]*KEEPER_PRIVATE_KEY: a 0x-prefixed 32-byte hex private key/,
    );
  });
});

it('refuses the fault switch on live networks', () => {
  expect(readWorkerConfig({ ...required, KEEPER_FAULT: 'after-broadcast' }).keeper.fault).toBe('after-broadcast');
  expect(() => readWorkerConfig({ ...required, PMT_NETWORK: 'moonbeam', KEEPER_FAULT: 'after-broadcast' })).toThrow(
    /refused on moonbeam/,
  );
});
