// Naming a network in a request: the name `GET /v1/networks` gives it, of a network this gateway serves.
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors.js';

/** The chain id of the served network named `name` (sent as `param`); a clear 400 for any other name. */
export function servedChainId({ networkNames }: Pick<ApiConfig, 'networkNames'>, name: string, param: string): number {
  for (const [chainId, served] of networkNames) if (served === name) return chainId;
  throw new ApiError(
    'network_not_served',
    `This gateway does not serve the network ${JSON.stringify(name)}; it serves ${[...networkNames.values()].join(', ')} (GET /v1/networks).`,
    param,
  );
}
