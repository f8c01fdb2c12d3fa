// Webhook endpoints in process: event types checked against the catalogue (lib/events.ts), retrieve,
// update, re-enabling an endpoint the gateway disabled, and rolling the signing secret with a grace period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../lib/events.js';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

let api: InProcessApi;
let key: string;
beforeAll(async () => {
  api = await inProcessApi();
  ({ key } = await api.merchant());
});
afterAll(() => api?.stop());

const create = (body: object) =>
  api.call(key, 'POST', '/v1/webhook_endpoints', { url: 'https://shop.example/hooks', ...body });

describe('enabled_events', () => {
  it('refuses names outside the catalogue, naming each and pointing to the catalogue', async () => {
    const response = await create({
      enabled_events: ['payment_intent.succeeded', 'payment_intent.succeded', 'foo.bar', 'foo.bar'],
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'event_type_unknown',
      param: 'enabled_events',
    });
    expect(response.body.error.message).toMatch(/^No such event types: 'payment_intent\.succeded', 'foo\.bar'\. /);
    expect(response.body.error.message).toContain(`Use '*' for every event, or types of the catalogue`);
    for (const type of eventTypes) expect(response.body.error.message).toContain(type);
  });

  it('accepts every type of the catalogue, and *', async () => {
    for (const enabled_events of [[...eventTypes], ['*']]) {
      const response = await create({ enabled_events });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.enabled_events).toEqual(enabled_events);
    }
  });

  it('lists the catalogue as the enum of the request schema', async () => {
    const document = (await (await api.fetch('/openapi.json')).json()) as any;
    const schema = document.components.schemas.WebhookEndpointCreate.properties.enabled_events;
    expect(schema.items.enum).toEqual(['*', ...eventTypes]);
  });
});

describe('retrieve and update', () => {
  it('retrieves an endpoint without its secret; another merchant’s or a deleted one is not found', async () => {
    const { secret, ...created } = (await create({ description: 'orders' })).body;
    expect(secret).toMatch(/^whsec_/);
    const path = `/v1/webhook_endpoints/${created.id}`;
    const got = await api.call(key, 'GET', path);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    const other = await api.merchant();
    expect((await api.call(other.key, 'GET', path)).body.error).toMatchObject({ code: 'resource_missing' });
    await api.call(key, 'DELETE', path);
    expect((await api.call(key, 'GET', path)).status).toBe(404);
    expect((await api.call(key, 'POST', path, { description: 'back' })).status).toBe(404);
  });

  it('changes only the fields given, and checks them as create does', async () => {
    const created = (await create({ description: 'orders', enabled_events: ['payment_intent.succeeded'] })).body;
    const path = `/v1/webhook_endpoints/${created.id}`;
    const unchanged = await api.call(key, 'POST', path, {});
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({
      url: created.url,
      description: 'orders',
      enabled_events: created.enabled_events,
    });
    const changed = await api.call(key, 'POST', path, {
      url: 'https://shop.example/v2/hooks',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    });
    expect(changed.body).toMatchObject({
      url: 'https://shop.example/v2/hooks',
      description: 'orders',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    });
    expect(changed.body.secret).toBeUndefined();
    expect((await api.call(key, 'POST', path, { description: null })).body.description).toBeNull();
    const refused = await api.call(key, 'POST', path, { enabled_events: ['payout.payed'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'event_type_unknown', param: 'enabled_events' });
    expect(refused.body.error.message).toContain("'payout.payed'");
    expect((await api.call(key, 'POST', path, { url: 'ftp://shop.example' })).body.error.param).toBe('url');
    expect((await api.call(key, 'POST', path, { secret: 'whsec_mine' })).body.error.code).toBe('parameter_unknown');
    expect((await api.call(key, 'GET', path)).body).toMatchObject({
      url: 'https://shop.example/v2/hooks',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    });
  });

  it('enables again an endpoint the gateway disabled for failing, forgetting its failures', async () => {
    const created = (await create({})).body;
    const path = `/v1/webhook_endpoints/${created.id}`;
    // What webhooks__deliver does after WEBHOOK_DISABLE_AFTER_SECONDS of failures.
    await query(
      api.databaseUrl,
      `UPDATE app.webhook_endpoint SET failing_since = now() - interval '4 days', disabled_at = now() WHERE id = $1`,
      [created.id],
    );
    const disabled = (await api.call(key, 'GET', path)).body;
    expect(disabled).toMatchObject({ status: 'disabled', disabled_at: expect.any(Number) });
    const enabled = await api.call(key, 'POST', path, { disabled: false });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabled_at: null });
    const [row] = await query<{ failing_since: Date | null }>(
      api.databaseUrl,
      'SELECT failing_since FROM app.webhook_endpoint WHERE id = $1',
      [created.id],
    );
    expect(row!.failing_since).toBeNull();
    // The merchant may pause it too.
    expect((await api.call(key, 'POST', path, { disabled: true })).body).toMatchObject({ status: 'disabled' });
  });
});

