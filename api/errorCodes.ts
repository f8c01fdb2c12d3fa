// Every error code the API answers with, and the HTTP status and Stripe-style type it always comes with.
// Handlers name only the code (`new ApiError('wallet_in_use', …)`); the OpenAPI document lists the codes.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const errorTypes = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'idempotency_error',
  'rate_limit_error',
  'api_error',
] as const;

export type ErrorType = (typeof errorTypes)[number];

const invalid = { status: 400, type: 'invalid_request_error' } as const;
const unauthenticated = { status: 401, type: 'authentication_error' } as const;
const forbidden = { status: 403, type: 'permission_error' } as const;
const conflict = { status: 409, type: 'invalid_request_error' } as const;
/** A 503 says when to try again (`Retry-After`, in seconds): soon for a busy moment, later for a pause. */
const unavailable = (retryAfterSeconds: number) => ({ status: 503, type: 'api_error', retryAfterSeconds }) as const;

export const errorCodes = {
  // The request itself
  parameter_invalid: invalid,
  parameter_missing: invalid,
  parameter_unknown: invalid,
  invalid_request: invalid,
  body_invalid_json: invalid,
  address_invalid: invalid,
  address_checksum_invalid: invalid,
  amount_too_large: invalid,
  ruling_transaction_invalid: invalid,
  currency_not_supported: invalid,
  asset_not_allowed: invalid,
  network_not_served: invalid,
  url_insecure: invalid,
  event_type_unknown: invalid,
  webhook_endpoints_limit: invalid,
  payout_wallet_missing: invalid,
  idempotency_key_invalid: invalid,
  body_too_large: { status: 413, type: 'invalid_request_error' },
  content_type_invalid: { status: 415, type: 'invalid_request_error' },
  resource_missing: { status: 404, type: 'invalid_request_error' },
  route_not_found: { status: 404, type: 'invalid_request_error' },
  // Who is asking
  api_key_missing: unauthenticated,
  api_key_invalid: unauthenticated,
  api_key_revoked: unauthenticated,
  api_key_expired: unauthenticated,
  api_key_wrong_mode: unauthenticated,
  admin_key_invalid: unauthenticated,
  permission_denied: forbidden,
  admin_api_disabled: forbidden,
  merchant_suspended: forbidden,
  merchant_unverified: forbidden,
  rate_limit: { status: 429, type: 'rate_limit_error' },
  // State that forbids the action
  payment_intent_unexpected_state: conflict,
  api_key_inactive: conflict,
  roll_grace_period_active: conflict,
  wallet_in_use: conflict,
  payment_disputed: conflict,
  refund_window_closed: conflict,
  dispute_deadline_passed: conflict,
  dispute_ruling_pending: conflict,
  idempotency_key_reused: { status: 422, type: 'idempotency_error' },
  // Us and what we depend on
  internal_error: { status: 500, type: 'api_error' },
  database_busy: unavailable(1),
  database_unavailable: unavailable(5),
  chain_unavailable: unavailable(2),
  price_unavailable: unavailable(5),
  indexer_unavailable: unavailable(5),
  checkout_unavailable: unavailable(5),
  escrow_paused: unavailable(60),
} as const satisfies Record<string, { status: ContentfulStatusCode; type: ErrorType; retryAfterSeconds?: number }>;

export type ErrorCode = keyof typeof errorCodes;
