// /docs in a real browser: Swagger UI loads from the API itself (no CDN: nothing outside is reachable) and
// renders every operation and every webhook of /openapi.json.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { eventTypes } from '../lib/events.js';
import { launchBrowser } from '../test/harness/browser.js';
import { fileNode } from '../test/harness/fileNode.js';
import { readApiConfig } from './config.js';
import { type RunningApi, startApiServer } from './server.js';

const node = await fileNode('docs');
let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  api = await startApiServer(
    readApiConfig({
      DATABASE_URL: node.databaseUrl,
      RPC_URL: node.rpcUrl,
      ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      API_PORT: '0',
      OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
      LOG_LEVEL: 'silent',
    }),
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('renders the API reference from the generated OpenAPI document', async () => {
  const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    webhooks: Record<string, Record<string, unknown>>;
  };
  expect(document.openapi).toBe('3.1.0');
  const count = (entries: Record<string, Record<string, unknown>>) =>
    Object.values(entries).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
  const operations = count(document.paths);
  const webhooks = count(document.webhooks);
  expect(operations).toBeGreaterThanOrEqual(18);
  expect(webhooks).toBe(eventTypes.length);

  const page = await browser.newPage();
  const outside: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== new URL(api.url).origin) outside.push(request.url());
  });
  await page.goto(`${api.url}/docs`);
  await page.waitForSelector('.opblock', { timeout: 20_000 });
  expect(await page.locator('.opblock').count()).toBe(operations + webhooks);
  expect(await page.locator('.opblock-summary', { hasText: 'payment_intent.payment_refunded' }).count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, whose innerText is the rendered text a reader sees
  expect(await page.locator('.info .title').innerText()).toContain('PMT Gateway API');
  await page
    .locator('.opblock-summary-path', { hasText: /^\/v1\/payment_intents$/ })
    .first()
    .click();
  await expect
    .poll(
      () =>
        page.locator('.opblock.is-open .parameters-container, .opblock.is-open .opblock-section-request-body').count(),
      { timeout: 10_000, message: 'the operation did not open' },
    )
    .toBeGreaterThan(0);
  expect(outside).toEqual([]);
});
