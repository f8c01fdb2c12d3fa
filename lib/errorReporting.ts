// Unhandled errors reported to Sentry (SENTRY_DSN) through its own SDK: the API's 500s, jobs that failed
// for a reason other than an outage, and crashes. Each report says where it happened (the request id, the
// task and job) and carries no secret: no request, no headers, no query parameters, and every string
// scrubbed of what looks like a key, a secret or a password before it leaves the process.
import * as Sentry from '@sentry/node';
import { isDatabaseBusy, isDatabaseUnreachable, withoutQueryParameters } from './db/client.js';

export interface ErrorReportingOptions {
  dsn: string | undefined;
  /** Which process reports: `api` or `worker`. */
  service: string;
  /** The gateway's mode (`test`, `live`), Sentry's environment. */
  environment: string;
}

/**
 * Starts reporting when a DSN is set. Sentry's client is one per process, so this is called once, by the
 * process's entry script. A crash (an uncaught exception or unhandled rejection) is reported and still
 * ends the process, as it would without Sentry.
 */
export function startErrorReporting({ dsn, service, environment }: ErrorReportingOptions): void {
  if (!dsn) return;
  Sentry.init({
    dsn,
    environment,
    serverName: service,
    // Errors only: no tracing, and none of the automatic instrumentation that would attach requests.
    defaultIntegrations: false,
    skipOpenTelemetrySetup: true,
    integrations: [
      Sentry.linkedErrorsIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration({ mode: 'strict' }),
    ],
    sendDefaultPii: false,
    beforeSend: scrubbed,
  });
  Sentry.setTag('service', service);
}

/** Reports `err` with `tags` (`request_id`, `task`, …) when reporting is on; never a query's parameters. */
export function reportError(err: unknown, tags: Record<string, string>): void {
  if (Sentry.getClient()) Sentry.captureException(withoutQueryParameters(err), { tags });
}

/** viem's errors for a node that did not answer, or refused for load: its outage, not the request's fault. */
const NODE_OUTAGES = new Set([
  'HttpRequestError',
  'TimeoutError',
  'WebSocketRequestError',
  'SocketClosedError',
  'LimitExceededRpcError',
  'ResourceUnavailableRpcError',
]);

/** Whether `err` is an outage of what the process depends on, shown by readiness and alerts, not a bug. */
export function isOutage(err: unknown): boolean {
  if (isDatabaseUnreachable(err) || isDatabaseBusy(err)) return true;
  for (let at = err; at instanceof Error; at = at.cause) if (NODE_OUTAGES.has(at.name)) return true;
  return false;
}

/** Sends what is queued, within `timeoutMs`: before a process exits on its own. */
export async function flushErrorReports(timeoutMs = 2_000): Promise<void> {
  if (Sentry.getClient()) await Sentry.flush(timeoutMs);
}

/** What may carry a credential in an error's text: API keys, webhook and client secrets, URL passwords. */
const SECRETS: [RegExp, string][] = [
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_[redacted]'],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]'],
  [/\badmin_[A-Za-z0-9]{16,}/g, 'admin_[redacted]'],
  [/_secret_[A-Za-z0-9]+/g, '_secret_[redacted]'],
  [/\b(\w+:\/\/[^:/\s@]+):[^@\s/]+@/g, '$1:[redacted]@'],
  [/\b0x[0-9a-fA-F]{64}\b(?=[^0-9a-fA-F]|$)/g, '0x[redacted 32 bytes]'],
];

export function scrubText(text: string): string {
  return SECRETS.reduce((scrubbing, [pattern, replacement]) => scrubbing.replace(pattern, replacement), text);
}

/** The event with every string in it scrubbed (`scrubText`), and no request data at all. */
function scrubbed<E extends { request?: unknown }>(event: E): E {
  const { request: _request, ...rest } = event;
  return JSON.parse(JSON.stringify(rest), (_key, value: unknown) =>
    typeof value === 'string' ? scrubText(value) : value,
  ) as E;
}
