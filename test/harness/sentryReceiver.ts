// A stand-in for Sentry's ingestion endpoint, so that tests can read what the real SDK sends: a DSN
// pointing here, and every envelope kept, raw (to look for secrets in) and as its events.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface SentryEvent {
  exception?: { values: { type: string; value: string }[] };
  tags?: Record<string, string>;
  server_name?: string;
  environment?: string;
}

export interface SentryReceiver {
  dsn: string;
  /** Every envelope's body as it arrived (unzipped). */
  envelopes: string[];
  /** The error events of every envelope. */
  events(): SentryEvent[];
  close(): Promise<void>;
}

export async function startSentryReceiver(): Promise<SentryReceiver> {
  const envelopes: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString());
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    envelopes,
    events: () =>
      envelopes.flatMap((envelope) => {
        // An envelope: its header, then each item as a header line and a payload line.
        const [, ...items] = envelope.split('\n').filter(Boolean);
        const events: SentryEvent[] = [];
        for (let at = 0; at + 1 < items.length; at += 2) {
          if ((JSON.parse(items[at]!) as { type: string }).type === 'event') events.push(JSON.parse(items[at + 1]!));
        }
        return events;
      }),
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
