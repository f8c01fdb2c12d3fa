// Naming a network in a request: the name `GET /v1/networks` gives it, of a network this gateway serves.
import { z } from '@hono/zod-openapi';
import type { ApiServices, NetworkServices } from '../context.js';
import { ApiError } from '../errors.js';

/** The served network named `name` (sent as `param`); a clear 400 for any other name. */
export function servedNetwork(
  { networks }: Pick<ApiServices, 'networks'>,
  name: string,
  param: string,
): NetworkServices {
  for (const served of networks.values()) if (served.network.name === name) return served;
  throw new ApiError(
    'network_not_served',
    `This gateway does not serve the network ${JSON.stringify(name)}; it serves ${[...networks.values()].map(({ network }) => network.name).join(', ')} (GET /v1/networks).`,
    param,
  );
}

/** The network an object on chain `chainId` is on, to act there; a clear 400 once the gateway no longer serves it. */
export function networkOfChain({ networks }: Pick<ApiServices, 'networks'>, chainId: number): NetworkServices {
  const served = networks.get(chainId);
  if (served) return served;
  throw new ApiError(
    'network_not_served',
    `This object is on chain ${chainId}, which this gateway no longer serves (NETWORKS): add the network back to act on it.`,
  );
}

/** A list's `network` parameter: only the objects on that network. */
export const networkFilterQuery = z
  .string()
  .optional()
  .openapi({ description: 'Only those on this network, by the name `GET /v1/networks` gives', example: 'moonbeam' });

/** The chain a list's `network` parameter keeps, or undefined when it is not given; a clear 400 for an unserved one. */
export function filteredChainId(services: Pick<ApiServices, 'networks'>, name: string | undefined): number | undefined {
  return name === undefined ? undefined : servedNetwork(services, name, 'network').network.chain.id;
}
