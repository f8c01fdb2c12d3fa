// Bundles the browser code with esbuild into dist/web, where the API serves it from: one self-contained
// ES module per bundle. WalletConnect is a bundle of its own, which the widget loads by URL only when a
// buyer picks it: built together, esbuild would hoist everything the two share (most of viem) into a
// chunk every page loads. Nothing is fetched from elsewhere at run time (no CDN, no fonts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { projectRoot } from '../lib/projectRoot.js';
import { type WebBundle, webAssetsDir } from '../lib/webAssets.js';

/** Each bundle's entry module. */
const webEntries: Record<WebBundle, string> = {
  'widget.js': join(projectRoot, 'web', 'checkout', 'widget.ts'),
  'walletconnect.js': join(projectRoot, 'web', 'checkout', 'walletConnect.ts'),
  'console-wallet.js': join(projectRoot, 'web', 'console', 'wallet.ts'),
  'console-charts.js': join(projectRoot, 'web', 'console', 'charts.ts'),
};

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildWebAssets(outDir = webAssetsDir): Promise<BundleSize[]> {
  const files = Object.keys(webEntries) as WebBundle[];
  await Promise.all(
    files.map((file) =>
      build({
        entryPoints: [webEntries[file]],
        outfile: join(outDir, file),
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
        minify: true,
        legalComments: 'none',
        logLevel: 'silent',
        // A style sheet a bundle imports (uPlot's) comes in as text, for the island to put in the page.
        loader: { '.css': 'text' },
      }),
    ),
  );
  return files.map((file) => {
    const contents = readFileSync(join(outDir, file));
    return { file, bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length };
  });
}
