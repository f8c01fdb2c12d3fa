// Anvil's public development accounts and the part each plays in the local stack. These keys are
// published with every foundry install: never use them anywhere but a local dev chain.
import { mnemonicToAccount } from 'viem/accounts';

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

const devAccount = (addressIndex: number) => mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex });

export const devAccounts = {
  /** Deploys the contracts and holds DEFAULT_ADMIN_ROLE. */
  admin: devAccount(0),
  /** Signs payment intents (OPERATOR_ROLE). */
  operator: devAccount(1),
  /** Sends batch releases, payouts and refunds (KEEPER_ROLE). */
  keeper: devAccount(2),
  /** Resolves disputes (ARBITER_ROLE). */
  arbiter: devAccount(3),
  /** Receives platform fees. */
  treasury: devAccount(4),
  /** The demo buyer, funded with native currency and test tokens. */
  buyer: devAccount(5),
  /** The demo merchant's payout address. */
  merchant: devAccount(6),
} as const;

/** The private key of a dev account, for printing into a browser wallet import. */
export function devPrivateKey(account: (typeof devAccounts)[keyof typeof devAccounts]): `0x${string}` {
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error('dev account has no private key');
  return `0x${Buffer.from(key).toString('hex')}`;
}
