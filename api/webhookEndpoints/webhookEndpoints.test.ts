// Webhook endpoints in process: event types checked against the catalogue (lib/events.ts), retrieve,
// update, re-enabling an endpoint the gateway disabled, and rolling the signing secret with a grace period.
import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { eventTypes } from '../../lib/events.js';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let api: InProcessApi;
let client: PmtClient;
beforeAll(async () => {
  api = await inProcessApi();
  client = api.client((await api.merchant()).key);
});
afterAll(() => api?.stop());

type EndpointCreate = InferRequestType<PmtClient['v1']['webhook_endpoints']['$post']>['json'];
type EndpointUpdate = InferRequestType<PmtClient['v1']['webhook_endpoints'][':id']['$post']>['json'];

const create = (body: Partial<EndpointCreate>) =>
  client.v1.webhook_endpoints.$post({ json: { url: 'https://shop.example/hooks', ...body }, header: {} });
const get = (id: string, as = client) => as.v1.webhook_endpoints[':id'].$get({ param: { id } });
const update = (id: string, json: EndpointUpdate) =>
  client.v1.webhook_endpoints[':id'].$post({ param: { id }, json, header: {} });

describe('enabled_events', () => {
  it('refuses names outside the catalogue, naming each and pointing to the catalogue', async () => {
    const { error } = await expectStatus(
      await create({
        enabled_events: ['payment_intent.succeeded', 'payment_intent.succeded', 'foo.bar', 'foo.bar'],
      }),
      400,
    );
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      code: 'event_type_unknown',
      param: 'enabled_events',
    });
    expect(error.message).toMatch(/^No such event types: 'payment_intent\.succeded', 'foo\.bar'\. /);
    expect(error.message).toContain(`Use '*' for every event, or types of the catalogue`);
    for (const type of eventTypes) expect(error.message).toContain(type);
  });

  it('accepts every type of the catalogue, and *', async () => {
    for (const enabled_events of [[...eventTypes], ['*']]) {
      const endpoint = await expectStatus(await create({ enabled_events }), 200);
      expect(endpoint.enabled_events).toEqual(enabled_events);
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
    const { secret, ...created } = await expectStatus(await create({ description: 'orders' }), 200);
    expect(secret).toMatch(/^whsec_/);
    expect(await expectStatus(await get(created.id), 200)).toEqual(created);
    const other = api.client((await api.merchant()).key);
    expect((await expectStatus(await get(created.id, other), 404)).error).toMatchObject({ code: 'resource_missing' });
    await expectStatus(await client.v1.webhook_endpoints[':id'].$delete({ param: { id: created.id } }), 200);
    expect((await get(created.id)).status).toBe(404);
    expect((await update(created.id, { description: 'back' })).status).toBe(404);
  });

  it('changes only the fields given, and checks them as create does', async () => {
    const created = await expectStatus(
      await create({ description: 'orders', enabled_events: ['payment_intent.succeeded'] }),
      200,
    );
    expect(await expectStatus(await update(created.id, {}), 200)).toMatchObject({
      url: created.url,
      description: 'orders',
      enabled_events: created.enabled_events,
    });
    const changed = await expectStatus(
      await update(created.id, {
        url: 'https://shop.example/v2/hooks',
        enabled_events: ['refund.succeeded', 'refund.failed'],
      }),
      200,
    );
    expect(changed).toMatchObject({
      url: 'https://shop.example/v2/hooks',
      description: 'orders',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    });
    expect(changed.secret).toBeUndefined();
    expect((await expectStatus(await update(created.id, { description: null }), 200)).description).toBeNull();
    const { error } = await expectStatus(await update(created.id, { enabled_events: ['payout.payed'] }), 400);
    expect(error).toMatchObject({ code: 'event_type_unknown', param: 'enabled_events' });
    expect(error.message).toContain("'payout.payed'");
    expect((await expectStatus(await update(created.id, { url: 'ftp://shop.example' }), 400)).error.param).toBe('url');
    // A field the update does not take: the type refuses it, and so must the API.
    const secret = await update(created.id, { secret: 'whsec_mine' } as EndpointUpdate);
    expect((await expectStatus(secret, 400)).error.code).toBe('parameter_unknown');
    expect(await expectStatus(await get(created.id), 200)).toMatchObject({
      url: 'https://shop.example/v2/hooks',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    });
  });

  it('enables again an endpoint the gateway disabled for failing, forgetting its failures', async () => {
    const created = await expectStatus(await create({}), 200);
    // What webhooks__deliver does after WEBHOOK_DISABLE_AFTER_SECONDS of failures.
    await query(
      api.databaseUrl,
      `UPDATE app.webhook_endpoint SET failing_since = now() - interval '4 days', disabled_at = now() WHERE id = $1`,
      [created.id],
    );
    const disabled = await expectStatus(await get(created.id), 200);
    expect(disabled).toMatchObject({ status: 'disabled', disabled_at: expect.any(Number) });
    const enabled = await expectStatus(await update(created.id, { disabled: false }), 200);
    expect(enabled).toMatchObject({ status: 'enabled', disabled_at: null });
    const [row] = await query<{ failing_since: Date | null }>(
      api.databaseUrl,
      'SELECT failing_since FROM app.webhook_endpoint WHERE id = $1',
      [created.id],
    );
    expect(row!.failing_since).toBeNull();
    // The merchant may pause it too.
    expect(await expectStatus(await update(created.id, { disabled: true }), 200)).toMatchObject({ status: 'disabled' });
  });
});

