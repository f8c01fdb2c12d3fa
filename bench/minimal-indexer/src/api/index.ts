// Ponder 0.16 requires an API file; the yardstick serves nothing beyond Ponder's own routes.
import { Hono } from 'hono';

export default new Hono();
