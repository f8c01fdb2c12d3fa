// Settles the keeper's pending transactions against the chain even when no job has anything to send:
// marks what was mined, broadcasts again what the node lost, replaces what is stuck (jobs/keeper/session.ts).
import { z } from 'zod';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask(z.object({}), async (_payload, helpers, services) => {
  await withKeeper(helpers, services, (keeper) => keeper.reconcile());
});
