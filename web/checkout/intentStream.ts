// Follows an intent over the API's event stream (GET /v1/payment_intents/:id/events). Read with fetch
// rather than EventSource, which hides the HTTP status: an unknown intent or a wrong secret (404) is
// final, while a network error or a 5xx is retried with backoff, and the page says so meanwhile. The API
// ends every stream after a while; that is no outage, so it is resumed at once, without a word.
import { sleep } from './sleep.js';
import type { PublicIntent } from './types.js';

export type StreamState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'retrying'; at: number; attempt: number }
  | { kind: 'not_found' };

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** Between a stream the API closed and the next one. */
const RESUME_MS = 250;

export interface IntentStreamOptions {
  api: string;
  intentId: string;
  clientSecret: string;
  onIntent: (intent: PublicIntent) => void;
  onState: (state: StreamState) => void;
  signal: AbortSignal;
}

/** Nothing can change any more: closed unpaid, or paid and settled (released, refunded or ruled on). */
function finished(intent: PublicIntent): boolean {
  if (intent.payment) return intent.payment.settled !== null;
  return intent.status === 'expired' || intent.status === 'canceled';
}

export async function followIntent(options: IntentStreamOptions): Promise<void> {
  const { api, intentId, clientSecret, onState, signal } = options;
  const url = `${api}/v1/payment_intents/${encodeURIComponent(intentId)}/events`;
  // In a header, not the query: query strings end up in proxies' access logs.
  const headers = { accept: 'text/event-stream', 'x-client-secret': clientSecret };
  let attempt = 0;
  let last: PublicIntent | undefined;
  while (!signal.aborted && !(last && finished(last))) {
    let received = false;
    try {
      const response = await fetch(url, { signal, headers });
      if (response.status === 404 || response.status === 400) {
        onState({ kind: 'not_found' });
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      await readEvents(response.body, (data) => {
        received = true;
        attempt = 0;
        last = JSON.parse(data) as PublicIntent;
        onState({ kind: 'live' });
        options.onIntent(last);
      });
    } catch {
      // A refused connection, a 5xx or a dropped stream: all retried alike, below.
    }
    if (signal.aborted) return;
    const delay = received ? RESUME_MS : BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]!;
    if (!received) onState({ kind: 'retrying', at: Date.now() + delay, attempt });
    await sleep(delay, signal).catch(() => {});
  }
}

/** Calls `onData` with each event's data until the stream ends; the connection is closed either way. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  // DOM's typing of TextDecoderStream takes any BufferSource, wider than a fetch body's chunks.
  const reader = body.pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const data = block
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (data) onData(data);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
