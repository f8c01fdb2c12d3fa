// The merchant's own account through the API: payout wallet, payout settings, API keys and webhook
// endpoints — happy paths and the documented errors.

import type { InferRequestType } from 'hono/client';
import { getAddress } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import type { PmtClient } from '../client.js';

let stack: ApiStack;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  shop = await stack.merchant({ wallet: false });
}, 120_000);
afterAll(() => stack?.stop());

type WalletUpdate = InferRequestType<PmtClient['v1']['merchant']['wallet']['$post']>['json'];
type PayoutSettings = InferRequestType<PmtClient['v1']['merchant']['payout_settings']['$post']>['json'];
type EndpointCreate = InferRequestType<PmtClient['v1']['webhook_endpoints']['$post']>['json'];

const getMerchant = async (merchant: TestMerchant) => expectStatus(await merchant.client.v1.merchant.$get(), 200);
const setWallet = (merchant: TestMerchant, json: WalletUpdate) =>
  merchant.client.v1.merchant.wallet.$post({ json, header: {} });
const setPayouts = (json: PayoutSettings) => shop.client.v1.merchant.payout_settings.$post({ json, header: {} });
const listKeys = async (merchant: TestMerchant) =>
  (await expectStatus(await merchant.client.v1.api_keys.$get({ query: {} }), 200)).data;
const createKey = async (merchant: TestMerchant, name: string) =>
  expectStatus(await merchant.client.v1.api_keys.$post({ json: { name }, header: {} }), 200);
const roll = (merchant: TestMerchant, id: string, json: { expires_in_seconds?: number }) =>
  merchant.client.v1.api_keys[':id'].roll.$post({ param: { id }, json, header: {} });
const listEndpoints = async () =>
  (await expectStatus(await shop.client.v1.webhook_endpoints.$get({ query: {} }), 200)).data;
const createEndpoint = (json: EndpointCreate) => shop.client.v1.webhook_endpoints.$post({ json, header: {} });

describe('payout wallet', () => {
  const checksummed = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';

  it('starts unset, then takes a checksummed or all-lower-case address and answers EIP-55', async () => {
    expect(await getMerchant(shop)).toMatchObject({
      object: 'merchant',
      id: shop.id,
      payout_address: null,
      payout_schedule: 'daily',
      minimum_payouts: {},
      fee_bps: 100,
      hold_period_seconds: 604_800,
    });
    const lower = await expectStatus(await setWallet(shop, { address: checksummed.toLowerCase() }), 200);
    expect(lower.payout_address).toBe(checksummed);
    const again = await expectStatus(await setWallet(shop, { address: checksummed }), 200);
    expect(again.payout_address).toBe(checksummed);
  });

  it.each([
    // Another address (anvil's account 9) with its checksum broken, so "changing nothing" can fail here too.
    ['a wrong checksum', '0xA0ee7A142d267C1f36714E4a8F75612F20a79720', 'address_checksum_invalid'],
    ['too few digits', '0x976EA74026E726554dB657fA54763abd0C3a0aa', 'address_invalid'],
    ['no 0x', '976EA74026E726554dB657fA54763abd0C3a0aa9', 'address_invalid'],
    ['non-hex digits', '0x976EA74026E726554dB657fA54763abd0C3a0aaZ', 'address_invalid'],
    ['the zero address', '0x0000000000000000000000000000000000000000', 'address_invalid'],
    ['an ENS name', 'shop.eth', 'address_invalid'],
  ])('refuses %s with a 400 that says why, changing nothing', async (_name, address, code) => {
    const { error } = await expectStatus(await setWallet(shop, { address }), 400);
    expect(error).toMatchObject({ type: 'invalid_request_error', code, param: 'address' });
    expect((await getMerchant(shop)).payout_address).toBe(checksummed);
  });

  it('refuses a missing or extra field', async () => {
    // Both bodies are outside the schema on purpose: cast so they are sent as they are.
    const missing = await expectStatus(await setWallet(shop, {} as WalletUpdate), 400);
    expect(missing.error).toMatchObject({ code: 'parameter_missing', param: 'address' });
    const extra = await expectStatus(await setWallet(shop, { address: checksummed, chain: 1 } as WalletUpdate), 400);
    expect(extra.error).toMatchObject({ code: 'parameter_unknown', param: 'chain' });
  });

  it('signs new intents for the new wallet', async () => {
    const intent = await expectStatus(
      await shop.client.v1.payment_intents.$post({ json: { amount_crypto: '1000' }, header: {} }),
      200,
    );
    expect(intent.signed_intent.merchant).toBe(checksummed);
  });
});

