// Where `npm run build:web` writes the browser bundles and the API serves them from.
import { join } from 'node:path';
import { projectRoot } from './projectRoot.js';

export const webAssetsDir = join(projectRoot, 'dist', 'web');

/** The bundles by the file name they are served under. */
export const webBundles = ['widget.js', 'walletconnect.js', 'console-wallet.js', 'console-charts.js'] as const;

export type WebBundle = (typeof webBundles)[number];
