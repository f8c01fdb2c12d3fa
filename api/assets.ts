// What a merchant may be paid in on a network: its native currency, or a token its escrow allows (read from
// the indexed allow-list), with its symbol and decimals read once from the token contract.
import { and, eq } from 'drizzle-orm';
import { type Address, erc20Abi, getAddress, isAddress } from 'viem';
import type { Db, DbTransaction } from '../lib/db/client.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import type { ApiServices, NetworkServices } from './context.js';
import { ApiError } from './errors.js';

export interface Asset {
  token: Address;
  symbol: string;
  decimals: number;
}

/** `native`, or a token address (mixed case must carry a valid EIP-55 checksum) the escrow of `network` allows. */
export async function resolveAsset(
  services: ApiServices,
  db: Db | DbTransaction,
  network: NetworkServices,
  asset: string,
  param = 'asset',
): Promise<Asset> {
  const { chain } = network.network;
  if (asset === 'native')
    return { token: NATIVE_TOKEN, symbol: chain.nativeCurrency.symbol, decimals: chain.nativeCurrency.decimals };
  if (!isAddress(asset)) {
    throw new ApiError(
      'parameter_invalid',
      `Invalid ${param}: use "native" or a token address (0x + 40 hex digits, with a correct EIP-55 checksum if mixed-case).`,
      param,
    );
  }
  const token = asset.toLowerCase();
  const { tokenAllowance } = services.views;
  const [allowed] = await db
    .select({ token: tokenAllowance.token })
    .from(tokenAllowance)
    .where(
      and(eq(tokenAllowance.chainId, chain.id), eq(tokenAllowance.token, token), eq(tokenAllowance.allowed, true)),
    );
  if (!allowed)
    throw new ApiError(
      'asset_not_allowed',
      `The escrow on ${network.network.name} does not accept ${getAddress(token)}; allowed tokens are set by the escrow's admin.`,
      param,
    );
  return tokenInfo(services, network, getAddress(token));
}

/** The symbol and decimals of `token` on `network`, read from its contract once. */
export function tokenInfo(services: ApiServices, network: NetworkServices, token: Address): Promise<Asset> {
  const key = `${network.network.chain.id}:${token.toLowerCase()}`;
  let info = services.tokens.get(key);
  if (!info) {
    info = readToken(network, token);
    services.tokens.set(key, info);
    info.catch(() => services.tokens.delete(key));
  }
  return info;
}

async function readToken({ chain, network }: NetworkServices, token: Address): Promise<Asset> {
  const contract = { address: token, abi: erc20Abi } as const;
  try {
    const [symbol, decimals] = await Promise.all([
      chain.readContract({ ...contract, functionName: 'symbol' }),
      chain.readContract({ ...contract, functionName: 'decimals' }),
    ]);
    return { token: token.toLowerCase() as Address, symbol, decimals };
  } catch {
    throw new ApiError('chain_unavailable', `Could not read token ${token} from ${network.name}; retry shortly.`);
  }
}
