// Settles the keeper's pending transactions against the chain even when no job has anything to send:
// marks what was mined, broadcasts again what the node lost, replaces what is stuck (jobs/keeper/session.ts).
// The arbiter's rulings, sent the same way, are settled here too.
import { withKeeper, withSigner } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask('keeper__reconcile', async (_payload, helpers, services) => {
  await withKeeper(helpers, services, (keeper) => keeper.reconcile());
  if (services.arbiter) await withSigner(helpers, services, services.arbiter, (arbiter) => arbiter.reconcile());
});
