// A typed client for TypeScript integrations, inferred from the routes themselves (hono/client): paths,
// parameters, bodies and responses are checked at compile time.
//
//   const pmt = pmtClient('https://pay.example.com', process.env.PMT_SECRET_KEY!);
//   const res = await pmt.v1.payment_intents.$post({ json: { amount: 10000, currency: 'USD' }, header: {} });
//   if (res.ok) console.log((await res.json()).checkout_url);
import { hc } from 'hono/client';
import type { ApiApp } from './app.js';

export function pmtClient(baseUrl: string, secretKey: string, init: { fetch?: typeof fetch } = {}) {
  return hc<ApiApp>(baseUrl, { headers: { authorization: `Bearer ${secretKey}` }, fetch: init.fetch });
}

export type PmtClient = ReturnType<typeof pmtClient>;
