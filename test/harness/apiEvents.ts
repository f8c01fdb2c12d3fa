// Reads a Server-Sent Events stream as a test client: each event with the time it arrived, its data
// checked by `check` (the stack checks it against /openapi.json) before a test sees it.
export interface ReceivedEvent {
  event: string;
  data: any;
  at: number;
}

export interface EventStream {
  events: ReceivedEvent[];
  /** Resolves with the first event (already received or to come) that `match` accepts. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Stops reading; throws what went wrong while reading, a bad event included. */
  close(): void;
  response: Response;
}

export interface EventStreamOptions {
  check(data: unknown): void;
  fetch: typeof fetch;
}

export async function openEventStream(url: string, { check, fetch }: EventStreamOptions): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  const events: ReceivedEvent[] = [];
  /** What went wrong reading the stream (a bad event, a dropped connection): fails `next()` and `close()`. */
  let failure: Error | undefined;
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).replace(/^ /, '')]);
            // A message's data may span several `data:` lines, joined by newlines (the SSE spec).
            const dataLines = fields.filter(([name]) => name === 'data').map(([, value]) => value);
            if (dataLines.length === 0) continue;
            const data: unknown = JSON.parse(dataLines.join('\n'));
            check(data);
            const event = fields.filter(([name]) => name === 'event').at(-1)?.[1] ?? 'message';
            events.push({ event, data, at: performance.now() });
            for (const wake of waiters) wake();
          }
        }
      } catch (err) {
        if (!abort.signal.aborted) failure ??= err as Error;
      }
      for (const wake of waiters) wake();
    })();
  }
  return {
    events,
    response,
    close() {
      abort.abort();
      if (failure) throw failure;
    },
    next(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const settle = () => {
          const found = events.find(match);
          if (!found && !failure) return false;
          waiters.delete(settle);
          clearTimeout(timer);
          if (failure) reject(failure);
          else resolve(found!);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(settle);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data.status))}`,
            ),
          );
        }, timeoutMs);
        if (!settle()) waiters.add(settle);
      });
    },
  };
}
