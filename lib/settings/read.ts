// Reading one process's settings: secrets from their `*_FILE` where given, every variable the process uses
// checked against the one table (variables.ts), then the network, the escrow's deployment and the live-mode
// refusals. Anything wrong stops the process with every problem named, one line each.
import { readFileSync } from 'node:fs';
import { type Address, getAddress } from 'viem';
import { deploymentPath, readDeployment } from '../deployments.js';
import { dotEnvSource } from './dotenv.js';
import { checkLiveMode } from './liveMode.js';
import { type Network, type NetworkVars, resolveNetwork } from './network.js';
import { Problems, SettingsError } from './problems.js';
import { type Process, type SettingsOf, type VariableName, variables, variablesOf } from './variables.js';

export interface Settings<P extends Process> {
  vars: SettingsOf<P>;
  network: Network;
  /** The escrow this process works with (the API, the worker, the indexer). */
  escrow: P extends 'api' | 'worker' | 'indexer' ? EscrowLocation : undefined;
}

export interface EscrowLocation {
  address: Address;
  /** From ESCROW_START_BLOCK or the deployment file; undefined when only ESCROW_ADDRESS was given. */
  startBlock?: number;
}

/** How each process is named in the error that stops it. */
export const processLabels: Record<Process, string> = {
  api: 'The API (npm run api)',
  worker: 'The worker (npm run worker)',
  indexer: 'The indexer (npm run indexer)',
  deploy: 'npm run deploy',
  operator: 'The command',
};

/** A variable set to nothing counts as unset (never as 0 or ""). */
const envValue = (env: NodeJS.ProcessEnv, name: string) => (env[name] === '' ? undefined : env[name]);

export function readSettings<P extends Process>(process: P, env: NodeJS.ProcessEnv): Settings<P> {
  const problems = new Problems();
  const names = variablesOf(process);
  const { values: raw, clashing } = withSecretFiles(names, env, problems);
  const vars: Record<string, unknown> = {};
  for (const name of names) {
    if (clashing.has(name)) continue; // named once already: set twice, not missing
    const value = raw[name];
    const usage = variables[name].usedBy[process as never] as 'required' | 'optional';
    const parsed = variables[name].type.safeParse(value);
    if (parsed.success) vars[name] = parsed.data;
    else if (value !== undefined) problems.bad(name, value);
    else if (usage === 'required') problems.missing(name);
  }
  const network = vars.PMT_NETWORK === undefined ? undefined : resolveNetwork(vars as unknown as NetworkVars, problems);
  const escrow =
    network && ['api', 'worker', 'indexer'].includes(process)
      ? locateEscrow(vars, network, process === 'indexer', problems)
      : undefined;
  if (network?.mode === 'live') {
    checkLiveMode(
      vars,
      network.name,
      { servesBuyers: process === 'api' || process === 'worker', deploys: process === 'deploy' },
      problems,
    );
  }
  if (problems.lines.length > 0 || !network) throw new SettingsError(processLabels[process], problems.lines);
  return { vars: vars as SettingsOf<P>, network, escrow: escrow as Settings<P>['escrow'] };
}

/**
 * `env`'s values of `names`, each secret read from the file its `<NAME>_FILE` names when that is set; and
 * the names set both ways, which are reported here.
 */
function withSecretFiles(names: VariableName[], env: NodeJS.ProcessEnv, problems: Problems) {
  const values: Record<string, string | undefined> = {};
  const clashing = new Set<VariableName>();
  for (const name of names) {
    const fileName = `${name}_FILE`;
    const file = (variables[name] as { secret?: boolean }).secret ? envValue(env, fileName) : undefined;
    if (file === undefined) {
      values[name] = envValue(env, name);
      continue;
    }
    if (envValue(env, name) !== undefined) {
      const dotEnv = [name, fileName].map((each) => [each, dotEnvSource(each)] as const).find(([, path]) => path);
      problems.add(
        `${name} and ${fileName}: both set; needs one of them${
          dotEnv ? ` (${dotEnv[0]} comes from ${dotEnv[1]}: remove it there, or remove that file)` : ''
        }`,
      );
      clashing.add(name);
      continue;
    }
    try {
      values[name] = readFileSync(file, 'utf8').split('\n')[0]!.trim();
    } catch (err) {
      problems.bad(fileName, file, `a readable file holding ${variables[name].needs} (${(err as Error).message})`);
    }
  }
  return { values, clashing };
}

/** The escrow from ESCROW_ADDRESS (and ESCROW_START_BLOCK), or else from the network's deployment file. */
function locateEscrow(
  vars: Record<string, unknown>,
  network: Network,
  needsStartBlock: boolean,
  problems: Problems,
): EscrowLocation | undefined {
  const address = vars.ESCROW_ADDRESS as string | undefined;
  const startBlock = vars.ESCROW_START_BLOCK as number | undefined;
  if (address !== undefined && (startBlock !== undefined || !needsStartBlock)) {
    return { address: getAddress(address), startBlock };
  }
  const path = deploymentPath(vars.DEPLOYMENTS_DIR as string | undefined, network.deploymentName);
  let deployment: ReturnType<typeof readDeployment>;
  try {
    deployment = readDeployment(path);
  } catch (err) {
    problems.add(`DEPLOYMENTS_DIR: ${(err as Error).message}`);
    return undefined;
  }
  const missing = address === undefined ? 'ESCROW_ADDRESS' : 'ESCROW_START_BLOCK';
  if (!deployment) {
    problems.missing(missing, `without ${path}: run \`npm run deploy -- --network ${network.name}\` first, or set it`);
    return undefined;
  }
  if (deployment.chainId !== network.chain.id || deployment.startBlock === undefined) {
    problems.add(
      `${missing}: not set, and ${path} ${
        deployment.chainId !== network.chain.id
          ? `is for chain ${deployment.chainId}, not ${network.chain.id}`
          : 'records a deployment not finished'
      }; run \`npm run deploy -- --network ${network.name}\` to finish it, or set ${missing}`,
    );
    return undefined;
  }
  return { address: getAddress(address ?? deployment.escrow), startBlock: startBlock ?? deployment.startBlock };
}
