// The browser bundles (dist/web, made by `npm run build:web`) as the API serves them: read and gzipped
// once per build, and open to every origin, since merchants load the widget from their own pages.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type WebBundle, webAssetsDir, webBundles } from '../../lib/webAssets.js';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

export const ASSETS_PATH = '/assets';

interface Bundle {
  /** The file's modification time when read: a rebuild is served without a restart. */
  mtimeMs: number;
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
}

export function mountWebAssets(app: OpenAPIHono<ApiEnv>, dir = webAssetsDir) {
  const loaded = new Map<WebBundle, Bundle>();
  // Read on request, not at start, so an API started before `npm run build:web` (or a rebuild) serves it.
  const load = (name: WebBundle): Bundle => {
    const file = join(dir, name);
    let body: Buffer;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
      const cached = loaded.get(name);
      if (cached?.mtimeMs === mtimeMs) return cached;
      body = readFileSync(file);
    } catch {
      throw new ApiError(
        'checkout_unavailable',
        `The checkout is not built (${join(dir, name)} is missing): run \`npm run build:web\`, then retry.`,
      );
    }
    const bundle = {
      mtimeMs,
      body,
      gzip: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    loaded.set(name, bundle);
    return bundle;
  };
  app.get(`${ASSETS_PATH}/:file`, (c) => {
    const name = c.req.param('file') as WebBundle;
    if (!webBundles.includes(name)) return c.notFound();
    const bundle = load(name);
    const headers: Record<string, string> = {
      'content-type': 'text/javascript; charset=utf-8',
      // Short: merchants' pages keep the same URL across gateway upgrades.
      'cache-control': 'public, max-age=300',
      etag: bundle.etag,
      vary: 'accept-encoding',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    };
    if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304, headers);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? ''))
      return c.body(bundle.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' });
    return c.body(bundle.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
}
