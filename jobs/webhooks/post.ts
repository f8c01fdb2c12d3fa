// One webhook POST, signed by the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`,
// `webhook-signature: v1,<base64 HMAC-SHA256>` with the endpoint's `whsec_` secret, or one such signature
// per secret, space-separated, while a rolled secret's grace runs), to the address that was checked
// (./address.ts), redirects not followed, within the timeout; answered 2xx means delivered.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { BlockedAddressError, deliveryAddress } from './address.js';

/** How much of a response body is kept for the delivery log. */
const RESPONSE_BYTES = 1_024;

export interface PostResult {
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** The first bytes of the response, or what went wrong. */
  response: string;
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivateAddresses: boolean;
}

/** `webhook-signature`: a receiver holding any one of `secrets` finds the signature it can verify. */
export function webhookSignature(secrets: readonly string[], messageId: string, timestamp: Date, body: string) {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}

export async function postWebhook(
  url: string,
  secrets: readonly string[],
  messageId: string,
  body: string,
  { timeoutMs, allowPrivateAddresses }: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  let resolved: Awaited<ReturnType<typeof deliveryAddress>>;
  try {
    resolved = await deliveryAddress(target, allowPrivateAddresses);
  } catch (err) {
    const reason = err instanceof BlockedAddressError ? err.message : `DNS lookup failed: ${(err as Error).message}`;
    return { delivered: false, statusCode: null, latencyMs: elapsed(), response: reason };
  }
  const timestamp = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'PMT-Gateway-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhookSignature(secrets, messageId, timestamp, body),
  };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
        lookup: (_host, options, callback) => {
          // Node asks for all addresses when `options.all` is set, and for one otherwise.
          if ((options as { all?: boolean }).all) callback(null, [resolved] as never, undefined as never);
          else callback(null, resolved.address, resolved.family);
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_BYTES) chunks.push(chunk.subarray(0, RESPONSE_BYTES - kept));
          kept += chunk.length;
        });
        const done = () => {
          const statusCode = res.statusCode ?? null;
          resolve({
            delivered: statusCode !== null && statusCode >= 200 && statusCode < 300,
            statusCode,
            latencyMs: elapsed(),
            response: Buffer.concat(chunks).toString('utf8'),
          });
        };
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.on('error', (err) =>
      resolve({
        delivered: false,
        statusCode: null,
        latencyMs: elapsed(),
        response:
          err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : err.message,
      }),
    );
    req.end(body);
  });
}
