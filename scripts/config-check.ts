// npm run config:check [-- --process api,worker,indexer,deploy,operator] — checks this environment (and
// `.env`) the way each process would at start, without starting anything or reaching the chain or the
// database. Exits non-zero when any process would refuse to start.
import { parseArgs } from 'node:util';
import { readApiConfig } from '../api/config.js';
import { readIndexerEnvs } from '../indexer/launch/env.js';
import { readWorkerConfigs } from '../jobs/config.js';
import { readOperatorEnv } from '../lib/operatorEnv.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { readSettings } from '../lib/settings/read.js';
import { type Process, processes } from '../lib/settings/variables.js';

const readers: Record<Process, () => string> = {
  api: () => {
    const config = readApiConfig();
    const networks = config.networks
      .map(({ name, escrowAddress }) => `${name} (${config.keyMode}), escrow ${escrowAddress}`)
      .join('; ');
    return `${networks}, listening on ${config.host}:${config.port}`;
  },
  worker: () =>
    readWorkerConfigs()
      .map((config) => `${config.network} (${config.livemode ? 'live' : 'test'}), escrow ${config.escrowAddress}`)
      .join('; '),
  indexer: () =>
    readIndexerEnvs()
      .map(
        (env) =>
          `${env.network} (chain ${env.chainId}), escrow ${env.escrowAddress} from block ${env.startBlock}, port ${env.port}`,
      )
      .join('; '),
  deploy: () => {
    const { network } = readSettings('deploy', process.env);
    return `${network.name} (chain ${network.chain.id}, ${network.mode})`;
  },
  operator: () => `${readOperatorEnv().network}`,
};

const { values } = parseArgs({ options: { process: { type: 'string', default: 'api,worker,indexer' } } });
const chosen = values.process.split(',').map((name) => name.trim());
const unknown = chosen.filter((name) => !processes.includes(name as Process));
if (unknown.length > 0) {
  console.error(`config:check: no process named ${unknown.join(', ')}; choose from ${processes.join(', ')}`);
  process.exit(2);
}

loadDotEnv();
let failed = false;
for (const name of chosen as Process[]) {
  try {
    console.log(`ok      ${name}: ${readers[name]()}`);
  } catch (err) {
    failed = true;
    console.log(`refused ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
