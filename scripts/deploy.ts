// npm run deploy -- --network <name> [--dry-run] — deploys and sets up the escrow on a network from the
// deployer key, and records it in deployments/<network>.json for the other processes (see lib/deploy/run.ts
// and docs/runbook.md). Running it again finishes what a previous run left undone.
import { parseArgs } from 'node:util';
import { type Address, getAddress, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deploy } from '../lib/deploy/run.js';
import { deploymentPath } from '../lib/deployments.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { Problems, SettingsError, stopMessage } from '../lib/settings/problems.js';
import { processLabels, readSettings } from '../lib/settings/read.js';

/** Two days: time for the other signers to see a handover they did not expect, and stop it. */
const LIVE_ADMIN_DELAY_SECONDS = 2 * 86_400;

try {
  const { values } = parseArgs({
    options: { network: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  loadDotEnv();
  if (!values.network) throw new Error('name the network: npm run deploy -- --network <name> (see README, "Networks")');
  const served = process.env.NETWORKS?.split(',').map((name) => name.trim());
  if (served && !served.includes(values.network)) {
    throw new Error(`--network ${values.network} is not one of NETWORKS=${process.env.NETWORKS}: add it there first`);
  }
  if (!served && process.env.PMT_NETWORK && process.env.PMT_NETWORK !== values.network) {
    throw new Error(
      `--network ${values.network} contradicts PMT_NETWORK=${process.env.PMT_NETWORK}: unset one of them`,
    );
  }
  // One network at a time: its own settings (`<NAME>_<NETWORK>`) where given, else the shared ones.
  const { vars, network } = readSettings('deploy', { ...process.env, NETWORKS: values.network, PMT_NETWORK: '' });
  const problems = new Problems();
  const addressOf = (address: string | undefined, key: string | undefined): Address | undefined =>
    address ? getAddress(address) : key ? privateKeyToAccount(key as Hex).address : undefined;
  const operator = addressOf(vars.OPERATOR_ADDRESS, vars.OPERATOR_PRIVATE_KEY);
  const keeper = addressOf(vars.KEEPER_ADDRESS, vars.KEEPER_PRIVATE_KEY);
  if (!operator) problems.missing('OPERATOR_ADDRESS', 'for OPERATOR_ROLE, unless OPERATOR_PRIVATE_KEY is set');
  if (!keeper) problems.missing('KEEPER_ADDRESS', 'for KEEPER_ROLE, unless KEEPER_PRIVATE_KEY is set');
  if (network.mode === 'live' && operator && keeper && operator === keeper) {
    problems.add(
      `KEEPER_ADDRESS: got the operator's address ${operator}; needs an account of its own on ${network.name}`,
    );
  }
  if (!operator || !keeper || problems.lines.length > 0) throw new SettingsError(processLabels.deploy, problems.lines);

  const file = deploymentPath(vars.DEPLOYMENTS_DIR, network.deploymentName);
  const outcome = await deploy({
    network,
    deployerKey: vars.DEPLOYER_PRIVATE_KEY as Hex,
    target: {
      treasury: getAddress(vars.TREASURY_ADDRESS),
      admin: vars.ADMIN_ADDRESS ? getAddress(vars.ADMIN_ADDRESS) : undefined,
      adminDelaySeconds: vars.ADMIN_DELAY_SECONDS ?? (network.mode === 'live' ? LIVE_ADMIN_DELAY_SECONDS : 0),
      roles: {
        OPERATOR_ROLE: [operator],
        KEEPER_ROLE: [keeper],
        ARBITER_ROLE: (vars.ARBITER_ADDRESSES ?? []).map((address) => getAddress(address)),
        PAUSER_ROLE: (vars.PAUSER_ADDRESSES ?? []).map((address) => getAddress(address)),
      },
      tokens: [
        ...network.tokens,
        ...(vars.ALLOWED_TOKENS ?? []).map((address) => ({ symbol: 'ALLOWED_TOKENS', address: getAddress(address) })),
      ],
    },
    file,
    dryRun: values['dry-run'],
    log: (line) => console.log(line),
  });
  if (values['dry-run']) {
    console.log(`dry run: nothing was sent, and ${file} was left as it was`);
  } else if (outcome.forMultisig.length > 0) {
    console.log(`not finished: the admin multisig must make the calls above on ${outcome.escrow}`);
    process.exit(1);
  } else {
    console.log(`done: ${network.name} escrow ${outcome.escrow}, recorded in ${file}`);
  }
} catch (err) {
  console.error(stopMessage('npm run deploy', err));
  process.exit(1);
}