describe('roll_secret', () => {
  const roll = (
    id: string,
    json: { expires_in_seconds?: number },
    header: { 'idempotency-key'?: string } = {},
    as = client,
  ) => as.v1.webhook_endpoints[':id'].roll_secret.$post({ param: { id }, json, header });
  const secrets = (id: string) =>
    query<{ secret: string; previous_secret: string | null; in_grace: boolean }>(
      api.databaseUrl,
      'SELECT secret, previous_secret, previous_secret_expires_at > now() AS in_grace FROM app.webhook_endpoint WHERE id = $1',
      [id],
    );

  it('answers a new secret once, keeps the old one for the grace period, and refuses a second roll meanwhile', async () => {
    const created = await expectStatus(await create({}), 200);
    const idempotent = { 'idempotency-key': `roll-${created.id}` };
    const rolled = await expectStatus(await roll(created.id, { expires_in_seconds: 3_600 }, idempotent), 200);
    expect(rolled.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(rolled.secret).not.toBe(created.secret);
    const hour = Math.floor(Date.now() / 1000) + 3_600;
    expect(rolled.previous_secret_expires_at).toBeGreaterThanOrEqual(hour - 5);
    expect(rolled.previous_secret_expires_at).toBeLessThanOrEqual(hour + 5);
    expect(await secrets(created.id)).toEqual([
      { secret: rolled.secret, previous_secret: created.secret, in_grace: true },
    ]);
    // A replay answers without the secret, and rolls nothing.
    const replayed = await expectStatus(await roll(created.id, { expires_in_seconds: 3_600 }, idempotent), 200);
    expect(replayed.secret).toBeUndefined();

    const { error } = await expectStatus(await roll(created.id, { expires_in_seconds: 0 }), 409);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'roll_grace_period_active' });
    expect(error.message).toMatch(/still signs deliveries until \d{4}-\d\d-\d\dT.*roll again once/);
    expect((await secrets(created.id))[0]!.secret).toBe(rolled.secret);

    // Once the grace is over, the endpoint can be rolled again.
    await query(
      api.databaseUrl,
      `UPDATE app.webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [created.id],
    );
    const third = await expectStatus(await roll(created.id, {}), 200);
    expect(await secrets(created.id)).toEqual([
      { secret: third.secret, previous_secret: rolled.secret, in_grace: false },
    ]);
  });

  it('with no grace period, retires the old secret at once and may roll again at once', async () => {
    const created = await expectStatus(await create({}), 200);
    const first = await expectStatus(await roll(created.id, { expires_in_seconds: 0 }), 200);
    expect((await secrets(created.id))[0]).toMatchObject({ secret: first.secret, in_grace: false });
    expect((await roll(created.id, {})).status).toBe(200);
  });

  it('refuses a grace over 7 days, an unknown endpoint and another merchant’s', async () => {
    const created = await expectStatus(await create({}), 200);
    const tooLong = await expectStatus(await roll(created.id, { expires_in_seconds: 7 * 86_400 + 1 }), 400);
    expect(tooLong.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_seconds' });
    expect((await roll('we_nosuch', {})).status).toBe(404);
    const other = api.client((await api.merchant()).key);
    expect((await roll(created.id, {}, {}, other)).status).toBe(404);
    expect((await secrets(created.id))[0]!.secret).toBe(created.secret);
  });
});
