// Deletes console sessions that can no longer be used and one-time links long expired or spent, so the
// tables hold only what may still sign someone in (lib/console/sessions.ts).
import { deleteExpiredConsoleCredentials } from '../../lib/console/sessions.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

export default jobTask('consoles__cleanup', async (_payload, helpers) => {
  const deleted = await withJobDb(helpers, (db) => deleteExpiredConsoleCredentials(db));
  helpers.logger.info(`deleted ${deleted.sessions} ended console sessions and ${deleted.tokens} old one-time links`);
});
