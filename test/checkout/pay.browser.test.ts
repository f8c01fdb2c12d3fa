// The hosted checkout in Chromium, paid by a test wallet backed by an anvil key: the whole path from an
// intent made through the API to the receipt, and the ways a wallet makes the page work for it.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type CheckoutRig, expectStatus, screenshot, startCheckoutRig } from '../harness/checkout.js';

let rig: CheckoutRig;

beforeAll(async () => {
  rig = await startCheckoutRig();
}, 120_000);
afterEach(() => {
  expect(rig.pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await rig?.stop();
});

it('pays natively from an EIP-6963 wallet, shows succeeded from the indexer, and releases on confirm receipt', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  await expect.poll(() => page.getByRole('heading', { name: /^Pay Shop / }).count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByTestId('crypto-amount').innerText()).toBe(`${intent.amount_crypto_formatted} ETH`);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.locator('.fiat').innerText()).toBe('$25.00');
  await screenshot(page, 'requires-payment');

  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  await screenshot(page, 'succeeded-receipt');
  const paid = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.status === 'succeeded');
  expect(paid.payment!.buyer).toBe(wallet.address);

  await page.getByRole('button', { name: 'Confirm receipt' }).click();
  await expect.poll(() => page.locator('[data-event="released"]').count(), { timeout: 20_000 }).toBe(1);
  await screenshot(page, 'released');
  const released = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.payment!.released !== null);
  expect(released.payment!.released!.tx_hash).toMatch(/^0x/);
});

it('switches a wallet on another chain to the intent’s chain, then pays', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer({ startChainId: 1 });
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  expect(wallet.calls).toContain('wallet_switchEthereumChain');
  expect(wallet.addedChains).toEqual([]);
});

it('adds the chain to a wallet that lacks it (4902), from the network the API describes', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer({ startChainId: 1, knowsChain: false });
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  expect(wallet.addedChains).toEqual([
    {
      chainId: `0x${rig.stack.chain.id.toString(16)}`,
      chainName: 'Anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: [rig.stack.rpcUrl],
    },
  ]);
});

it('says what went wrong when the buyer refuses, and pays on the next try', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer({ startChainId: 1 });
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  const payButton = page.getByRole('button', { name: 'Test Wallet' });
  const refusals = [
    ['eth_requestAccounts', 'connect_refused'],
    ['wallet_switchEthereumChain', 'wrong_network'],
    ['eth_sendTransaction', 'rejected'],
  ] as const;
  for (const [method, problem] of refusals) {
    wallet.rejectNext(method);
    await payButton.click();
    await expect.poll(() => page.locator(`[data-problem="${problem}"]`).count()).toBe(1);
    await screenshot(page, `problem-${problem}`);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('[data-problem]').count()).toBe(0);
    await expectStatus(page, 'requires_payment');
  }
  await payButton.click();
  await expectStatus(page, 'succeeded');
});

it('pays and confirms receipt with the keyboard alone', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  const focused = () =>
    page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return element?.textContent?.trim() ?? '';
    });
  const tabTo = async (label: string) => {
    for (let presses = 0; presses < 10 && (await focused()) !== label; presses++) await page.keyboard.press('Tab');
    expect(await focused()).toBe(label);
  };
  await tabTo('Test Wallet');
  await page.keyboard.press('Enter');
  await expectStatus(page, 'succeeded');
  await tabTo('Confirm receipt');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('[data-event="released"]').count(), { timeout: 20_000 }).toBe(1);
});

it('finds a wallet that only sets window.ethereum, and says so when there is none', async () => {
  const intent = await rig.createIntent();
  const none = await rig.page(undefined);
  await none.goto(intent.checkout_url);
  await expect.poll(() => none.locator('[data-problem="no_wallet"]').count()).toBe(1);
  await screenshot(none, 'no-wallet');

  const legacy = await rig.page(await rig.buyer({ discovery: 'legacy' }));
  await legacy.goto(intent.checkout_url);
  await legacy.getByRole('button', { name: 'Browser wallet' }).click();
  await expectStatus(legacy, 'succeeded');
  // The tab without a wallet sees the payment made elsewhere.
  await expectStatus(none, 'succeeded');
});

it('checks the balance before sending anything', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer();
  await rig.testClient.setBalance({ address: wallet.address, value: 1n });
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expect.poll(() => page.locator('[data-problem="insufficient_funds"]').count()).toBe(1);
  await screenshot(page, 'problem-insufficient-funds');
  expect(wallet.calls).not.toContain('eth_sendTransaction');
});

