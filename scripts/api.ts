// npm run api — the merchant API alone, configured by its environment (see README, "Running the API").
import { readApiConfig } from '../api/config.js';
import { startApiServer } from '../api/server.js';

try {
  const api = await startApiServer(readApiConfig());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void api.close().then(() => process.exit(0));
    });
  }
} catch (err) {
  console.error(`npm run api failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
