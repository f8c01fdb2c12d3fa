// The merchant's own account through the API: payout wallet, payout settings, API keys and webhook
// endpoints — happy paths and the documented errors.

import { getAddress } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';

let stack: ApiStack;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  shop = await stack.merchant({ wallet: false });
}, 120_000);
afterAll(() => stack?.stop());

describe('payout wallet', () => {
  const checksummed = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';

  it('starts unset, then takes a checksummed or all-lower-case address and answers EIP-55', async () => {
    expect((await shop.call('GET', '/v1/merchant')).body).toMatchObject({
      object: 'merchant',
      id: shop.id,
      payout_address: null,
      payout_schedule: 'daily',
      minimum_payouts: {},
      fee_bps: 100,
      hold_period_seconds: 604_800,
    });
    const lower = await shop.call('POST', '/v1/merchant/wallet', { address: checksummed.toLowerCase() });
    expect(lower.status).toBe(200);
    expect(lower.body.payout_address).toBe(checksummed);
    const again = await shop.call('POST', '/v1/merchant/wallet', { address: checksummed });
    expect(again.body.payout_address).toBe(checksummed);
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
    const response = await shop.call('POST', '/v1/merchant/wallet', { address });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code, param: 'address' });
    expect((await shop.call('GET', '/v1/merchant')).body.payout_address).toBe(checksummed);
  });

  it('refuses a missing or extra field', async () => {
    const missing = await shop.call('POST', '/v1/merchant/wallet', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'address' });
    const extra = await shop.call('POST', '/v1/merchant/wallet', { address: checksummed, chain: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'parameter_unknown', param: 'chain' });
  });

  it('signs new intents for the new wallet', async () => {
    const intent = (await shop.call('POST', '/v1/payment_intents', { amount_crypto: '1000' })).body;
    expect(intent.signed_intent.merchant).toBe(checksummed);
  });
});

