// Reading one process's settings: secrets from their `*_FILE` where given, every variable the process uses
// checked against the one table (variables.ts), then the networks it serves (each with its own per-network
// settings, its escrow's deployment and, if live, the live-mode refusals). Anything wrong stops the process
// with every problem named, one line each.
import { readFileSync } from 'node:fs';
import { type Address, getAddress } from 'viem';
import { deploymentPath, readDeployment } from '../deployments.js';
import { dotEnvSource } from './dotenv.js';
import { checkLiveMode } from './liveMode.js';
import { type Network, type NetworkVars, resolveNetwork } from './network.js';
import { Problems, SettingsError } from './problems.js';
import {
  type NetworkSettingsOf,
  networkSuffix,
  type Process,
  type SettingsOf,
  type Variable,
  type VariableName,
  variables,
  variablesOf,
} from './variables.js';

type EscrowOf<P extends Process> = P extends 'api' | 'worker' | 'indexer' ? EscrowLocation : undefined;

/** One network a process serves, with its own values of the per-network settings. */
export interface NetworkSettings<P extends Process> {
  network: Network;
  /** The escrow this process works with on the network (the API, the worker, the indexer). */
  escrow: EscrowOf<P>;
  vars: NetworkSettingsOf<P>;
}

export interface Settings<P extends Process> {
  /** Every setting the process reads; the per-network ones as the default network has them. */
  vars: SettingsOf<P>;
  /** Every network the process serves, in the order NETWORKS lists them: the default first. */
  networks: NetworkSettings<P>[];
  /** The default network (`networks[0]`). */
  network: Network;
  escrow: EscrowOf<P>;
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

const usageOf = (name: VariableName, process: Process) =>
  variables[name].usedBy[process as never] as 'required' | 'optional';

export function readSettings<P extends Process>(process: P, env: NodeJS.ProcessEnv): Settings<P> {
  const problems = new Problems();
  const names = variablesOf(process);
  const shared = names.filter((name) => !(variables[name] as Variable).perNetwork);
  const perNetwork = names.filter((name) => (variables[name] as Variable).perNetwork);
  const vars: Record<string, unknown> = {};
  const read = valueReader(env, problems);
  for (const name of shared) read(name, name, usageOf(name, process), vars);

  const networkNames = networkList(vars, env, problems);
  // Without a network to read them for, the plain per-network values are still checked, so that one run
  // names every problem.
  if (networkNames.length === 0) for (const name of perNetwork) read(name, name, 'optional', {});
  const several = networkNames.length > 1;
  const networks: NetworkSettings<P>[] = [];
  for (const name of networkNames) {
    const suffix = networkSuffix(name);
    const own = (variable: VariableName) => `${variable}_${suffix}`;
    const scoped: Record<string, unknown> = {};
    const setAsOf = new Map<VariableName, string>();
    for (const variable of perNetwork) {
      const plainAllowed = !several || (variables[variable] as Variable).perNetwork === 'default';
      if (!plainAllowed && envValue(env, variable) !== undefined) {
        problems.add(
          `${variable}: set for every network, but NETWORKS lists ${networkNames.length}; set ${networkNames
            .map((each) => `${variable}_${networkSuffix(each)}`)
            .join(', ')} instead`,
        );
      }
      const given = [own(variable), `${own(variable)}_FILE`].some((each) => envValue(env, each) !== undefined);
      const setAs = given || !plainAllowed ? own(variable) : variable;
      setAsOf.set(variable, setAs);
      read(setAs, variable, usageOf(variable, process), scoped);
    }
    // What is wrong with a network's value is reported under the name that value is (or would be) set by.
    const nameOf = (variable: VariableName) => setAsOf.get(variable) ?? variable;
    const network = resolveNetwork(name, scoped as NetworkVars, nameOf, problems);
    if (!network) continue;
    const escrow = ['api', 'worker', 'indexer'].includes(process)
      ? locateEscrow({ ...vars, ...scoped }, network, process === 'indexer', nameOf, problems)
      : undefined;
    if (network.mode === 'live') {
      checkLiveMode(
        { ...vars, ...scoped },
        nameOf,
        network.name,
        { servesBuyers: process === 'api' || process === 'worker', deploys: process === 'deploy' },
        problems,
      );
    }
    networks.push({ network, escrow: escrow as EscrowOf<P>, vars: scoped as NetworkSettingsOf<P> });
  }
  checkDistinctChains(networks, problems);
  if (problems.lines.length > 0 || networks.length !== networkNames.length) {
    throw new SettingsError(processLabels[process], problems.lines);
  }
  const [first] = networks as [NetworkSettings<P>];
  return { vars: { ...vars, ...first.vars } as SettingsOf<P>, networks, network: first.network, escrow: first.escrow };
}

/**
 * Reads the variable `name` as set under `setAs` (itself, or one network's `<NAME>_<NETWORK>`) into `into`,
 * from `<setAs>_FILE` for a secret that names a file, reporting what is wrong.
 */
function valueReader(env: NodeJS.ProcessEnv, problems: Problems) {
  return (setAs: string, name: VariableName, usage: 'required' | 'optional', into: Record<string, unknown>) => {
    const raw = rawValue(env, setAs, name, problems);
    if (raw === CLASHING) return; // named once already: set twice, not missing
    const parsed = variables[name].type.safeParse(raw);
    if (parsed.success) into[name] = parsed.data;
    else if (raw !== undefined) problems.bad(setAs, raw);
    else if (usage === 'required') problems.missing(setAs);
  };
}

const CLASHING = Symbol('set both ways');

/** `env`'s value of `setAs`, read from the file `<setAs>_FILE` names when `name` is a secret and that is set. */
function rawValue(env: NodeJS.ProcessEnv, setAs: string, name: VariableName, problems: Problems) {
  const fileName = `${setAs}_FILE`;
  const file = (variables[name] as Variable).secret ? envValue(env, fileName) : undefined;
  if (file === undefined) return envValue(env, setAs);
  if (envValue(env, setAs) !== undefined) {
    const dotEnv = [setAs, fileName].map((each) => [each, dotEnvSource(each)] as const).find(([, path]) => path);
    problems.add(
      `${setAs} and ${fileName}: both set; needs one of them${
        dotEnv ? ` (${dotEnv[0]} comes from ${dotEnv[1]}: remove it there, or remove that file)` : ''
      }`,
    );
    return CLASHING;
  }
  try {
    return readFileSync(file, 'utf8').split('\n')[0]!.trim();
  } catch (err) {
    problems.bad(fileName, file, `a readable file holding ${variables[name].needs} (${(err as Error).message})`);
    return undefined;
  }
}

/** The networks served: NETWORKS, or else the one of PMT_NETWORK (which then must not contradict it). */
function networkList(vars: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: Problems): string[] {
  const listed = vars.NETWORKS as string[] | undefined;
  const single = vars.PMT_NETWORK as string | undefined;
  if (listed === undefined) return single === undefined ? [] : [single];
  if (envValue(env, 'PMT_NETWORK') !== undefined && (listed.length !== 1 || listed[0] !== single)) {
    problems.add(
      `PMT_NETWORK: got ${JSON.stringify(single)}, but NETWORKS lists ${listed.join(',')}; unset PMT_NETWORK (NETWORKS replaces it)`,
    );
  }
  return listed;
}

/** Two networks on one chain would index, sign and pay on each other's escrow. */
function checkDistinctChains(networks: { network: Network }[], problems: Problems): void {
  for (const [index, { network }] of networks.entries()) {
    const earlier = networks.slice(0, index).find((each) => each.network.chain.id === network.chain.id);
    if (earlier) {
      problems.add(
        `NETWORKS: ${earlier.network.name} and ${network.name} are both chain ${network.chain.id}; needs each chain once`,
      );
    }
  }
}

/** The escrow from ESCROW_ADDRESS (and ESCROW_START_BLOCK), or else from the network's deployment file. */
function locateEscrow(
  vars: Record<string, unknown>,
  network: Network,
  needsStartBlock: boolean,
  nameOf: (variable: VariableName) => string,
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
  const missing = nameOf(address === undefined ? 'ESCROW_ADDRESS' : 'ESCROW_START_BLOCK');
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
