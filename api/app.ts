// The merchant API as a Hono app: shared middleware, every route (one file each, in its resource's
// folder), the OpenAPI document and its reference page. `ApiApp` types the TypeScript client (api/client.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { newId } from '../lib/randomToken.js';
import * as analyticsGet from './analytics/get.js';
import * as apiKeysCreate from './apiKeys/create.js';
import * as apiKeysList from './apiKeys/list.js';
import * as apiKeysRevoke from './apiKeys/revoke.js';
import * as apiKeysRoll from './apiKeys/roll.js';
import * as auditLogList from './audit/list.js';
import * as balanceGet from './balance/get.js';
import { mountWebAssets } from './checkout/assets.js';
import { mountCheckoutPage } from './checkout/page.js';
import { adminConsoleApp, merchantConsoleApp } from './console/routes.js';
import type { ApiEnv, ApiServices } from './context.js';
import * as disputesAddNote from './disputes/addNote.js';
import * as disputesList from './disputes/list.js';
import * as disputesRecordRuling from './disputes/recordRuling.js';
import * as disputesResolve from './disputes/resolve.js';
import { mountDocs } from './docs.js';
import { ApiError, errorBody, fromZodError, onApiError } from './errors.js';
import * as eventsGet from './events/get.js';
import * as eventsList from './events/list.js';
import * as eventsRedeliver from './events/redeliver.js';
import * as adminMerchantsCreate from './merchants/adminCreate.js';
import * as adminMerchantsList from './merchants/adminList.js';
import * as adminMerchantsUpdate from './merchants/adminUpdate.js';
import * as merchantGet from './merchants/get.js';
import * as merchantPayoutSettingsUpdate from './merchants/updatePayoutSettings.js';
import * as merchantWalletUpdate from './merchants/updateWallet.js';
import { mountMetrics } from './metrics.js';
import { nulApiError, refuseNul } from './middleware/refuseNul.js';
import { requestLog } from './middleware/requestLog.js';
import * as networksList from './networks/list.js';
import * as operationsGet from './operations/get.js';
import * as operationsRunJob from './operations/runJob.js';
import * as adminPaymentIntentsList from './paymentIntents/adminList.js';
import * as paymentIntentsCancel from './paymentIntents/cancel.js';
import * as paymentIntentsCreate from './paymentIntents/create.js';
import * as paymentIntentsEvents from './paymentIntents/events.js';
import * as paymentIntentsGet from './paymentIntents/get.js';
import * as paymentIntentsList from './paymentIntents/list.js';
import * as paymentIntentsRefundAddress from './paymentIntents/refundAddress.js';
import * as payoutsList from './payouts/list.js';
import { mountReadiness } from './readiness.js';
import * as refundsCreate from './refunds/create.js';
import * as refundsGet from './refunds/get.js';
import * as refundsList from './refunds/list.js';
import * as webhookDeliveriesList from './webhookDeliveries/list.js';
import * as webhookEndpointsCreate from './webhookEndpoints/create.js';
import * as webhookEndpointsDelete from './webhookEndpoints/delete.js';
import * as webhookEndpointsDeliveries from './webhookEndpoints/deliveries.js';
import * as webhookEndpointsGet from './webhookEndpoints/get.js';
import * as webhookEndpointsList from './webhookEndpoints/list.js';
import * as webhookEndpointsRollSecret from './webhookEndpoints/rollSecret.js';
import * as webhookEndpointsUpdate from './webhookEndpoints/update.js';

