// drizzle-kit: generates the app schema's migrations from lib/db/schema/ (`npm run db:generate`).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema',
  out: './lib/db/migrations',
  casing: 'snake_case',
  schemaFilter: ['app'],
});
