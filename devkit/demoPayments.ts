// Demo data for the consoles: a few orders of a merchant with no payments yet, created through the API and
// paid from a buyer's wallet as real ones are (the dev stack seeds its demo merchant with it, and the
// console tests seed theirs). One order is left unpaid.
import type { Address, Hex } from 'viem';
import { pmtClient } from '../api/client.js';
import { confirmed, type WalletClient } from '../lib/chain.js';

const ORDERS = [
  { amount: 2_500, description: 'Order 1001: 1 × T-shirt', order: '1001', pay: true },
  { amount: 4_990, description: 'Order 1002: 1 × Hoodie', order: '1002', pay: true },
  { amount: 1_250, description: 'Order 1003: 1 × Sticker pack', order: '1003', pay: false },
] as const;

export interface SeededPayment {
  id: string;
  paid: boolean;
}

/** Seeds the orders when the merchant has no intents yet; what it created (nothing, otherwise). */
export async function seedDemoPayments(options: {
  apiUrl: string;
  merchantKey: string;
  buyer: WalletClient;
}): Promise<SeededPayment[]> {
  const pmt = pmtClient(options.apiUrl, options.merchantKey);
  const existing = await pmt.v1.payment_intents.$get({ query: { limit: '1' } });
  if (existing.status !== 200) throw new Error(`GET /v1/payment_intents answered ${existing.status}`);
  if ((await existing.json()).data.length > 0) return [];
  const seeded: SeededPayment[] = [];
  for (const order of ORDERS) {
    const created = await pmt.v1.payment_intents.$post({
      json: {
        amount: order.amount,
        currency: 'USD',
        description: order.description,
        metadata: { order_id: order.order },
      },
      header: {},
    });
    if (created.status !== 200)
      throw new Error(`POST /v1/payment_intents answered ${created.status}: ${await created.text()}`);
    const intent = await created.json();
    if (order.pay) {
      await confirmed(
        options.buyer,
        options.buyer.sendTransaction({
          to: intent.transaction.to as Address,
          data: intent.transaction.data as Hex,
          value: BigInt(intent.transaction.value),
        }),
      );
    }
    seeded.push({ id: intent.id, paid: order.pay });
  }
  return seeded;
}
