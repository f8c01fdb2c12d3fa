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

/** The fact of transaction `tx` in `block` at `at`, or null while any of them is unknown. */
export function chainFact(
  chain: Chain,
  tx: string | null,
  block: bigint | string | null,
  at: bigint | string | null,
): ChainFact | null {
  if (!tx || block === null || at === null) return null;
  const explorer = chain.blockExplorers?.default.url;
  return {
    tx_hash: tx,
    block_number: block.toString(),
    at: Number(at),
    explorer_url: explorer ? `${explorer}/tx/${tx}` : null,
  };
}
