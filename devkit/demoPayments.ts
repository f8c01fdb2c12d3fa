// Demo data for the consoles: a few orders of a merchant with no payments yet, created through the API and
// paid from a buyer's wallet as real ones are (the dev stack seeds its demo merchant with it, and the
// console tests seed theirs), taking turns over the networks given. One order is left unpaid. Their order ids are `demo-` and random characters:
// a shop being built against the dev stack that numbers its own orders 1001, 1002, … and matches webhooks
// by that metadata must never take a demo payment for one of its orders.
import type { Address, Hex } from 'viem';
import { pmtClient } from '../api/client.js';
import { confirmed, type WalletClient } from '../lib/chain.js';
import { randomBase62 } from '../lib/randomToken.js';

const ORDERS = [
  { amount: 2_500, item: '1 × T-shirt', pay: true },
  { amount: 4_990, item: '1 × Hoodie', pay: true },
  { amount: 1_250, item: '1 × Sticker pack', pay: false },
] as const;

export interface SeededPayment {
  id: string;
  /** The intent's `metadata.order_id`, also in its description (`Order demo-…: 1 × T-shirt`). */
  orderId: string;
  /** The network it is (to be) paid on. */
  network: string;
  paid: boolean;
}

/** The buyer's wallet on one network. */
export interface DemoBuyer {
  network: string;
  wallet: WalletClient;
}

/** Seeds the orders when the merchant has no intents yet; what it created (nothing, otherwise). */
export async function seedDemoPayments(options: {
  apiUrl: string;
  merchantKey: string;
  /** The buyer on each network the orders go to, in turn: the first order on the first network. */
  buyers: DemoBuyer[];
}): Promise<SeededPayment[]> {
  const pmt = pmtClient(options.apiUrl, options.merchantKey);
  const existing = await pmt.v1.payment_intents.$get({ query: { limit: '1' } });
  if (existing.status !== 200) throw new Error(`GET /v1/payment_intents answered ${existing.status}`);
  if ((await existing.json()).data.length > 0) return [];
  const seeded: SeededPayment[] = [];
  for (const [index, order] of ORDERS.entries()) {
    const orderId = `demo-${randomBase62(8)}`;
    const buyer = options.buyers[index % options.buyers.length]!;
    const created = await pmt.v1.payment_intents.$post({
      json: {
        amount: order.amount,
        currency: 'USD',
        description: `Order ${orderId}: ${order.item}`,
        metadata: { order_id: orderId },
        network: buyer.network,
      },
      header: {},
    });
    if (created.status !== 200)
      throw new Error(`POST /v1/payment_intents answered ${created.status}: ${await created.text()}`);
    const intent = await created.json();
    if (order.pay) {
      await confirmed(
        buyer.wallet,
        buyer.wallet.sendTransaction({
          to: intent.transaction.to as Address,
          data: intent.transaction.data as Hex,
          value: BigInt(intent.transaction.value),
        }),
      );
    }
    seeded.push({ id: intent.id, orderId, network: buyer.network, paid: order.pay });
  }
  return seeded;
}
