// The typed client (api/client.ts) as tests use it. Its answer is a union of one response per status the
// route documents, so asserting the status is what types the body: `expectStatus` does both in one step.
import { hc } from 'hono/client';
import { expect } from 'vitest';
import type { ApiApp } from '../../api/app.js';
import { type PmtClient, pmtClient } from '../../api/client.js';

/**
 * The typed client at `baseUrl` sending through `send` (a contract-checked fetch), with `key` as its Bearer
 * token, or without any credential when `key` is undefined (what a test of a missing key sends).
 */
export function typedClient(baseUrl: string, key: string | undefined, send: typeof fetch): PmtClient {
  return key === undefined ? hc<ApiApp>(baseUrl, { fetch: send }) : pmtClient(baseUrl, key, { fetch: send });
}

/** An answer of the typed client. */
interface TypedResponse {
  status: number;
  text(): Promise<string>;
}

/** The JSON body of the response of union `R` that has status `S`. */
export type BodyOf<R, S extends number> = R extends { status: S; json(): Promise<infer Body> } ? Body : never;

/**
 * Fails unless `response` has `status` (with `what` the test names the case by, and the body, in the
 * message); resolves with the body, typed for that status.
 */
export async function expectStatus<R extends TypedResponse, S extends R['status']>(
  response: R,
  status: S,
  what?: string,
): Promise<BodyOf<R, S>> {
  const text = await response.text();
  expect(response.status, what ? `${what}: ${text}` : text).toBe(status);
  return JSON.parse(text) as BodyOf<R, S>;
}