describe('roll_secret', () => {
  const roll = (id: string, body: object, headers?: Record<string, string>) =>
    api.call(key, 'POST', `/v1/webhook_endpoints/${id}/roll_secret`, body, headers);
  const secrets = (id: string) =>
    query<{ secret: string; previous_secret: string | null; in_grace: boolean }>(
      api.databaseUrl,
      'SELECT secret, previous_secret, previous_secret_expires_at > now() AS in_grace FROM app.webhook_endpoint WHERE id = $1',
      [id],
    );

  it('answers a new secret once, keeps the old one for the grace period, and refuses a second roll meanwhile', async () => {
    const created = (await create({})).body;
    const rolled = await roll(created.id, { expires_in_seconds: 3_600 }, { 'idempotency-key': `roll-${created.id}` });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(rolled.body.secret).not.toBe(created.secret);
    const hour = Math.floor(Date.now() / 1000) + 3_600;
    expect(rolled.body.previous_secret_expires_at).toBeGreaterThanOrEqual(hour - 5);
    expect(rolled.body.previous_secret_expires_at).toBeLessThanOrEqual(hour + 5);
    expect(await secrets(created.id)).toEqual([
      { secret: rolled.body.secret, previous_secret: created.secret, in_grace: true },
    ]);
    // A replay answers without the secret, and rolls nothing.
    const replayed = await roll(created.id, { expires_in_seconds: 3_600 }, { 'idempotency-key': `roll-${created.id}` });
    expect(replayed.status).toBe(200);
    expect(replayed.body.secret).toBeUndefined();

    const again = await roll(created.id, { expires_in_seconds: 0 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'invalid_request_error', code: 'roll_grace_period_active' });
    expect(again.body.error.message).toMatch(/still signs deliveries until \d{4}-\d\d-\d\dT.*roll again once/);
    expect((await secrets(created.id))[0]!.secret).toBe(rolled.body.secret);

    // Once the grace is over, the endpoint can be rolled again.
    await query(
      api.databaseUrl,
      `UPDATE app.webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [created.id],
    );
    const third = await roll(created.id, {});
    expect(third.status).toBe(200);
    expect(await secrets(created.id)).toEqual([
      { secret: third.body.secret, previous_secret: rolled.body.secret, in_grace: false },
    ]);
  });

  it('with no grace period, retires the old secret at once and may roll again at once', async () => {
    const created = (await create({})).body;
    const first = await roll(created.id, { expires_in_seconds: 0 });
    expect((await secrets(created.id))[0]).toMatchObject({ secret: first.body.secret, in_grace: false });
    expect((await roll(created.id, {})).status).toBe(200);
  });

  it('refuses a grace over 7 days, an unknown endpoint and another merchant’s', async () => {
    const created = (await create({})).body;
    const tooLong = await roll(created.id, { expires_in_seconds: 7 * 86_400 + 1 });
    expect(tooLong.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_seconds' });
    expect((await roll('we_nosuch', {})).status).toBe(404);
    const other = await api.merchant();
    const theirs = await api.call(other.key, 'POST', `/v1/webhook_endpoints/${created.id}/roll_secret`, {});
    expect(theirs.status).toBe(404);
    expect((await secrets(created.id))[0]!.secret).toBe(created.secret);
  });
});
