import { describe, expect, it } from 'vitest';
import { indexerEnvVars, readIndexerEnv } from './env.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  ESCROW_ADDRESS: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  ESCROW_START_BLOCK: '12',
};

describe('readIndexerEnv', () => {
  it('fills in the preset: chain id, public RPC, finality, polling, caching', () => {
    const env = readIndexerEnv({ ...required, PMT_NETWORK: 'moonbeam' });
    expect(env).toMatchObject({
      network: 'moonbeam',
      chainId: 1284,
      rpcUrl: 'https://rpc.api.moonbeam.network',
      escrowAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      startBlock: 12,
      finality: { kind: 'finalizedTag' },
      pollingIntervalMs: 2_000,
      cacheRpc: true,
      port: 42069,
      viewsSchema: 'pmt',
    });
  });

  it('defaults to anvil, where every block counts as final and nothing is cached', () => {
    expect(readIndexerEnv(required)).toMatchObject({
      network: 'anvil',
      chainId: 31337,
      finality: { kind: 'depth', blocks: 0 },
      cacheRpc: false,
    });
  });

  it('round-trips through the variables a parent process passes on', () => {
    const env = readIndexerEnv({
      ...required,
      PMT_NETWORK: 'moonriver',
      FINALITY_DEPTH: '7',
      RPC_URL: 'http://node:9944',
    });
    expect(env.finality).toEqual({ kind: 'depth', blocks: 7 });
    expect(readIndexerEnv(indexerEnvVars(env))).toEqual(env);
    const finalizing = readIndexerEnv({ ...required, PMT_NETWORK: 'moonriver' });
    expect(readIndexerEnv(indexerEnvVars(finalizing))).toEqual(finalizing);
  });

  it('treats a variable set to nothing as unset, never as 0', () => {
    expect(
      readIndexerEnv({ ...required, PMT_NETWORK: 'moonbeam', FINALITY_DEPTH: '', INDEXER_PORT: '' }),
    ).toMatchObject({ finality: { kind: 'finalizedTag' }, port: 42069 });
    expect(() => readIndexerEnv({ ...required, ESCROW_START_BLOCK: '' })).toThrow(/ESCROW_START_BLOCK: not set/);
    expect(() => readIndexerEnv({ ...required, FINALITY_DEPTH: '-1' })).toThrow(
      /FINALITY_DEPTH: got "-1"; needs a whole number of blocks/,
    );
  });

  it('names every missing or malformed setting at once', () => {
    expect(() =>
      readIndexerEnv({
        ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aA3',
        PMT_NETWORK: 'ethereum',
        INDEXER_VIEWS_SCHEMA: 'Bad-Name',
      }),
    ).toThrow(
      /PMT_NETWORK: got "ethereum"; needs one of anvil, [\s\S]*DATABASE_URL: not set[\s\S]*INDEXER_VIEWS_SCHEMA: got "Bad-Name"[\s\S]*ESCROW_ADDRESS: got "0x5FbDB2315678afecb367f032d93F642f64180aA3"; needs a 0x-prefixed 20-byte address with a valid checksum/,
    );
  });
});
