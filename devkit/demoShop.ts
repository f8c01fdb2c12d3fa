// A stand-in merchant site for the dev stack and the browser tests, on an origin of its own: /buy makes
// a payment intent server-side with the merchant's secret key (as a real shop's backend would) and sends
// the buyer to the hosted checkout; /widget embeds <pmt-checkout> in a plain page and logs its DOM events;
// /return is where both come back to.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { pmtClient } from '../api/client.js';

export interface DemoShopOptions {
  /** Where this server reaches the gateway's API. */
  apiUrl: string;
  /** Where browsers reach it (its public URL). */
  browserApiUrl: string;
  merchantKey: string;
  port: number;
}

export interface DemoShop {
  url: string;
  close(): Promise<void>;
}

const ORDER = { amount: 2500, currency: 'USD', description: 'Demo order: 1 × T-shirt' };

export async function startDemoShop({ apiUrl, browserApiUrl, merchantKey, port }: DemoShopOptions): Promise<DemoShop> {
  const app = new Hono();
  const url = `http://localhost:${port}`;
  const pmt = pmtClient(apiUrl, merchantKey);
  const createIntent = async (asset: string | undefined) => {
    const response = await pmt.v1.payment_intents.$post({
      json: { ...ORDER, asset: asset ?? 'native', return_url: `${url}/return` },
      header: {},
    });
    if (!response.ok)
      throw new Error(`creating the demo intent failed: ${response.status} ${JSON.stringify(await response.json())}`);
    return response.json();
  };
  const layout = (title: string, content: unknown) =>
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><h1>${title}</h1>${content}</body></html>`;

  app.get('/', (c) =>
    c.html(
      layout(
        'Demo shop',
        html`<p>1 × T-shirt, 25.00 USD.</p>
          <p><a href="/buy">Buy on the hosted checkout</a></p>
          <p><a href="/widget">Buy with the checkout embedded in this page</a></p>`,
      ),
    ),
  );
  // A GET, so the dev banner can print it: each visit is a new order.
  app.get('/buy', async (c) => c.redirect((await createIntent(c.req.query('asset'))).checkout_url, 303));
  app.get('/widget', async (c) => {
    const intent = await createIntent(c.req.query('asset'));
    return c.html(
      layout(
        'Demo shop: embedded checkout',
        html`<script type="module" src="${browserApiUrl}/assets/widget.js"></script>
          <pmt-checkout intent="${intent.id}" client-secret="${intent.client_secret}"></pmt-checkout>
          <h2>Events</h2>
          <ol id="events"></ol>
          <script type="module">
            ${raw(`const log = document.getElementById('events');
            for (const name of ['pmt:processing', 'pmt:succeeded', 'pmt:failed', 'pmt:expired'])
              document.addEventListener(name, (event) => {
                const item = document.createElement('li');
                item.textContent = name + ' ' + event.detail.paymentIntent.status;
                log.append(item);
              });`)}
          </script>`,
      ),
    );
  });
  app.get('/return', (c) =>
    c.html(
      layout(
        'Back at the demo shop',
        html`<p>Payment intent <code>${c.req.query('payment_intent') ?? ''}</code>: <strong id="status">${c.req.query('status') ?? ''}</strong></p>`,
      ),
    ),
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(started));
  });
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