describe('payout settings', () => {
  it('sets the schedule and per-asset minimums', async () => {
    const token = stack.deployment.tokenAddress;
    const response = await setPayouts({
      schedule: 'weekly',
      minimum_payouts: { native: '10000000000000000', [token.toLowerCase()]: '5000000' },
    });
    expect(await expectStatus(response, 200)).toMatchObject({
      payout_schedule: 'weekly',
      minimum_payouts: { native: '10000000000000000', [token.toLowerCase()]: '5000000' },
    });
    const scheduleOnly = await expectStatus(await setPayouts({ schedule: 'instant' }), 200);
    expect(scheduleOnly.payout_schedule).toBe('instant');
    // A schedule alone leaves the minimums as they were.
    expect(scheduleOnly.minimum_payouts).toEqual({
      native: '10000000000000000',
      [token.toLowerCase()]: '5000000',
    });
    expect(await expectStatus(await setPayouts({}), 200)).toEqual(scheduleOnly);
  });

  it('refuses unknown schedules, negative minimums and assets the escrow does not take', async () => {
    const cases: [unknown, string][] = [
      [{ schedule: 'hourly' }, 'schedule'],
      [{ minimum_payouts: { native: '-1' } }, 'minimum_payouts.native'],
      [{ minimum_payouts: { native: 1 } }, 'minimum_payouts.native'],
      [
        { minimum_payouts: { '0x0000000000000000000000000000000000000001': '1' } },
        'minimum_payouts.0x0000000000000000000000000000000000000001',
      ],
    ];
    const before = await getMerchant(shop);
    for (const [body, param] of cases) {
      const what = JSON.stringify(body);
      // Some are outside the schema on purpose (an unknown schedule, a number): cast so each is sent as it is.
      expect((await expectStatus(await setPayouts(body as PayoutSettings), 400, what)).error.param, what).toBe(param);
    }
    expect(await getMerchant(shop)).toEqual(before);
  });
});

describe('API keys', () => {
  it('lists keys without secrets, creates restricted ones, rolls with a grace period and revokes', async () => {
    const merchant = await stack.merchant();
    const listed = await listKeys(merchant);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      object: 'api_key',
      mode: 'test',
      permissions: null,
      revoked_at: null,
      expires_at: null,
    });
    expect(listed[0]!.redacted).toBe(`${merchant.key.slice(0, 12)}…`);
    expect(listed[0]!.last_used).toEqual(expect.any(Number));
    expect(JSON.stringify(listed)).not.toContain(merchant.key);

    const created = await expectStatus(
      await merchant.client.v1.api_keys.$post({
        json: { name: 'checkout server', permissions: { resources: ['payment_intents'] } },
        header: {},
      }),
      200,
    );
    expect(created).toMatchObject({ name: 'checkout server', permissions: { resources: ['payment_intents'] } });
    expect(created.secret).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect((await listKeys(merchant)).map((k) => k.secret)).toEqual([undefined, undefined]);

    const rolled = await expectStatus(await roll(merchant, created.id, { expires_in_seconds: 3600 }), 200);
    expect(rolled).toMatchObject({ name: 'checkout server', permissions: { resources: ['payment_intents'] } });
    expect(rolled.secret).not.toBe(created.secret);
    // The old key keeps working through its grace period.
    await expectStatus(await stack.client(created.secret).v1.payment_intents.$get({ query: {} }), 200);
    const old = (await listKeys(merchant)).find((k) => k.id === created.id);
    const graceLeft = old!.expires_at! - Math.floor(Date.now() / 1000);
    expect(graceLeft).toBeGreaterThan(3500);
    expect(graceLeft).toBeLessThanOrEqual(3600);

    const revoke = (id: string) => merchant.client.v1.api_keys[':id'].revoke.$post({ param: { id }, header: {} });
    const revoked = await expectStatus(await revoke(created.id), 200);
    expect(revoked.revoked_at).toEqual(expect.any(Number));
    const reroll = await expectStatus(await roll(merchant, created.id, {}), 409);
    expect(reroll.error).toMatchObject({ code: 'api_key_inactive' });
    await expectStatus(await revoke('key_missing'), 404);
  });

  it('refuses to roll a key again in its grace period, keeping that grace and its one successor', async () => {
    const merchant = await stack.merchant();
    const key = await createKey(merchant, 'twice');
    const successor = await expectStatus(await roll(merchant, key.id, { expires_in_seconds: 3600 }), 200);
    const graceEnds = (await listKeys(merchant)).find((k) => k.id === key.id)!.expires_at!;

    const { error } = await expectStatus(await roll(merchant, key.id, { expires_in_seconds: 0 }), 409);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'roll_grace_period_active' });
    const iso = new Date(graceEnds * 1000).toISOString().replace('.000Z', 'Z');
    expect(error.message).toContain(`already rolled; it keeps working until ${iso} (expires_at ${graceEnds})`);
    expect(error.message).toMatch(/Roll its successor instead, or revoke this key/);

    const keys = (await listKeys(merchant)).filter((k) => k.name === 'twice');
    expect(keys.map((k) => k.id).sort(), 'one successor, no second').toEqual([key.id, successor.id].sort());
    expect(keys.find((k) => k.id === key.id)?.expires_at, 'the grace is not cut short').toBe(graceEnds);
    await expectStatus(await stack.client(key.secret!).v1.merchant.$get(), 200);
    // The successor rolls as any key does.
    await expectStatus(await roll(merchant, successor.id, {}), 200);
  });

  it('takes a grace period of up to 7 days and refuses a longer one', async () => {
    const merchant = await stack.merchant();
    const key = await createKey(merchant, 'weekly');
    await expectStatus(await roll(merchant, key.id, { expires_in_seconds: 7 * 86_400 }), 200);
    const longer = await expectStatus(await roll(shop, 'key_any', { expires_in_seconds: 7 * 86_400 + 1 }), 400);
    expect(longer.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_seconds' });
  });
});

