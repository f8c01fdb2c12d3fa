// How the fault bench's merchants and buyers call the API: as a careful integration (or the SDK) does,
// retrying a refused or failed call with the same Idempotency-Key after `Retry-After`, for as long as a
// shop would. Every attempt is kept with its time and outcome, for the error rate during each fault.
import { randomBytes } from 'node:crypto';

export interface Attempt {
  at: number;
  /** The HTTP status, or 0 when no answer came (refused, reset, timed out). */
  status: number;
  code?: string;
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** How long one call keeps retrying, and how long one attempt may take. */
const GIVE_UP_MS = 240_000;
const ATTEMPT_TIMEOUT_MS = 15_000;

export class ApiClient {
  readonly attempts: Attempt[] = [];

  /** `url()` is asked at every attempt: the API may be a new process on another port after a restart. */
  constructor(private readonly url: () => string) {}

  /**
   * Calls the API until it answers something other than a 5xx, a 429 or nothing; a POST keeps one
   * Idempotency-Key across its attempts. Rejects only when it gives up.
   */
  async call<T = Record<string, unknown>>(
    key: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    const idempotencyKey = randomBytes(12).toString('hex');
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (;;) {
      const answer = await this.#attempt<T>(key, method, path, body, idempotencyKey);
      if (answer && answer.status < 500 && answer.status !== 429) return answer;
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path}: no answer but ${answer?.status} for 4 minutes`);
      await new Promise((retry) => setTimeout(retry, answer?.retryAfterMs ?? 1_000));
    }
  }

  async #attempt<T>(key: string, method: string, path: string, body: unknown, idempotencyKey: string) {
    const at = Date.now();
    try {
      const response = await fetch(`${this.url()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': idempotencyKey }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const json = (await response.json()) as T & { error?: { code: string } };
      this.attempts.push({ at, status: response.status, code: json.error?.code });
      const retryAfter = Number(response.headers.get('retry-after'));
      return { status: response.status, body: json as T, retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined };
    } catch {
      this.attempts.push({ at, status: 0 });
      return undefined;
    }
  }

  /** Of the attempts made from `from` to `to`: how many failed (no answer, or a 5xx), and how many were 500s. */
  errorsBetween(from: number, to: number): { attempts: number; failed: number; internal: number } {
    const window = this.attempts.filter(({ at }) => at >= from && at <= to);
    return {
      attempts: window.length,
      failed: window.filter(({ status }) => status === 0 || status >= 500).length,
      internal: window.filter(({ status }) => status === 500).length,
    };
  }
}
