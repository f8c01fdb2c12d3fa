// `deployments/<network>.json`: what `npm run deploy` did on a chain, and what the API, the worker and the
// indexer read instead of ESCROW_ADDRESS and ESCROW_START_BLOCK. The file is written before the deploying
// transaction is broadcast (with the signed transaction in it), so that a deployment cut short anywhere is
// finished by running the command again, never started twice.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getAddress, isAddress, isHex } from 'viem';
import { z } from 'zod';
import { projectRoot } from './projectRoot.js';

const address = z
  .string()
  .refine((value) => isAddress(value), 'an address')
  .transform((value) => getAddress(value));
const hex = z.string().refine((value) => isHex(value), 'hex');

const deploymentSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  escrow: address,
  deployer: address,
  /** keccak256 of the escrow's creation code: tells which version of the contract this is. */
  bytecodeHash: hex,
  deployTransaction: hex,
  /** Set until the deploying transaction is seen mined: it is broadcast again if the chain lost it. */
  pending: z.object({ nonce: z.number().int().nonnegative(), raw: hex }).optional(),
  /** The deployment's block, once mined: where an indexer starts. */
  startBlock: z.number().int().nonnegative().optional(),
  deployedAt: z.string().optional(),
});

export type Deployment = z.infer<typeof deploymentSchema>;

/** The default home of deployment files: `deployments/` in the project, committed for real networks. */
export const defaultDeploymentsDir = join(projectRoot, 'deployments');

export function deploymentPath(dir: string | undefined, deploymentName: string): string {
  return join(dir ?? defaultDeploymentsDir, `${deploymentName}.json`);
}

/** The deployment recorded at `path`, undefined when there is none; throws when the file is not one. */
export function readDeployment(path: string): Deployment | undefined {
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path} is not JSON (${(err as Error).message}): restore it from version control`);
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path} is not a deployment file: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** Writes `deployment` to `path` whole or not at all (a crash mid-write leaves the previous file). */
export function writeDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, `${JSON.stringify(deploymentSchema.parse(deployment), null, 2)}\n`);
  renameSync(partial, path);
}
