// The merchant API as a Hono app: shared middleware, every route (one file each under routes/), the
// OpenAPI document and its reference page. `ApiApp` types the TypeScript client (api/client.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { newId } from '../lib/randomToken.js';
import type { ApiEnv, ApiServices } from './context.js';
import { mountDocs } from './docs.js';
import { ApiError, errorBody, fromZodError, onApiError } from './errors.js';
import { requestLog } from './middleware/requestLog.js';
import * as adminMerchantsCreate from './routes/v1_admin_merchants_create.js';
import * as apiKeysCreate from './routes/v1_api_keys_create.js';
import * as apiKeysList from './routes/v1_api_keys_list.js';
import * as apiKeysRevoke from './routes/v1_api_keys_revoke.js';
import * as apiKeysRoll from './routes/v1_api_keys_roll.js';
import * as balanceGet from './routes/v1_balance_get.js';
import * as merchantGet from './routes/v1_merchant_get.js';
import * as merchantPayoutSettingsUpdate from './routes/v1_merchant_payout_settings_update.js';
import * as merchantWalletUpdate from './routes/v1_merchant_wallet_update.js';
import * as paymentIntentsCancel from './routes/v1_payment_intents_cancel.js';
import * as paymentIntentsCreate from './routes/v1_payment_intents_create.js';
import * as paymentIntentsEvents from './routes/v1_payment_intents_events.js';
import * as paymentIntentsGet from './routes/v1_payment_intents_get.js';
import * as paymentIntentsList from './routes/v1_payment_intents_list.js';
import * as payoutsList from './routes/v1_payouts_list.js';
import * as webhookEndpointsCreate from './routes/v1_webhook_endpoints_create.js';
import * as webhookEndpointsDelete from './routes/v1_webhook_endpoints_delete.js';
import * as webhookEndpointsList from './routes/v1_webhook_endpoints_list.js';

function routes(app: OpenAPIHono<ApiEnv>) {
  return app
    .openapi(paymentIntentsCreate.route, paymentIntentsCreate.handler)
    .openapi(paymentIntentsList.route, paymentIntentsList.handler)
    .openapi(paymentIntentsGet.route, paymentIntentsGet.handler)
    .openapi(paymentIntentsCancel.route, paymentIntentsCancel.handler)
    .openapi(paymentIntentsEvents.route, paymentIntentsEvents.handler)
    .openapi(merchantGet.route, merchantGet.handler)
    .openapi(merchantWalletUpdate.route, merchantWalletUpdate.handler)
    .openapi(merchantPayoutSettingsUpdate.route, merchantPayoutSettingsUpdate.handler)
    .openapi(balanceGet.route, balanceGet.handler)
    .openapi(payoutsList.route, payoutsList.handler)
    .openapi(apiKeysList.route, apiKeysList.handler)
    .openapi(apiKeysCreate.route, apiKeysCreate.handler)
    .openapi(apiKeysRoll.route, apiKeysRoll.handler)
    .openapi(apiKeysRevoke.route, apiKeysRevoke.handler)
    .openapi(webhookEndpointsCreate.route, webhookEndpointsCreate.handler)
    .openapi(webhookEndpointsList.route, webhookEndpointsList.handler)
    .openapi(webhookEndpointsDelete.route, webhookEndpointsDelete.handler)
    .openapi(adminMerchantsCreate.route, adminMerchantsCreate.handler);
}

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
          404,
          'invalid_request_error',
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
    c.set('db', services.db);
    c.set('afterCommit', (effect) => effect());
    await next();
  });
  app.use(requestLog);
  // Only requests that may carry a body: checking one makes Node build a full Request (costly for GETs).
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    bodyLimit({
      maxSize: services.config.bodyLimitBytes,
      onError: () => {
        throw new ApiError(
          413,
          'invalid_request_error',
          'body_too_large',
          `Request bodies are limited to ${services.config.bodyLimitBytes} bytes.`,
        );
      },
    }),
  );
  // Hono reads a body of any other type as `{}`, which would skip validation: refuse it outright.
  app.on(['POST', 'PUT', 'PATCH'], '*', async (c, next) => {
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(
        415,
        'invalid_request_error',
        'content_type_invalid',
        'Send request bodies as JSON, with Content-Type: application/json.',
      );
    }
    await next();
  });
  /** The baseline of `npm run bench:api`, and the load balancer's liveness probe. */
  app.get('/healthz', (c) => c.text('ok'));
  mountDocs(app);
  app.use('/v1/payment_intents/:id/events', paymentIntentsEvents.eventsCors);
  return routes(app);
}

export type ApiApp = ReturnType<typeof createApiApp>;
