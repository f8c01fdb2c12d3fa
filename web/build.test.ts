// The widget bundle stays small (the budget: 80 kB gzipped, viem included) and self-contained:
// nothing in it loads code or fonts from elsewhere at run time, and WalletConnect (a bundle of its own,
// loaded when a buyer picks it) is not in it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildWebAssets } from './build.js';

const WIDGET_BUDGET_GZIP_BYTES = 80 * 1024;
const outDir = mkdtempSync(join(tmpdir(), 'pmt-web-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('bundles the widget within its size budget, with nothing fetched from elsewhere', async () => {
  const sizes = await buildWebAssets(outDir);
  const widget = sizes.find((size) => size.file === 'widget.js')!;
  expect(widget.gzipBytes).toBeGreaterThan(10 * 1024); // viem and lit-html are in it
  expect(widget.gzipBytes).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP_BYTES);
  const code = readFileSync(join(outDir, 'widget.js'), 'utf8');
  expect(code).not.toMatch(/\bimport\s*\(?\s*["'`]https?:/);
  expect(code).not.toMatch(/@import|fonts\.googleapis|cdn\./);
  expect(code).not.toMatch(/walletconnect\.(org|com)|reown/i);
  expect(sizes.map((size) => size.file).sort()).toEqual([
    'console-charts.js',
    'console-wallet.js',
    'walletconnect.js',
    'widget.js',
  ]);
});
