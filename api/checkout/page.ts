// GET /checkout/:id — the hosted checkout: a page holding only the <pmt-checkout> element and the widget
// bundle. The intent's client secret travels in the URL fragment, which browsers never send, so neither
// this server's logs nor a proxy's ever see it; the element reads it and asks the API for the rest.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiConfig } from '../config.js';
import type { ApiEnv } from '../context.js';
import { ASSETS_PATH } from './assets.js';

/** Ids as the API makes them (`pi_` + base62); anything else is not a checkout. */
const INTENT_ID = /^pi_[0-9A-Za-z]{1,64}$/;

/**
 * What WalletConnect reaches when it is on: its relay and RPC, and Reown's modal with its wallet list,
 * icons and font. Nothing outside the gateway is allowed otherwise.
 */
const WALLETCONNECT_SOURCES = {
  connect:
    'https://*.walletconnect.org wss://*.walletconnect.org https://*.walletconnect.com wss://*.walletconnect.com https://*.reown.com https://*.web3modal.org',
  img: 'https://*.walletconnect.com https://*.reown.com https://*.web3modal.org',
  font: 'https://fonts.reown.com',
  // WalletConnect's verify API runs in an iframe.
  frame: 'https://verify.walletconnect.org https://verify.walletconnect.com',
};

/** The hosted page's Content-Security-Policy; WalletConnect's provider also reads the chain from the wallet RPC itself. */
function policy(walletConnect: boolean, walletRpcUrls: string[]): string {
  const rpcOrigins = [...new Set(walletRpcUrls.map((url) => new URL(url).origin))].join(' ');
  const outside = (sources: string) => (walletConnect ? ` ${sources}` : '');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // lit-html writes the element's styles into its shadow root as a <style>.
    "style-src 'self' 'unsafe-inline'",
    // Wallet icons arrive as data: URIs from the wallets themselves.
    `img-src 'self' data:${outside(WALLETCONNECT_SOURCES.img)}`,
    `connect-src 'self'${outside(`${WALLETCONNECT_SOURCES.connect} ${rpcOrigins}`)}`,
    `frame-src${walletConnect ? ` ${WALLETCONNECT_SOURCES.frame}` : " 'none'"}`,
    `font-src 'self'${outside(WALLETCONNECT_SOURCES.font)}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function page(intentId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Checkout</title>
<link rel="icon" href="data:,">
<style>body{margin:0;padding:2rem 1rem;background:Canvas;color:CanvasText;font-family:system-ui,sans-serif}@media (max-width:400px){body{padding:0}}</style>
<script type="module" src="${ASSETS_PATH}/widget.js"></script>
</head>
<body>
<main><pmt-checkout hosted intent="${intentId}"></pmt-checkout></main>
<noscript>This checkout needs JavaScript to talk to your wallet.</noscript>
</body>
</html>
`;
}

export function mountCheckoutPage(app: OpenAPIHono<ApiEnv>, config: ApiConfig) {
  const contentSecurityPolicy = policy(
    Boolean(config.walletConnectProjectId),
    config.networks.map(({ walletRpcUrl }) => walletRpcUrl),
  );
  app.get('/checkout/:id', (c) => {
    const id = c.req.param('id');
    if (!INTENT_ID.test(id)) return c.notFound();
    return c.html(page(id), 200, {
      'content-security-policy': contentSecurityPolicy,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });
}
