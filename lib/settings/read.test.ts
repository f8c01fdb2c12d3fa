import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDeployment } from '../deployments.js';
import { loadDotEnv } from './dotenv.js';
import { readSettings } from './read.js';
import { variables } from './variables.js';

const folder = mkdtempSync(join(tmpdir(), 'settings-'));
const ownKey = (byte: string) => `0x${byte.repeat(32)}`;
/** anvil's account #0: its key is in every tutorial. */
const PUBLISHED_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const escrow = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

const liveApi = {
  PMT_NETWORK: 'polkadot-hub',
  DATABASE_URL: 'postgres://pmt:s3cret-Pa55@db.internal:5432/pmt',
  ESCROW_ADDRESS: escrow,
  OPERATOR_PRIVATE_KEY: ownKey('a1'),
  PUBLIC_URL: 'https://pay.shop.test',
  PRICE_RATES: '{"DOT":{"USD":"4.5"}}',
};

describe('a custom chain', () => {
  const custom = {
    PMT_NETWORK: 'custom',
    CHAIN_ID: '4242',
    CHAIN_NAME: 'Shop Chain',
    CHAIN_CURRENCY_SYMBOL: 'SHOP',
    RPC_URL: 'http://10.0.0.5:8545',
    DATABASE_URL: 'postgres://u:p@h/db',
  };

  it('is described by configuration: id, name, currency, explorer, finality', () => {
    const { network } = readSettings('operator', {
      ...custom,
      CHAIN_CURRENCY_DECIMALS: '12',
      CHAIN_EXPLORER_URL: 'https://scan.shop.test/',
      FINALITY_DEPTH: '12',
      CHAIN_TESTNET: 'true',
    });
    expect(network).toMatchObject({
      name: 'custom',
      deploymentName: 'custom-4242',
      mode: 'test',
      rpcUrl: 'http://10.0.0.5:8545',
      finality: { kind: 'depth', blocks: 12 },
      chain: {
        id: 4242,
        name: 'Shop Chain',
        nativeCurrency: { symbol: 'SHOP', decimals: 12 },
        blockExplorers: { default: { url: 'https://scan.shop.test' } },
      },
    });
  });

  it("is live unless it says otherwise, and final by the node's finalized tag unless given a depth", () => {
    const { network } = readSettings('operator', custom);
    expect(network).toMatchObject({ mode: 'live', finality: { kind: 'finalizedTag' } });
  });

  it('names each missing part', () => {
    expect(() => readSettings('operator', { PMT_NETWORK: 'custom', DATABASE_URL: 'postgres://u:p@h/db' })).toThrow(
      /4 settings are wrong\.\n {2}CHAIN_ID: not set \(needed with PMT_NETWORK=custom\); needs a whole number \(EIP-155 chain id\)\n {2}CHAIN_NAME: not set[^\n]*\n {2}CHAIN_CURRENCY_SYMBOL: not set[^\n]*\n {2}RPC_URL: not set/,
    );
  });
});

describe('the escrow', () => {
  it("is read from the network's deployment file when ESCROW_ADDRESS is unset", () => {
    const dir = join(folder, 'deployments');
    writeDeployment(join(dir, 'moonbeam.json'), {
      network: 'moonbeam',
      chainId: 1284,
      escrow: escrow.toLowerCase() as `0x${string}`,
      deployer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      bytecodeHash: `0x${'00'.repeat(32)}`,
      deployTransaction: `0x${'11'.repeat(32)}`,
      startBlock: 7_000_123,
    });
    const env = { DEPLOYMENTS_DIR: dir, PMT_NETWORK: 'moonbeam', DATABASE_URL: 'postgres://u:p@h/db' };
    expect(readSettings('indexer', env).escrow).toEqual({ address: escrow, startBlock: 7_000_123 });
    expect(() => readSettings('indexer', { ...env, PMT_NETWORK: 'moonriver' })).toThrow(
      /ESCROW_ADDRESS: not set \(needed without .*moonriver\.json: run `npm run deploy -- --network moonriver` first, or set it\)/,
    );
  });

  it('is refused from a deployment file of another chain or one not finished', () => {
    const dir = join(folder, 'mixed');
    const base = {
      network: 'moonbeam',
      escrow,
      deployer: escrow,
      bytecodeHash: `0x${'00'.repeat(32)}`,
      deployTransaction: `0x${'11'.repeat(32)}`,
    } as const;
    writeDeployment(join(dir, 'moonbeam.json'), { ...base, chainId: 1, startBlock: 1 });
    writeDeployment(join(dir, 'moonriver.json'), { ...base, chainId: 1285, pending: { nonce: 0, raw: '0x00' } });
    const env = { DEPLOYMENTS_DIR: dir, DATABASE_URL: 'postgres://u:p@h/db' };
    expect(() => readSettings('indexer', { ...env, PMT_NETWORK: 'moonbeam' })).toThrow(/is for chain 1, not 1284/);
    expect(() => readSettings('indexer', { ...env, PMT_NETWORK: 'moonriver' })).toThrow(
      /records a deployment not finished; run `npm run deploy -- --network moonriver` to finish it/,
    );
  });
});

