// Follows an intent over the API's event stream (GET /v1/payment_intents/:id/events). Read with fetch
// rather than EventSource, which hides the HTTP status: an unknown intent or a wrong secret (404) is
// final, while a network error, a 5xx or a stream the API closed is retried with backoff, and the page
// says so meanwhile.
import type { PublicIntent } from './types.js';

export type StreamState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'retrying'; at: number; attempt: number }
  | { kind: 'not_found' };

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

export interface IntentStreamOptions {
  api: string;
  intentId: string;
  clientSecret: string;
  onIntent: (intent: PublicIntent) => void;
  onState: (state: StreamState) => void;
  signal: AbortSignal;
}

export async function followIntent(options: IntentStreamOptions): Promise<void> {
  const { api, intentId, clientSecret, onState, signal } = options;
  const url = `${api}/v1/payment_intents/${encodeURIComponent(intentId)}/events?client_secret=${encodeURIComponent(clientSecret)}`;
  let attempt = 0;
  while (!signal.aborted) {
    onState({ kind: 'connecting' });
    try {
      const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } });
      if (response.status === 404 || response.status === 400) {
        onState({ kind: 'not_found' });
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      await readEvents(response.body, (data) => {
        attempt = 0;
        onState({ kind: 'live' });
        options.onIntent(JSON.parse(data) as PublicIntent);
      });
    } catch {
      // A refused connection, a 5xx or a dropped stream: all retried alike, below.
      if (signal.aborted) return;
    }
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
    attempt += 1;
    onState({ kind: 'retrying', at: Date.now() + delay, attempt });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Calls `onData` with each event's data until the stream ends. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  // DOM's typing of TextDecoderStream takes any BufferSource, wider than a fetch body's chunks.
  const reader = body.pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.search(/\r?\n\r?\n/);
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(buffer.slice(end).match(/^\r?\n\r?\n/)![0].length + end);
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) onData(data);
      end = buffer.search(/\r?\n\r?\n/);
    }
  }
}
