import { onchainTable } from 'ponder';

export const escrowed = onchainTable('escrowed', (t) => ({
  id: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
}));
