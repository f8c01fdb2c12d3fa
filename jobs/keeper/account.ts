// The keeper's signer. Jobs only ever need `address` and `signTransaction`, so any viem `LocalAccount`
// will do: the key from the environment here, or a KMS or remote signer wrapped with viem's `toAccount`
// (see README, "Keeper settings"). Signing stays inside the serial path of ./session.ts.
import type { LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { KeeperConfig } from '../config.js';

export function keeperAccount(config: KeeperConfig): LocalAccount {
  return privateKeyToAccount(config.privateKey);
}