it('says when the wallet cannot reach the chain, and pays once it can', async () => {
  const intent = await rig.createIntent();
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  wallet.setNodeDown(true);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expect.poll(() => page.locator('[data-problem="unreachable"]').count()).toBe(1);
  await screenshot(page, 'problem-unreachable');
  wallet.setNodeDown(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
});

it('says when the API cannot be reached, retries with backoff, and recovers', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer());
  await page.route('**/events', (route) => route.abort('connectionrefused'));
  await page.goto(intent.checkout_url);
  await expect.poll(() => page.locator('[data-state="retrying"]').count()).toBe(1);
  await screenshot(page, 'api-retrying');
  await page.unroute('**/events');
  await expectStatus(page, 'requires_payment');
});

it('speaks the buyer’s language, in dark mode, on a 360 px screen', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer(), { locale: 'de-DE', colorScheme: 'dark' });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  await expect.poll(() => page.getByRole('heading', { name: / bezahlen$/ }).count()).toBe(1);
  expect(await page.getByText('Bezahlen mit').count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.locator('.fiat').innerText()).toMatch(/^25,00\s\$$/);
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'de-dark-360');
});

it('shows a payment as confirming until it is final, and tells the page in order', async () => {
  const deep = await rig.stack.extraApi({ FINALITY_DEPTH: '3' });
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer());
  await page.goto(`${deep.api.url}/checkout/${intent.id}#${intent.client_secret}`);
  await expectStatus(page, 'requires_payment');
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    for (const name of ['pmt:processing', 'pmt:succeeded', 'pmt:failed', 'pmt:expired'])
      document.addEventListener(name, () => seen.push(name));
  });
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'processing');
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.locator('.status').innerText()).toMatch(/confirming \(1 confirmation\)$/);
  await screenshot(page, 'processing');
  await rig.testClient.mine({ blocks: 3 });
  await expectStatus(page, 'succeeded');
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([
    'pmt:processing',
    'pmt:succeeded',
  ]);
});

it('shows an intent the merchant canceled as closed', async () => {
  const intent = await rig.createIntent({ return_url: 'https://shop.example/cart' });
  const page = await rig.page(await rig.buyer());
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  const cancel = rig.merchant.client.v1.payment_intents[':id'].cancel;
  expect((await cancel.$post({ param: { id: intent.id }, json: {}, header: {} })).status).toBe(200);
  await expectStatus(page, 'canceled');
  expect(await page.getByRole('button', { name: 'Test Wallet' }).count()).toBe(0);
  expect(await page.getByRole('link', { name: /^Back to / }).getAttribute('href')).toContain('status=canceled');
});

it('offers WalletConnect where the operator enabled it, loading it only when the buyer picks it', async () => {
  const withWalletConnect = await rig.stack.extraApi({ WALLETCONNECT_PROJECT_ID: '0123456789abcdef0123456789abcdef' });
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer());
  // Nothing outside this machine, whether or not it could be reached: the relay stays silent.
  await page.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort('internetdisconnected'),
  );
  const loaded: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/assets/walletconnect.js')) loaded.push(request.url());
  });
  await page.goto(`${withWalletConnect.api.url}/checkout/${intent.id}#${intent.client_secret}`);
  await expectStatus(page, 'requires_payment');
  expect(loaded).toEqual([]);

  // Its QR modal opens; WalletConnect's relay is out of reach here, so the buyer closes it.
  await page.getByRole('button', { name: 'WalletConnect' }).click();
  await expect.poll(() => page.locator('w3m-modal').count(), { timeout: 20_000 }).toBe(1);
  await expect
    .poll(() => page.locator('w3m-modal [data-testid="w3m-header-close"]').count(), { timeout: 20_000 })
    .toBe(1);
  expect(loaded).toHaveLength(1);
  await screenshot(page, 'walletconnect-modal');
  await page.locator('w3m-modal [data-testid="w3m-header-close"]').click();
  await expect.poll(() => page.locator('[data-problem="connect_refused"]').count(), { timeout: 20_000 }).toBe(1);

  // The page is not stuck: the buyer's browser wallet still pays.
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
});

it('offers no second payment once its own is mined, while the gateway has yet to see it', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer());
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  const indexer = rig.stack.indexer.process.pid!;
  process.kill(indexer, 'SIGSTOP');
  try {
    await page.getByRole('button', { name: 'Test Wallet' }).click();
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
      .poll(() => page.locator('.status').innerText(), { timeout: 20_000 })
      .toMatch(/^Payment sent and mined/);
    expect(await page.getByRole('button', { name: 'Test Wallet' }).count()).toBe(0);
    await screenshot(page, 'submitted');
  } finally {
    process.kill(indexer, 'SIGCONT');
  }
  await expectStatus(page, 'succeeded');
});
