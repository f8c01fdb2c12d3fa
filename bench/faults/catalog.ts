// The faults the bench injects, each as it meets a gateway in production: PostgreSQL down and restarted,
// a node unreachable, slow or refusing for load, a process killed without warning, a reorg under
// payments in flight, the price source failing. `run` injects the fault and resolves when it has ended;
// durations are the issue's, times `scale` (the smoke run's tiny sizes).
import { setTimeout as sleep } from 'node:timers/promises';
import { commandOf, descendantsOf } from '../../devkit/processTree.js';
import type { FaultStack } from './stack.js';

export interface Fault {
  name: string;
  run(stack: FaultStack, scale: number): Promise<void>;
}

const seconds = (s: number, scale: number) => sleep(Math.max(1, Math.round(s * scale)) * 1000);

function postgresDown(name: string, downSeconds: number): Fault {
  return {
    name,
    async run(stack, scale) {
      const outage = await stack.postgres.interrupt!();
      await seconds(downSeconds, scale);
      await outage.restart();
    },
  };
}

/** The first network's node, as the gateway's processes reach it, faulty for `forSeconds`. */
function nodeFault(
  name: string,
  forSeconds: number,
  fault: Parameters<FaultStack['chains'][0]['proxy']['set']>[0],
): Fault {
  return {
    name,
    async run(stack, scale) {
      const { proxy } = stack.chains[0]!;
      proxy.set(fault);
      await seconds(forSeconds, scale);
      proxy.set({ kind: 'none' });
    },
  };
}

/** A JSON-RPC error as a provider answers when it sheds load (EIP-1474's "limit exceeded"). */
const LIMIT_EXCEEDED = JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32005, message: 'limit exceeded' } });

export const faults: Fault[] = [
  postgresDown('postgres_down_10s', 10),
  postgresDown('postgres_down_60s', 60),
  nodeFault('rpc_unreachable_60s', 60, { kind: 'unreachable' }),
  nodeFault('rpc_slow_60s', 60, { kind: 'slow', delayMs: 2_000 }),
  nodeFault('rpc_429_30s', 30, { kind: 'answer', status: 429, body: '{"error":"too many requests"}' }),
  nodeFault('rpc_limit_exceeded_30s', 30, { kind: 'answer', status: 200, body: LIMIT_EXCEEDED }),
  { name: 'api_sigkill', run: async (stack) => stack.api.kill() },
  { name: 'worker_sigkill', run: async (stack) => stack.workers[0]!.kill() },
  {
    name: 'indexer_sigkill',
    async run(stack) {
      // The first network's Ponder, under `npm run indexer`, which starts it again.
      const port = new URL(stack.chains[0]!.indexerUrl).port;
      const [ponder] = descendantsOf(stack.indexer.child.process.pid!).filter((pid) => {
        const command = commandOf(pid);
        return command.includes('ponder.js start') && command.includes(`--port ${port}`);
      });
      if (ponder === undefined) throw new Error('no ponder process of the first network under npm run indexer');
      process.kill(ponder, 'SIGKILL');
    },
  },
  {
    name: 'reorg',
    async run(stack) {
      // 1 to 5 blocks, all above the final block: what a chain may take back.
      const depth = 1 + Math.floor(Math.random() * 5);
      const { client } = stack.chains[0]!;
      await client.request({ method: 'anvil_reorg' as never, params: [depth, []] as never });
    },
  },
  {
    name: 'price_feed_down_30s',
    async run(stack, scale) {
      stack.prices.failing = true;
      await seconds(30, scale);
      stack.prices.failing = false;
    },
  },
];
