// A merchant's webhook endpoint for the demo and tests: a local HTTP server that verifies every delivery
// with the `standardwebhooks` library (as a merchant would) and keeps what arrived; `answer` decides the
// status it answers with.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  /** The body as it arrived: what the signatures sign. */
  body: string;
  /** The event, parsed after its signature checked out. */
  event: { id: string; type: string; data: { object: { id: string; status?: string; [field: string]: unknown } } };
  verified: boolean;
  /** When it arrived (performance.now()). */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The signing secret to verify with (set once the endpoint is created). */
  secret?: string;
  /** The status to answer the `n`-th request (0-based) with; 200 unless set. */
  answer: (n: number) => number;
  /** How long to wait before answering the `n`-th request: past the sender's timeout, it never hears. */
  delayMs?: (n: number) => number;
  /** Told of each webhook accepted, as it arrives. */
  onReceived?: (webhook: ReceivedWebhook) => void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const n = requests++;
      const delay = receiver.delayMs?.(n) ?? 0;
      if (delay > 0) await new Promise((later) => setTimeout(later, delay));
      const at = performance.now();
      const status = receiver.answer(n);
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      let event: ReceivedWebhook['event'];
      try {
        event = new Webhook(receiver.secret!).verify(body, req.headers as Record<string, string>) as typeof event;
        verified = true;
      } catch {
        event = JSON.parse(body);
      }
      if (status >= 200 && status < 300) {
        const webhook = { id: String(req.headers['webhook-id']), headers: req.headers, body, event, verified, at };
        receiver.received.push(webhook);
        receiver.onReceived?.(webhook);
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return receiver;
}
