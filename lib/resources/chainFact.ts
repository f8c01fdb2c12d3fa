// A fact on chain as every object shows it: the transaction, its block and time, and an explorer link.
import { z } from '@hono/zod-openapi';
import type { Chain } from 'viem';

export const chainFactSchema = z
  .object({
    tx_hash: z.string().openapi({ example: '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060' }),
    block_number: z.string(),
    at: z.number().int().openapi({ description: 'Block time, unix seconds' }),
    explorer_url: z.string().nullable(),
  })
  .openapi('ChainFact');

export type ChainFact = z.infer<typeof chainFactSchema>;

/**
 * The fact of transaction `tx` in `block` at `at`, or null while any of them is unknown; linked to the
 * explorer of `chain`, if it has one (a chain no longer served has none here).
 */
export function chainFact(
  chain: Chain | undefined,
  tx: string | null,
  block: bigint | string | null,
  at: bigint | string | null,
): ChainFact | null {
  if (!tx || block === null || at === null) return null;
  const explorer = chain?.blockExplorers?.default.url;
  return {
    tx_hash: tx,
    block_number: block.toString(),
    at: Number(at),
    explorer_url: explorer ? `${explorer}/tx/${tx}` : null,
  };
}

/** A network as the objects on it name it: by its name, with its chain (for explorer links). */
export interface NamedChain {
  /** The network's name (`network` in the objects shown). */
  name: string;
  chain: Chain;
}

/** Each network served, by chain id. */
export type NetworksById = ReadonlyMap<number, NamedChain>;

/** The `network` and `chain_id` of an object on chain `chainId`: the network is null once no longer served. */
export function networkFields(networks: NetworksById, chainId: number) {
  return { network: networks.get(chainId)?.name ?? null, chain_id: chainId };
}

/** The `network` and `chain_id` fields of every object on a chain. */
export const networkFieldsSchema = {
  network: z.string().nullable().openapi({
    description: 'The network, by the name `GET /v1/networks` gives; null for one this gateway no longer serves',
    example: 'moonbeam',
  }),
  chain_id: z.number().int(),
};