function routes(app: OpenAPIHono<ApiEnv>) {
  return app
    .openapi(paymentIntentsCreate.route, paymentIntentsCreate.handler)
    .openapi(paymentIntentsList.route, paymentIntentsList.handler)
    .openapi(paymentIntentsGet.route, paymentIntentsGet.handler)
    .openapi(paymentIntentsCancel.route, paymentIntentsCancel.handler)
    .openapi(paymentIntentsEvents.route, paymentIntentsEvents.handler)
    .openapi(paymentIntentsRefundAddress.route, paymentIntentsRefundAddress.handler)
    .openapi(merchantGet.route, merchantGet.handler)
    .openapi(merchantWalletUpdate.route, merchantWalletUpdate.handler)
    .openapi(merchantPayoutSettingsUpdate.route, merchantPayoutSettingsUpdate.handler)
    .openapi(balanceGet.route, balanceGet.handler)
    .openapi(networksList.route, networksList.handler)
    .openapi(analyticsGet.route, analyticsGet.handler)
    .openapi(payoutsList.route, payoutsList.handler)
    .openapi(refundsCreate.route, refundsCreate.handler)
    .openapi(refundsList.route, refundsList.handler)
    .openapi(refundsGet.route, refundsGet.handler)
    .openapi(apiKeysList.route, apiKeysList.handler)
    .openapi(apiKeysCreate.route, apiKeysCreate.handler)
    .openapi(apiKeysRoll.route, apiKeysRoll.handler)
    .openapi(apiKeysRevoke.route, apiKeysRevoke.handler)
    .openapi(webhookEndpointsCreate.route, webhookEndpointsCreate.handler)
    .openapi(webhookEndpointsList.route, webhookEndpointsList.handler)
    .openapi(webhookEndpointsGet.route, webhookEndpointsGet.handler)
    .openapi(webhookEndpointsUpdate.route, webhookEndpointsUpdate.handler)
    .openapi(webhookEndpointsRollSecret.route, webhookEndpointsRollSecret.handler)
    .openapi(webhookEndpointsDelete.route, webhookEndpointsDelete.handler)
    .openapi(webhookEndpointsDeliveries.route, webhookEndpointsDeliveries.handler)
    .openapi(webhookDeliveriesList.route, webhookDeliveriesList.handler)
    .openapi(eventsList.route, eventsList.handler)
    .openapi(eventsGet.route, eventsGet.handler)
    .openapi(eventsRedeliver.route, eventsRedeliver.handler)
    .openapi(adminMerchantsCreate.route, adminMerchantsCreate.handler)
    .openapi(adminMerchantsList.route, adminMerchantsList.handler)
    .openapi(adminMerchantsUpdate.route, adminMerchantsUpdate.handler)
    .openapi(auditLogList.route, auditLogList.handler)
    .openapi(disputesList.route, disputesList.handler)
    .openapi(disputesResolve.route, disputesResolve.handler)
    .openapi(disputesRecordRuling.route, disputesRecordRuling.handler)
    .openapi(disputesAddNote.route, disputesAddNote.handler)
    .openapi(operationsGet.route, operationsGet.handler)
    .openapi(operationsRunJob.route, operationsRunJob.handler)
    .openapi(adminPaymentIntentsList.route, adminPaymentIntentsList.handler);
}

/** A year, as browsers' preload rules ask; no `includeSubDomains`: the operator's other hosts are not ours. */
const HSTS = 'max-age=31536000';

export function createApiApp(services: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  app.onError(onApiError);
  app.notFound((c) =>
    c.json(
      errorBody(
        new ApiError(
          'route_not_found',
          `Unrecognized request URL (${c.req.method}: ${c.req.path}). See /docs for the API reference.`,
        ),
      ),
      404,
    ),
  );
  // A caller's own X-Request-Id (word characters, up to 128) is kept and echoed; otherwise a fresh `req_…`.
  app.use(requestId({ generator: () => newId('req'), limitLength: 128 }));
  app.use(async (c, next) => {
    c.set('services', services);
    c.set('api', app);
    c.set('db', services.pool);
    c.set('afterCommit', (effect) => effect());
    await next();
  });
  // Under an https PUBLIC_URL, browsers are told to come back over https only.
  app.use(async (c, next) => {
    await next();
    if (services.config.publicUrl?.startsWith('https://')) c.header('Strict-Transport-Security', HSTS);
  });
  app.use(requestLog);
  app.use(services.metrics.middleware);
  // Only requests that may carry a body: checking one makes Node build a full Request (costly for GETs).
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    bodyLimit({
      maxSize: services.config.bodyLimitBytes,
      onError: () => {
        throw new ApiError('body_too_large', `Request bodies are limited to ${services.config.bodyLimitBytes} bytes.`);
      },
    }),
  );
  // The API's bodies are JSON: Hono reads a body of any other type as `{}`, which would skip validation, so
  // it is refused outright. (The consoles post HTML forms, and read them as forms.)
  app.on(['POST', 'PUT', 'PATCH'], '/v1/*', async (c, next) => {
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError('content_type_invalid', 'Send request bodies as JSON, with Content-Type: application/json.');
    }
    await next();
  });
  // The consoles refuse a NUL with a page of their own (api/console/routes.ts).
  for (const path of ['/v1/*', '/checkout/*']) app.use(path, refuseNul(nulApiError));
  /** The baseline of `npm run bench:api`, and the load balancer's liveness probe. */
  app.get('/healthz', (c) => c.text('ok'));
  mountReadiness(app);
  mountMetrics(app);
  mountDocs(app);
  mountWebAssets(app);
  mountCheckoutPage(app, services.config);
  app.route('/', merchantConsoleApp());
  app.route('/', adminConsoleApp());
  app.use('/v1/payment_intents/:id/events', paymentIntentsEvents.eventsCors);
  app.use('/v1/payment_intents/:id/refund_address', paymentIntentsRefundAddress.refundAddressCors);
  return routes(app);
}

export type ApiApp = ReturnType<typeof createApiApp>;
