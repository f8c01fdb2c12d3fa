// What reading an intent needs besides its row: the chain clock for expiry and confirmations.
import type { ApiServices } from '../context.js';
import type { ResourceContext } from './resource.js';

export async function intentReadContext({
  clock,
  config,
}: Pick<ApiServices, 'clock' | 'config'>): Promise<ResourceContext & { now: Date }> {
  const [head, now] = await Promise.all([clock.head(), clock.now()]);
  return {
    chain: config.chain,
    head,
    requiredConfirmations: config.confirmations,
    publicUrl: config.publicUrl ?? '',
    now: new Date(Number(now) * 1000),
  };
}
