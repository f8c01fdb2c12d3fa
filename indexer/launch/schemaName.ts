// Names the indexer's database schema after everything that decides what it writes. Ponder's build id
// hashes only src/, and our handlers live in indexer/ (with helpers in lib/ and the ABIs in abis/): an
// edited handler would otherwise resume on the old schema and silently mix old and new logic. Here the
// hash covers every local file the config, the schema and the indexing files under src/ import, found by
// esbuild's import graph rather than a hand-kept list, plus the Ponder version and the deployment. Like
// Ponder's own build id it leaves out src/api/: the HTTP routes only read, so editing them must not force
// a full re-index.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Address, Hex } from 'viem';
import { projectRoot } from '../../lib/projectRoot.js';

/** The files whose code decides what Ponder writes: config, schema, and what it loads from src/ (not src/api/). */
function entryPoints(root: string): string[] {
  const indexingFiles = (readdirSync(join(root, 'src'), { recursive: true }) as string[])
    .map((file) => join('src', file))
    .filter((file) => /\.[cm]?[jt]s$/.test(file) && !file.startsWith(join('src', 'api')));
  return ['ponder.config.ts', 'ponder.schema.ts', ...indexingFiles.sort()];
}

/** The local source files the indexer is built from, relative to `root`, sorted. */
export async function indexerSourceFiles(root = projectRoot): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entryPoints(root),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: 'unused', // required with several entry points; nothing is written
    packages: 'external',
    external: ['ponder:*'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).sort();
}

/** A hash of the indexer's code: its local sources and the Ponder version that runs them. */
export async function indexerBuildHash(root = projectRoot): Promise<string> {
  const hash = createHash('sha256');
  hash.update(ponderVersion(root));
  for (const file of await indexerSourceFiles(root)) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

/** The chain and contract an indexer follows: the same code on another chain needs its own tables. */
export interface IndexedDeployment {
  chainId: number;
  escrowAddress: Address;
  startBlock: number;
  /** Hash of the start block: a new dev chain reuses the chain id, the addresses, even the block numbers. */
  startBlockHash: Hex;
}

/** The schema (`pmt_` + 16 hex digits) for this build indexing this deployment. */
export function indexerSchemaName(buildHash: string, deployment: IndexedDeployment): string {
  const { chainId, escrowAddress, startBlock, startBlockHash } = deployment;
  const digest = createHash('sha256')
    .update([buildHash, chainId, escrowAddress.toLowerCase(), startBlock, startBlockHash.toLowerCase()].join('\0'))
    .digest('hex');
  return `pmt_${digest.slice(0, 16)}`;
}

function ponderVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', 'ponder', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
