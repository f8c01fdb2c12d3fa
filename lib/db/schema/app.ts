// The app schema: what the gateway itself knows, beside the indexer's chain state. Only the API, the
// worker and the operator commands write it; changes go through drizzle-kit migrations
// (`npm run db:generate`, which reads this folder).
import { pgSchema } from 'drizzle-orm/pg-core';

export const app = pgSchema('app');
