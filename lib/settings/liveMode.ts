// What a live network (real money) refuses that a test network allows: keys anyone can read (anvil's
// published dev accounts), placeholders and dev passwords, plain-http public URLs, one key in two roles,
// and the switches meant for local development and tests.
import { type Hex, isAddressEqual } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import type { Problems } from './problems.js';
import type { VariableName } from './variables.js';

/** The mnemonic anvil, Hardhat and every tutorial use: its accounts' keys are public. */
const PUBLISHED_MNEMONIC = 'test test test test test test test test test test test junk';
const PUBLISHED_ACCOUNTS = 20;

let publishedAddresses: string[] | undefined;
function isPublishedDevKey(key: Hex): number | undefined {
  publishedAddresses ??= Array.from({ length: PUBLISHED_ACCOUNTS }, (_, addressIndex) =>
    mnemonicToAccount(PUBLISHED_MNEMONIC, { addressIndex }).address.toLowerCase(),
  );
  const index = publishedAddresses.indexOf(privateKeyToAccount(key).address.toLowerCase());
  return index < 0 ? undefined : index;
}

/** Values that come from the example env file or a dev stack, never from an operator's own secrets. */
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|placeholder|example/i;
const DEV_DATABASE_PASSWORDS = ['pmt-dev', 'password', 'postgres'];

const KEYS = ['OPERATOR_PRIVATE_KEY', 'KEEPER_PRIVATE_KEY', 'ARBITER_PRIVATE_KEY', 'DEPLOYER_PRIVATE_KEY'] as const;

export interface LiveModeContext {
  /** Whether the process needs a public https address (it builds `checkout_url`s). */
  servesBuyers: boolean;
  /** Whether the process deploys (an admin multisig is then required). */
  deploys: boolean;
}

/**
 * Adds what `network`, a live network, refuses in `vars` (the shared settings and the network's own), each
 * per-network setting named as the operator sets it for that network (`nameOf`).
 */
export function checkLiveMode(
  vars: Record<string, unknown>,
  nameOf: (variable: VariableName) => string,
  network: string,
  { servesBuyers, deploys }: LiveModeContext,
  problems: Problems,
): void {
  const onLive = `on the live network ${network}`;
  for (const name of KEYS) {
    const key = vars[name] as Hex | undefined;
    const index = key === undefined ? undefined : isPublishedDevKey(key);
    if (index !== undefined) {
      problems.add(`${nameOf(name)}: got anvil's published dev account #${index}; needs a key of your own ${onLive}`);
    }
  }
  const adminApiKey = vars.ADMIN_API_KEY as string | undefined;
  if (adminApiKey !== undefined && PLACEHOLDER.test(adminApiKey)) {
    problems.add(`ADMIN_API_KEY: got the example file's placeholder; needs a secret of your own ${onLive}`);
  }
  const databaseUrl = vars.DATABASE_URL as string | undefined;
  const password = databaseUrl === undefined ? undefined : passwordOf(databaseUrl);
  if (password !== undefined && (DEV_DATABASE_PASSWORDS.includes(password) || PLACEHOLDER.test(password))) {
    problems.add(`DATABASE_URL: got a dev or placeholder password; needs a password of your own ${onLive}`);
  }
  const operator = vars.OPERATOR_PRIVATE_KEY as Hex | undefined;
  const keeper = vars.KEEPER_PRIVATE_KEY as Hex | undefined;
  if (operator && keeper && operator.toLowerCase() === keeper.toLowerCase()) {
    problems.add(
      `${nameOf('KEEPER_PRIVATE_KEY')}: got the same key as ${nameOf('OPERATOR_PRIVATE_KEY')}; needs a key of its own ${onLive} (a thief of one must not hold both roles)`,
    );
  }
  const arbiter = vars.ARBITER_PRIVATE_KEY as Hex | undefined;
  if (arbiter && keeper && arbiter.toLowerCase() === keeper.toLowerCase()) {
    problems.add(
      `${nameOf('ARBITER_PRIVATE_KEY')}: got the same key as ${nameOf('KEEPER_PRIVATE_KEY')}; needs a key of its own ${onLive} (the keeper must not rule on disputes)`,
    );
  }
  const operatorAddress = vars.OPERATOR_ADDRESS as string | undefined;
  const keeperAddress = vars.KEEPER_ADDRESS as string | undefined;
  if (operatorAddress && keeperAddress && isAddressEqual(operatorAddress as Hex, keeperAddress as Hex)) {
    problems.add(
      `${nameOf('KEEPER_ADDRESS')}: got the ${nameOf('OPERATOR_ADDRESS')}; needs an account of its own ${onLive}`,
    );
  }
  if (servesBuyers) {
    const publicUrl = vars.PUBLIC_URL as string | undefined;
    if (publicUrl === undefined) problems.add(`PUBLIC_URL: not set; needs the https:// address buyers reach ${onLive}`);
    else if (!publicUrl.startsWith('https://'))
      problems.add(`PUBLIC_URL: got ${JSON.stringify(publicUrl)}; needs https:// ${onLive}`);
  }
  const walletRpcUrl = vars.WALLET_RPC_URL as string | undefined;
  if (walletRpcUrl !== undefined && !walletRpcUrl.startsWith('https://')) {
    problems.add(`${nameOf('WALLET_RPC_URL')}: got ${JSON.stringify(walletRpcUrl)}; needs https:// ${onLive}`);
  }
  if (vars.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === true) {
    problems.add(`WEBHOOK_ALLOW_PRIVATE_ADDRESSES: got "true"; needs false ${onLive} (it is for local development)`);
  }
  if (vars.KEEPER_FAULT !== undefined) {
    problems.add(
      `KEEPER_FAULT: got ${JSON.stringify(vars.KEEPER_FAULT)}; needs to be unset ${onLive} (it kills the worker on purpose)`,
    );
  }
  if (deploys && vars.ADMIN_ADDRESS === undefined) {
    problems.add(
      `${nameOf('ADMIN_ADDRESS')}: not set; needs the multisig (Safe) that administers the escrow ${onLive}`,
    );
  }
}

function passwordOf(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    return '';
  }
}