describe('payout settings', () => {
  it('sets the schedule and per-asset minimums', async () => {
    const token = stack.deployment.tokenAddress;
    const response = await shop.call('POST', '/v1/merchant/payout_settings', {
      schedule: 'weekly',
      minimum_payouts: { native: '10000000000000000', [token.toLowerCase()]: '5000000' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      payout_schedule: 'weekly',
      minimum_payouts: { native: '10000000000000000', [token.toLowerCase()]: '5000000' },
    });
    const scheduleOnly = await shop.call('POST', '/v1/merchant/payout_settings', { schedule: 'instant' });
    expect(scheduleOnly.body.payout_schedule).toBe('instant');
    // A schedule alone leaves the minimums as they were.
    expect(scheduleOnly.body.minimum_payouts).toEqual({
      native: '10000000000000000',
      [token.toLowerCase()]: '5000000',
    });
    const nothing = await shop.call('POST', '/v1/merchant/payout_settings', {});
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual(scheduleOnly.body);
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
    const before = (await shop.call('GET', '/v1/merchant')).body;
    for (const [body, param] of cases) {
      const response = await shop.call('POST', '/v1/merchant/payout_settings', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.param).toBe(param);
    }
    expect((await shop.call('GET', '/v1/merchant')).body).toEqual(before);
  });
});

describe('API keys', () => {
  it('lists keys without secrets, creates restricted ones, rolls with a grace period and revokes', async () => {
    const merchant = await stack.merchant();
    const listed = (await merchant.call('GET', '/v1/api_keys')).body;
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({
      object: 'api_key',
      mode: 'test',
      permissions: null,
      revoked_at: null,
      expires_at: null,
    });
    expect(listed.data[0].redacted).toBe(`${merchant.key.slice(0, 12)}…`);
    expect(listed.data[0].last_used).toEqual(expect.any(Number));
    expect(JSON.stringify(listed)).not.toContain(merchant.key);

    const created = (
      await merchant.call('POST', '/v1/api_keys', {
        name: 'checkout server',
        permissions: { resources: ['payment_intents'] },
      })
    ).body;
    expect(created).toMatchObject({ name: 'checkout server', permissions: { resources: ['payment_intents'] } });
    expect(created.secret).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect((await merchant.call('GET', '/v1/api_keys')).body.data.map((k: any) => k.secret)).toEqual([
      undefined,
      undefined,
    ]);

    const rolled = (await merchant.call('POST', `/v1/api_keys/${created.id}/roll`, { expires_in_seconds: 3600 })).body;
    expect(rolled).toMatchObject({ name: 'checkout server', permissions: { resources: ['payment_intents'] } });
    expect(rolled.secret).not.toBe(created.secret);
    // The old key keeps working through its grace period.
    expect((await stack.call(created.secret, 'GET', '/v1/payment_intents')).status).toBe(200);
    const old = (await merchant.call('GET', '/v1/api_keys')).body.data.find((k: any) => k.id === created.id);
    const graceLeft = old.expires_at - Math.floor(Date.now() / 1000);
    expect(graceLeft).toBeGreaterThan(3500);
    expect(graceLeft).toBeLessThanOrEqual(3600);

    const revoked = (await merchant.call('POST', `/v1/api_keys/${created.id}/revoke`)).body;
    expect(revoked.revoked_at).toEqual(expect.any(Number));
    const reroll = await merchant.call('POST', `/v1/api_keys/${created.id}/roll`, {});
    expect(reroll.status).toBe(409);
    expect(reroll.body.error).toMatchObject({ code: 'api_key_inactive' });
    expect((await merchant.call('POST', '/v1/api_keys/key_missing/revoke')).status).toBe(404);
  });

  it('refuses to roll a key again in its grace period, keeping that grace and its one successor', async () => {
    const merchant = await stack.merchant();
    const key = (await merchant.call('POST', '/v1/api_keys', { name: 'twice' })).body;
    const successor = (await merchant.call('POST', `/v1/api_keys/${key.id}/roll`, { expires_in_seconds: 3600 })).body;
    const graceEnds = (await merchant.call('GET', '/v1/api_keys')).body.data.find(
      (k: any) => k.id === key.id,
    ).expires_at;

    const again = await merchant.call('POST', `/v1/api_keys/${key.id}/roll`, { expires_in_seconds: 0 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'invalid_request_error', code: 'roll_grace_period_active' });
    const iso = new Date(graceEnds * 1000).toISOString().replace('.000Z', 'Z');
    expect(again.body.error.message).toContain(
      `already rolled; it keeps working until ${iso} (expires_at ${graceEnds})`,
    );
    expect(again.body.error.message).toMatch(/Roll its successor instead, or revoke this key/);

    const keys = (await merchant.call('GET', '/v1/api_keys')).body.data.filter((k: any) => k.name === 'twice');
    expect(keys.map((k: any) => k.id).sort(), 'one successor, no second').toEqual([key.id, successor.id].sort());
    expect(keys.find((k: any) => k.id === key.id).expires_at, 'the grace is not cut short').toBe(graceEnds);
    expect((await stack.call(key.secret, 'GET', '/v1/merchant')).status).toBe(200);
    // The successor rolls as any key does.
    expect((await merchant.call('POST', `/v1/api_keys/${successor.id}/roll`, {})).status).toBe(200);
  });

  it('takes a grace period of up to 7 days and refuses a longer one', async () => {
    const merchant = await stack.merchant();
    const key = (await merchant.call('POST', '/v1/api_keys', { name: 'weekly' })).body;
    const longest = await merchant.call('POST', `/v1/api_keys/${key.id}/roll`, { expires_in_seconds: 7 * 86_400 });
    expect(longest.status).toBe(200);
    const response = await shop.call('POST', `/v1/api_keys/key_any/roll`, { expires_in_seconds: 7 * 86_400 + 1 });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_seconds' });
  });
});

describe('webhook endpoints', () => {
  it('creates an endpoint with a signing secret shown once, lists and deletes it', async () => {
    const created = await shop.call('POST', '/v1/webhook_endpoints', {
      url: 'https://shop.example/hooks',
      enabled_events: ['payment_intent.succeeded'],
      description: 'orders',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://shop.example/hooks',
      enabled_events: ['payment_intent.succeeded'],
      description: 'orders',
    });
    expect(created.body.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    const listed = (await shop.call('GET', '/v1/webhook_endpoints')).body.data;
    expect(listed).toEqual([{ ...created.body, secret: undefined }].map(({ secret: _, ...rest }) => rest));
    const deleted = await shop.call('DELETE', `/v1/webhook_endpoints/${created.body.id}`);
    expect(deleted.body).toEqual({ id: created.body.id, object: 'webhook_endpoint', deleted: true });
    expect((await shop.call('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
    expect((await shop.call('DELETE', `/v1/webhook_endpoints/${created.body.id}`)).status).toBe(404);
  });

  it('defaults to every event and refuses bad URLs and event names', async () => {
    expect(
      (await shop.call('POST', '/v1/webhook_endpoints', { url: 'http://localhost:3000/hook' })).body.enabled_events,
    ).toEqual(['*']);
    for (const [body, param] of [
      [{ url: 'ftp://shop.example/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'https://shop.example', enabled_events: ['everything!'] }, 'enabled_events'],
      [{ url: 'https://shop.example', enabled_events: [] }, 'enabled_events'],
    ] as const) {
      const response = await shop.call('POST', '/v1/webhook_endpoints', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.param).toBe(param);
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
    const key = (
      await live.call(stack.adminKey, 'POST', '/v1/admin/merchants', { name: 'Live', email: 'live@example.com' })
    ).body.api_key as string;
    expect(key).toMatch(/^sk_live_/);
    const response = await live.call(key, 'POST', '/v1/webhook_endpoints', { url: 'http://shop.example/hook' });
    expect(response.body.error).toMatchObject({ code: 'url_insecure', param: 'url' });
  });
});

it('returns checksummed addresses everywhere', async () => {
  const intent = (
    await shop.call('POST', '/v1/payment_intents', {
      amount_crypto: '5',
      asset: stack.deployment.tokenAddress.toLowerCase(),
    })
  ).body;
  expect(intent.asset.address).toBe(getAddress(stack.deployment.tokenAddress));
  expect(intent.escrow_address).toBe(getAddress(stack.deployment.escrowAddress));
});
