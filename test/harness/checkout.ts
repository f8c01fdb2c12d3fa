// What the checkout's browser tests share: a stack (on a chain of its own, so its clock is theirs to move), a
// headless Chromium, funded buyers with a test wallet each, and screenshots kept as test artifacts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InferRequestType } from 'hono/client';
import type { Browser, Page } from 'playwright-core';
import { type Address, createTestClient, http, parseEther, type TestClient } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { expect } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { walletClientFor } from '../../lib/chain.js';
import { deployTestToken, mintTestToken } from '../../lib/deployEscrow.js';
import { projectRoot } from '../../lib/projectRoot.js';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import { type ApiStack, startApiStack, type TestMerchant } from './apiStack.js';
import { launchBrowser } from './browser.js';
import { type TestWallet, type TestWalletOptions, testWallet } from './testWallet.js';
// Named apart from this file's `expectStatus`, which is the status a checkout page shows.
import { expectStatus as expectResponse } from './typedClient.js';

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];

export const screenshotDir = join(projectRoot, 'test-artifacts', 'checkout');

export interface CheckoutRig {
  stack: ApiStack;
  browser: Browser;
  /** A merchant with a one-hour hold, so receipts stay open to release and disputes. */
  merchant: TestMerchant;
  /** An intent of `merchant` for 25.00 USD in the native currency, with `body` on top. */
  createIntent(body?: Partial<IntentCreate>): Promise<PaymentIntentResource>;
  /** viem's anvil actions on this rig's chain: balances, mining, automine. */
  testClient: TestClient;
  /** A token without EIP-2612 (approve, then pay), allow-listed beside the stack's permit token. */
  plainToken: Address;
  /** A fresh buyer with 100 of the native currency and 1,000 of each test token, and a wallet holding its key. */
  buyer(options?: Partial<Omit<TestWalletOptions, 'rpcUrl' | 'chainId' | 'account'>>): Promise<TestWallet>;
  /** Uncaught exceptions and Content-Security-Policy refusals on any page so far; tests expect none. */
  pageErrors: string[];
  /** A new page with `wallet` injected (none: a browser without a wallet). */
  page(wallet: TestWallet | undefined, options?: { locale?: string; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  stop(): Promise<void>;
}

const TOKENS = 1_000n * 10n ** 6n;

export async function startCheckoutRig(): Promise<CheckoutRig> {
  const stack = await startApiStack();
  const admin = walletClientFor(stack.chain, devAccounts.admin);
  const plainToken = await deployTestToken(admin, {
    escrow: stack.deployment.escrowAddress,
    name: 'Plain USD',
    symbol: 'pUSD',
    decimals: 6,
    permit: false,
  });
  await stack.indexer.waitForBlock(await stack.publicClient.getBlockNumber());
  const browser = await launchBrowser();
  const merchant = await stack.merchant({ holdPeriodSeconds: 3600 });
  const pageErrors: string[] = [];
  const testClient = createTestClient({ mode: 'anvil', chain: stack.chain, transport: http(stack.rpcUrl) });
  return {
    stack,
    browser,
    merchant,
    plainToken,
    testClient,
    pageErrors,
    async createIntent(body = {}) {
      const created = await merchant.client.v1.payment_intents.$post({
        json: { amount: 2500, currency: 'USD', description: 'Order 1001: 1 × T-shirt', ...body },
        header: {},
      });
      return expectResponse(created, 200, 'create intent');
    },
    async buyer(options = {}) {
      const account = privateKeyToAccount(generatePrivateKey());
      await testClient.setBalance({ address: account.address, value: parseEther('100') });
      for (const token of [stack.deployment.tokenAddress, plainToken])
        await mintTestToken(admin, token, account.address, TOKENS);
      return testWallet({ rpcUrl: stack.rpcUrl, chainId: stack.chain.id, account, ...options });
    },
    async page(wallet, { locale = 'en-US', colorScheme = 'light' } = {}) {
      const context = await browser.newContext({ locale, colorScheme, viewport: { width: 480, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
      });
      if (wallet) await wallet.install(page);
      return page;
    },
    async stop() {
      await browser?.close();
      await stack?.stop();
    },
  };
}

/** The status the page shows (its live region's `data-status`), once it shows one. */
export function shownStatus(page: Page): Promise<string | null> {
  return page
    .locator('.status[data-status]')
    .getAttribute('data-status', { timeout: 1_000 })
    .catch(() => null);
}

export async function expectStatus(page: Page, status: string, timeout = 20_000) {
  await expect.poll(() => shownStatus(page), { timeout, message: `the page shows ${status}` }).toBe(status);
}

/** Keeps what the page shows as test-artifacts/checkout/<name>.png. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
