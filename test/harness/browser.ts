// Debian's chromium driven by playwright-core, headless and offline, for tests of pages the API serves.
// `npm test` provisions it first (scripts/check-tools.ts), so a browser test never finds none.
import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where Debian's package puts it. (Ubuntu's /usr/bin/chromium-browser is a stub for a snap: set CHROMIUM_PATH.) */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH when set, else Debian's chromium; and whether it is there to run. */
export function chromiumPath(env = process.env): { path: string; found: boolean; fromEnv: boolean } {
  const path = env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
  return { path, found: executable(path), fromEnv: Boolean(env.CHROMIUM_PATH) };
}

/** `hosts` maps host names to addresses (`--host-resolver-rules`), so pages load from a real name. */
export function launchBrowser({ hosts = {} }: { hosts?: Record<string, string> } = {}): Promise<Browser> {
  const rules = Object.entries(hosts).map(([name, address]) => `MAP ${name} ${address}`);
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
      ...(rules.length > 0 ? [`--host-resolver-rules=${rules.join(', ')}`] : []),
    ],
  });
}
