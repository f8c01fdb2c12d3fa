import { ponder } from 'ponder:registry';
import { escrowed } from 'ponder:schema';

ponder.on('PMTEscrow:PaymentEscrowed', async ({ event, context }) => {
  await context.db.insert(escrowed).values({ id: event.args.id, amount: event.args.amount });
});
