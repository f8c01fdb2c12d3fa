// Delivers one event to one endpoint (a `webhook_delivery`), recording the attempt. A failure is retried
// on WEBHOOK_RETRY_SCHEDULE (about 3 days) and then given up; an endpoint failing for
// WEBHOOK_DISABLE_AFTER_SECONDS without a success is disabled. The attempt is claimed in the database
// first, so a duplicate job finds nothing to do. Each redelivery asked for (`redeliveries`) is one attempt
// of its own: claiming one starts the retry schedule afresh, and while any is left the next attempt is at
// once, whatever this one's outcome.
import { and, eq, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { ClientDb } from '../../lib/db/client.js';
import { event, webhookAttempt, webhookDelivery, webhookEndpoint } from '../../lib/db/schema/index.js';
import { enqueueDelivery } from '../../lib/events.js';
import { toEvent } from '../../lib/resources/event.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';
import { postWebhook } from '../webhooks/post.js';

/** The secret the endpoint's last roll replaced while its grace runs (by the database's clock, as the roll set it). */
const previousSecretInGrace = sql<string | null>`CASE WHEN ${webhookEndpoint.previousSecretExpiresAt} > now()
  THEN ${webhookEndpoint.previousSecret} END`;

export default jobTask('webhooks__deliver', async ({ deliveryId }, helpers, { config }) => {
  const { webhooks } = config;
  await withJobDb(helpers, async (db) => {
    const due = eq(webhookDelivery.id, deliveryId);
    const [claimed] = await db
      .update(webhookDelivery)
      .set({
        attempts: sql`${webhookDelivery.attempts} + 1`,
        redeliveries: sql`greatest(${webhookDelivery.redeliveries} - 1, 0)`,
        failures: sql`CASE WHEN ${webhookDelivery.redeliveries} > 0 THEN 0 ELSE ${webhookDelivery.failures} END`,
        // A lease: nobody else attempts it until this attempt has had its time.
        nextAttemptAt: sql`now() + make_interval(secs => ${(webhooks.timeoutMs * 3) / 1000})`,
      })
      .where(and(due, eq(webhookDelivery.state, 'pending'), lte(webhookDelivery.nextAttemptAt, sql`now()`)))
      .returning();
    if (!claimed) return;
    const [target] = await db
      .select({
        event,
        endpoint: webhookEndpoint,
        previousSecret: previousSecretInGrace,
      })
      .from(webhookDelivery)
      .innerJoin(event, eq(event.id, webhookDelivery.eventId))
      .innerJoin(webhookEndpoint, eq(webhookEndpoint.id, webhookDelivery.endpointId))
      .where(due);
    const { endpoint, previousSecret } = target!;
    if (endpoint.deletedAt || endpoint.disabledAt) {
      await db.update(webhookDelivery).set({ state: 'failed', nextAttemptAt: null, redeliveries: 0 }).where(due);
      return;
    }
    const result = await postWebhook(
      endpoint.url,
      previousSecret ? [endpoint.secret, previousSecret] : [endpoint.secret],
      target!.event.id,
      JSON.stringify(toEvent(target!.event)),
      {
        timeoutMs: webhooks.timeoutMs,
        allowPrivateAddresses: webhooks.allowPrivateAddresses,
      },
    );
    await db.insert(webhookAttempt).values({
      deliveryId,
      attempt: claimed.attempts,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      response: result.response,
    });
    if (result.delivered) {
      await db.update(webhookEndpoint).set({ failingSince: null }).where(eq(webhookEndpoint.id, endpoint.id));
    } else {
      helpers.logger.info(`delivery ${deliveryId} to ${endpoint.url} failed: ${result.statusCode ?? result.response}`);
      await noteFailure(db, endpoint.id, webhooks.disableAfterMs);
    }
    const failures = result.delivered ? 0 : claimed.failures + 1;
    const wait = result.delivered ? undefined : webhooks.retrySchedule[failures - 1];
    const settled = result.delivered ? 'delivered' : wait === undefined ? 'failed' : 'pending';
    // A redelivery asked for before or during this attempt goes next, at once. The database's clock decides,
    // as it does for the claim above and for graphile-worker's run_at.
    const owed = sql`${webhookDelivery.redeliveries} > 0`;
    const retry = wait === undefined ? sql`NULL` : sql`now() + make_interval(secs => ${wait})`;
    const [next] = await db
      .update(webhookDelivery)
      .set({
        failures,
        ...(result.delivered ? { deliveredAt: new Date() } : {}),
        state: sql`CASE WHEN ${owed} THEN 'pending' ELSE ${settled} END`,
        nextAttemptAt: sql`CASE WHEN ${owed} THEN now() ELSE ${retry} END`,
      })
      .where(due)
      .returning({ state: webhookDelivery.state, at: webhookDelivery.nextAttemptAt });
    if (next!.state === 'pending') await enqueueDelivery(db, config.workerSchema, deliveryId, next!.at!);
  });
});

/** The endpoint fails since now unless it already did; it is disabled once that is `disableAfterMs` ago. */
async function noteFailure(db: ClientDb, endpointId: string, disableAfterMs: number) {
  const ofEndpoint = eq(webhookEndpoint.id, endpointId);
  await db
    .update(webhookEndpoint)
    .set({ failingSince: sql`coalesce(${webhookEndpoint.failingSince}, now())` })
    .where(ofEndpoint);
  await db
    .update(webhookEndpoint)
    .set({ disabledAt: new Date() })
    .where(
      and(
        ofEndpoint,
        isNotNull(webhookEndpoint.failingSince),
        lt(webhookEndpoint.failingSince, sql`now() - make_interval(secs => ${disableAfterMs / 1000})`),
      ),
    );
}