describe('secrets', () => {
  it('come from <NAME>_FILE, and are never shown when wrong', () => {
    const file = join(folder, 'database-url');
    writeFileSync(file, 'mysql://root:hunter2@db/pmt\n');
    const thrown = (() => {
      try {
        readSettings('operator', { DATABASE_URL_FILE: file });
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(thrown).toMatch(/DATABASE_URL: got a secret value \(27 characters, not shown\); needs a postgres:\/\//);
    expect(thrown).not.toContain('hunter2');
    writeFileSync(file, 'postgres://u:p@h/db\n');
    expect(readSettings('operator', { DATABASE_URL_FILE: file }).vars.DATABASE_URL).toBe('postgres://u:p@h/db');
  });

  const messageOf = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('no error');
  };

  it('set both ways are one problem, named once, saying which came from .env', () => {
    const file = join(folder, 'database-url-both');
    writeFileSync(file, 'postgres://u:p@h/db\n');
    const both = messageOf(() =>
      readSettings('operator', { DATABASE_URL: 'postgres://x@h/db', DATABASE_URL_FILE: file }),
    );
    expect(both.split('\n').filter((line) => line.includes('DATABASE_URL'))).toEqual([
      '  DATABASE_URL and DATABASE_URL_FILE: both set; needs one of them',
    ]);
    const dotEnv = join(folder, '.env');
    writeFileSync(dotEnv, 'DATABASE_URL=postgres://from-dotenv@h/db\n');
    delete process.env.DATABASE_URL;
    loadDotEnv(dotEnv);
    try {
      const fromDotEnv = messageOf(() =>
        readSettings('operator', { DATABASE_URL: process.env.DATABASE_URL, DATABASE_URL_FILE: file }),
      );
      expect(fromDotEnv).toContain(
        `DATABASE_URL and DATABASE_URL_FILE: both set; needs one of them (DATABASE_URL comes from ${dotEnv}: remove it there, or remove that file)`,
      );
    } finally {
      delete process.env.DATABASE_URL;
    }
  });
});

describe('live mode', () => {
  it('accepts an operator’s own settings', () => {
    expect(readSettings('api', liveApi).network.mode).toBe('live');
  });

  it('refuses published dev keys, dev passwords, placeholders and plain-http public URLs, never showing a secret', () => {
    const run = () =>
      readSettings('api', {
        ...liveApi,
        DATABASE_URL: 'postgres://postgres:pmt-dev@127.0.0.1:5432/postgres',
        OPERATOR_PRIVATE_KEY: PUBLISHED_KEY,
        ADMIN_API_KEY: 'change-me-to-a-long-random-secret-of-your-own',
        PUBLIC_URL: 'http://pay.shop.test',
        WALLET_RPC_URL: 'http://rpc.shop.test',
      });
    expect(run).toThrow(
      /5 settings are wrong\.\n {2}OPERATOR_PRIVATE_KEY: got anvil's published dev account #0; needs a key of your own on the live network polkadot-hub\n {2}ADMIN_API_KEY: got the example file's placeholder[^\n]*\n {2}DATABASE_URL: got a dev or placeholder password[^\n]*\n {2}PUBLIC_URL: got "http:\/\/pay.shop.test"; needs https:\/\/ on the live network polkadot-hub\n {2}WALLET_RPC_URL: got "http:\/\/rpc.shop.test"; needs https:\/\//,
    );
    expect(run).not.toThrow(/pmt-dev|change-me|ac0974bec/);
  });

  it('requires a public URL where buyers are sent, and an admin multisig to deploy', () => {
    const { PUBLIC_URL: _, ...withoutUrl } = liveApi;
    expect(() => readSettings('api', withoutUrl)).toThrow(/PUBLIC_URL: not set; needs the https:\/\/ address/);
    expect(() =>
      readSettings('deploy', {
        PMT_NETWORK: 'moonbeam',
        DEPLOYER_PRIVATE_KEY: ownKey('d1'),
        TREASURY_ADDRESS: escrow,
      }),
    ).toThrow(/ADMIN_ADDRESS: not set; needs the multisig \(Safe\)/);
  });

  it('refuses one key in two roles, and the switches for development and tests', () => {
    expect(() =>
      readSettings('worker', {
        ...liveApi,
        KEEPER_PRIVATE_KEY: ownKey('a1'),
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        KEEPER_FAULT: 'after-sign',
      }),
    ).toThrow(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES: got "true"[\s\S]*KEEPER_FAULT: got "after-sign"/);
    expect(() =>
      readSettings('deploy', {
        PMT_NETWORK: 'moonbeam',
        DEPLOYER_PRIVATE_KEY: ownKey('d1'),
        OPERATOR_PRIVATE_KEY: ownKey('a1'),
        KEEPER_PRIVATE_KEY: ownKey('a1'),
        TREASURY_ADDRESS: escrow,
        ADMIN_ADDRESS: escrow,
      }),
    ).toThrow(/KEEPER_PRIVATE_KEY: got the same key as OPERATOR_PRIVATE_KEY/);
  });

  it('allows all of it on test networks', () => {
    expect(
      readSettings('worker', {
        ...liveApi,
        PMT_NETWORK: 'moonbase-alpha',
        KEEPER_PRIVATE_KEY: PUBLISHED_KEY,
        PUBLIC_URL: 'http://localhost:4000',
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      }).vars.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    ).toBe(true);
  });
});

describe('numbers out of range', () => {
  it('are refused with the range the setting enforces', () => {
    expect(() =>
      readSettings('api', { ...liveApi, PMT_NETWORK: 'anvil', RATE_LIMIT_PER_SECOND: '1000000000' }),
    ).toThrow(/RATE_LIMIT_PER_SECOND: got "1000000000"; needs a whole number from 1 to 1000000/);
  });

  it('every range a setting names is the one it enforces', () => {
    const ranged = Object.entries(variables).flatMap(([name, variable]) => {
      const range = /from (\d+) to (\d+)$/.exec(variable.needs);
      return range ? [{ name, type: variable.type, min: BigInt(range[1]!), max: BigInt(range[2]!) }] : [];
    });
    expect(ranged.map(({ name }) => name)).toContain('RATE_LIMIT_PER_SECOND');
    for (const { name, type, min, max } of ranged) {
      const accepts = (value: bigint) => type.safeParse(String(value)).success;
      expect([name, accepts(min), accepts(max)]).toEqual([name, true, true]);
      expect([name, accepts(max + 1n), min > 0n && accepts(min - 1n)]).toEqual([name, false, false]);
    }
  });
});

describe('several networks', () => {
  const two = {
    NETWORKS: 'moonbeam,polkadot-hub',
    DATABASE_URL: 'postgres://pmt:s3cret-Pa55@db.internal:5432/pmt',
    RPC_URL_MOONBEAM: 'https://moonbeam.node.test',
    ESCROW_ADDRESS_MOONBEAM: escrow,
    ESCROW_ADDRESS_POLKADOT_HUB: escrow,
    KEEPER_PRIVATE_KEY: ownKey('b1'),
    KEEPER_PRIVATE_KEY_POLKADOT_HUB: ownKey('b2'),
    PUBLIC_URL: 'https://pay.shop.test',
  };

  it('are listed in order, the first the default, each with its own settings or the shared one', () => {
    const settings = readSettings('worker', two);
    expect(settings.networks.map(({ network }) => [network.name, network.chain.id, network.rpcUrl])).toEqual([
      ['moonbeam', 1284, 'https://moonbeam.node.test'],
      ['polkadot-hub', 420_420_419, 'https://eth-rpc.polkadot.io'],
    ]);
    expect(settings.networks.map(({ vars }) => vars.KEEPER_PRIVATE_KEY)).toEqual([ownKey('b1'), ownKey('b2')]);
    expect(settings.network.name).toBe('moonbeam');
    expect(settings.vars.KEEPER_PRIVATE_KEY).toBe(ownKey('b1'));
  });

  it("refuse a setting only one network can have given for all, naming each network's own", () => {
    expect(() => readSettings('worker', { ...two, RPC_URL: 'https://one.node.test' })).toThrow(
      /RPC_URL: set for every network, but NETWORKS lists 2; set RPC_URL_MOONBEAM, RPC_URL_POLKADOT_HUB instead/,
    );
  });

  it('apply the live-mode refusals to each live network under its own names', () => {
    expect(() => readSettings('worker', { ...two, KEEPER_PRIVATE_KEY_POLKADOT_HUB: PUBLISHED_KEY })).toThrow(
      /KEEPER_PRIVATE_KEY_POLKADOT_HUB: got anvil's published dev account #0; needs a key of your own on the live network polkadot-hub/,
    );
    const mixed = readSettings('worker', {
      ...two,
      NETWORKS: 'moonbase-alpha,moonbeam',
      ESCROW_ADDRESS_MOONBASE_ALPHA: escrow,
      KEEPER_PRIVATE_KEY_MOONBASE_ALPHA: PUBLISHED_KEY,
    });
    expect(mixed.networks.map(({ network }) => network.mode)).toEqual(['test', 'live']);
  });

  it('take custom chains by names of their own, each part named with its suffix', () => {
    const custom = { NETWORKS: 'anvil,shop-chain', DATABASE_URL: 'postgres://u:p@h/db' };
    expect(() => readSettings('operator', { ...custom, CHAIN_ID_SHOP_CHAIN: '4242' })).toThrow(
      /CHAIN_NAME_SHOP_CHAIN: not set \(needed by the custom network shop-chain\)[\s\S]*RPC_URL_SHOP_CHAIN: not set/,
    );
    const { networks } = readSettings('operator', {
      ...custom,
      CHAIN_ID_SHOP_CHAIN: '4242',
      CHAIN_NAME_SHOP_CHAIN: 'Shop Chain',
      CHAIN_CURRENCY_SYMBOL_SHOP_CHAIN: 'SHOP',
      CHAIN_TESTNET_SHOP_CHAIN: 'true',
      RPC_URL_SHOP_CHAIN_FILE: secretFile('rpc-url', 'http://10.0.0.5:8545'),
    });
    expect(networks[1]!.network).toMatchObject({
      name: 'shop-chain',
      deploymentName: 'shop-chain',
      mode: 'test',
      rpcUrl: 'http://10.0.0.5:8545',
      chain: { id: 4242 },
    });
  });

  it('refuse one chain twice, a PMT_NETWORK that contradicts NETWORKS, and a network named like a file', () => {
    const base = { DATABASE_URL: 'postgres://u:p@h/db' };
    expect(() =>
      readSettings('operator', { ...base, NETWORKS: 'anvil,dev', CHAIN_ID_DEV: '31337', ...customParts('DEV') }),
    ).toThrow(/NETWORKS: anvil and dev are both chain 31337; needs each chain once/);
    expect(() => readSettings('operator', { ...base, NETWORKS: 'anvil', PMT_NETWORK: 'moonbeam' })).toThrow(
      /PMT_NETWORK: got "moonbeam", but NETWORKS lists anvil; unset PMT_NETWORK/,
    );
    expect(() => readSettings('operator', { ...base, NETWORKS: 'anvil,anvil' })).toThrow(/NETWORKS: got "anvil,anvil"/);
    expect(() => readSettings('operator', { ...base, NETWORKS: 'anvil,key-file' })).toThrow(/NETWORKS: got/);
  });
});

function customParts(suffix: string) {
  return {
    [`CHAIN_NAME_${suffix}`]: 'Dev',
    [`CHAIN_CURRENCY_SYMBOL_${suffix}`]: 'ETH',
    [`RPC_URL_${suffix}`]: 'http://127.0.0.1:9545',
    [`CHAIN_TESTNET_${suffix}`]: 'true',
  };
}

function secretFile(name: string, value: string): string {
  const file = join(folder, name);
  writeFileSync(file, `${value}\n`);
  return file;
}
