// A task as jobs/tasks files write it: its name, whose payload schema (lib/jobPayloads.ts) checks each
// job's payload (payloads come from the database, so they are checked like any input), and a function of
// the payload, graphile-worker's helpers and the services of the network the job is for. Which network
// that is: the one a per-network task's payload names (a job naming none, as the schedule's, is handed on
// as one job per network served); for a task about one object (a refund, a ruling), the network of that
// object's intent; otherwise the default network.
import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';
import { jobPayloads, perNetworkTasks, type TaskName } from '../lib/jobPayloads.js';
import type { JobServices } from './services.js';

type CheckedPayloads = { [T in TaskName]: z.output<(typeof jobPayloads)[T]> };

// The map once more, typed key by key: indexed with a generic name this gives that name's schema, where
// `jobPayloads` itself would give any task's.
const payloadSchemas: { [T in TaskName]: z.ZodType<CheckedPayloads[T]> } = jobPayloads;

/** The services of each network the worker serves, by chain id, the default first. */
export type WorkerNetworks = ReadonlyMap<number, JobServices>;

/** The task named `T`; carrying its name lets the worker's list refuse a task filed under another. */
export interface JobTask<T extends TaskName> {
  name: T;
  withServices(networks: WorkerNetworks): Task;
}

export interface JobTaskOptions<T extends TaskName> {
  /** The chain of the object the payload names (its intent's), whose network runs the job. */
  chainOf?: (payload: CheckedPayloads[T], helpers: JobHelpers) => Promise<number>;
}

export function jobTask<T extends TaskName>(
  name: T,
  run: (payload: CheckedPayloads[T], helpers: JobHelpers, services: JobServices) => Promise<void>,
  { chainOf }: JobTaskOptions<T> = {},
): JobTask<T> {
  return {
    name,
    withServices: (networks) => async (raw, helpers) => {
      const parsed = payloadSchemas[name].safeParse(raw ?? {});
      if (!parsed.success) {
        throw new Error(`job ${helpers.job.task_identifier} has an invalid payload: ${parsed.error.message}`);
      }
      const payload = parsed.data;
      const runOn = async (services: JobServices) => {
        await services.nodeAnswers();
        await run(payload, helpers, services);
      };
      if (perNetworkTasks.includes(name)) {
        const { network } = payload as { network?: string };
        if (network === undefined) return handOnPerNetwork(name, payload, helpers, networks);
        return runOn(servedNamed(networks, network, helpers));
      }
      if (chainOf) return runOn(servedOn(networks, await chainOf(payload, helpers), helpers));
      return run(payload, helpers, networks.values().next().value!);
    },
  };
}

/** One job of `name` per network served, each keyed by its network (a second ask while one waits runs once). */
async function handOnPerNetwork(name: TaskName, payload: object, helpers: JobHelpers, networks: WorkerNetworks) {
  for (const { config } of networks.values()) {
    await helpers.addJob(name, { ...payload, network: config.network }, { jobKey: `${name}:${config.network}` });
  }
}

function servedNamed(networks: WorkerNetworks, network: string, helpers: JobHelpers): JobServices {
  for (const services of networks.values()) if (services.config.network === network) return services;
  throw new Error(
    `job ${helpers.job.task_identifier} is for the network ${network}, which this worker does not serve: add it to NETWORKS, or remove the job`,
  );
}

function servedOn(networks: WorkerNetworks, chainId: number, helpers: JobHelpers): JobServices {
  const services = networks.get(chainId);
  if (services) return services;
  throw new Error(
    `job ${helpers.job.task_identifier} is about an object on chain ${chainId}, which this worker does not serve: add its network to NETWORKS`,
  );
}
