// npm run build:web — bundles the checkout and widget into dist/web for the API to serve, and prints each
// bundle's size (the README's table quotes the gzipped ones).
import { webAssetsDir } from '../lib/webAssets.js';
import { buildWebAssets } from '../web/build.js';

const sizes = await buildWebAssets();
for (const { file, bytes, gzipBytes } of sizes)
  process.stderr.write(
    `${webAssetsDir}/${file}: ${(bytes / 1024).toFixed(1)} kB, ${(gzipBytes / 1024).toFixed(1)} kB gzipped\n`,
  );