describe('webhook endpoints', () => {
  it('creates an endpoint with a signing secret shown once, lists and deletes it', async () => {
    const created = await expectStatus(
      await createEndpoint({
        url: 'https://shop.example/hooks',
        enabled_events: ['payment_intent.succeeded'],
        description: 'orders',
      }),
      200,
    );
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://shop.example/hooks',
      enabled_events: ['payment_intent.succeeded'],
      description: 'orders',
    });
    expect(created.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    const { secret: _, ...shown } = created;
    expect(await listEndpoints()).toEqual([shown]);
    const remove = () => shop.client.v1.webhook_endpoints[':id'].$delete({ param: { id: created.id } });
    expect(await expectStatus(await remove(), 200)).toEqual({
      id: created.id,
      object: 'webhook_endpoint',
      deleted: true,
    });
    expect(await listEndpoints()).toEqual([]);
    await expectStatus(await remove(), 404);
  });

  it('defaults to every event and refuses bad URLs and event names', async () => {
    const everything = await expectStatus(await createEndpoint({ url: 'http://localhost:3000/hook' }), 200);
    expect(everything.enabled_events).toEqual(['*']);
    for (const [body, param] of [
      [{ url: 'ftp://shop.example/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'https://shop.example', enabled_events: ['everything!'] }, 'enabled_events'],
      [{ url: 'https://shop.example', enabled_events: [] }, 'enabled_events'],
    ] as const) {
      const what = JSON.stringify(body);
      // Some are outside the schema on purpose (an unknown event name, none at all): cast to send them as they are.
      const response = await createEndpoint(body as EndpointCreate);
      expect((await expectStatus(response, 400, what)).error.param, what).toBe(param);
    }
  });

  it('requires https on live networks', async () => {
    // Live mode refuses anvil's published keys and an http public address.
    const live = await stack.extraApi({
      PMT_NETWORK: 'moonbeam',
      RPC_URL: stack.chain.rpcUrls.default.http[0]!,
      PRICE_RATES: '{"GLMR":{"USD":"0.25"}}',
      OPERATOR_PRIVATE_KEY: generatePrivateKey(),
      PUBLIC_URL: 'https://pay.shop.test',
    });
    const created = await expectStatus(
      await live.client(stack.adminKey).v1.admin.merchants.$post({
        json: { name: 'Live', email: 'live@example.com' },
        header: {},
      }),
      200,
    );
    const key = created.api_key!;
    expect(key).toMatch(/^sk_live_/);
    const response = await live
      .client(key)
      .v1.webhook_endpoints.$post({ json: { url: 'http://shop.example/hook' }, header: {} });
    expect((await expectStatus(response, 400)).error).toMatchObject({ code: 'url_insecure', param: 'url' });
  });
});

it('returns checksummed addresses everywhere', async () => {
  const intent = await expectStatus(
    await shop.client.v1.payment_intents.$post({
      json: { amount_crypto: '5', asset: stack.deployment.tokenAddress.toLowerCase() },
      header: {},
    }),
    200,
  );
  expect(intent.asset.address).toBe(getAddress(stack.deployment.tokenAddress));
  expect(intent.escrow_address).toBe(getAddress(stack.deployment.escrowAddress));
});
