// Bundles the browser code with esbuild into dist/web, where the API serves it from. One ES module per
// entry, viem and the wallet code included, nothing fetched at run time (no CDN, no fonts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { projectRoot } from '../lib/projectRoot.js';
import { type WebBundle, webAssetsDir } from '../lib/webAssets.js';

/** Each bundle's entry module. */
const webEntries: Record<WebBundle, string> = { 'widget.js': join(projectRoot, 'web', 'checkout', 'widget.ts') };

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildWebAssets(outDir = webAssetsDir): Promise<BundleSize[]> {
  await build({
    entryPoints: Object.entries(webEntries).map(([out, source]) => ({ in: source, out: out.replace(/\.js$/, '') })),
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return (Object.keys(webEntries) as WebBundle[]).map((file) => {
    const contents = readFileSync(join(outDir, file));
    return { file, bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length };
  });
}
