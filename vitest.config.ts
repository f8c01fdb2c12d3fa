import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'contracts/out/**', 'contracts/cache/**'],
    globalSetup: ['test/harness/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
