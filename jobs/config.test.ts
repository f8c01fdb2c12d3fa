import { expect, it } from 'vitest';
import { readWorkerConfig } from './config.js';

const databaseUrl = 'postgres://u:p@127.0.0.1:5432/db';

it('reads the defaults', () => {
  expect(readWorkerConfig({ DATABASE_URL: databaseUrl })).toEqual({
    databaseUrl,
    concurrency: 5,
    pollIntervalMs: 2_000,
  });
});

it('names every bad variable at once', () => {
  expect(() => readWorkerConfig({ WORKER_CONCURRENCY: '0', WORKER_POLL_INTERVAL_MS: 'soon' })).toThrow(
    /DATABASE_URL: not set\n {2}WORKER_CONCURRENCY: .*\n {2}WORKER_POLL_INTERVAL_MS: a whole number/,
  );
});
