// Debian's chromium driven by playwright-core, headless and offline, for tests of pages the API serves.
// `npm test` provisions it first (scripts/check-chromium.ts), so a browser test never finds none.
import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's package puts it, and Ubuntu's older name for it. */
const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** CHROMIUM_PATH when set (whether or not it is there), else the first installed of the usual paths. */
export function chromiumPath(env = process.env): { path: string; found: boolean; fromEnv: boolean } {
  if (env.CHROMIUM_PATH) return { path: env.CHROMIUM_PATH, found: executable(env.CHROMIUM_PATH), fromEnv: true };
  const path = KNOWN_PATHS.find(executable);
  return { path: path ?? KNOWN_PATHS[0]!, found: path !== undefined, fromEnv: false };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath().path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
