// A database of a one-network gateway, made by the migrations before several networks, moves forward
// without losing a row: every intent, refund, event, payout and cursor is kept, and what now names its
// chain names the one its intents were made on.
import pg from 'pg';
import { expect, inject, it, onTestFinished } from 'vitest';
import { freshDatabase, LAST_ONE_NETWORK_MIGRATION, migrateAppSchemaUpTo } from '../../test/harness/database.js';
import { query } from '../../test/harness/indexer.js';
import { migrateAppSchema } from './migrate.js';

const MOONBEAM = 1284;
const escrow = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const otherEscrow = '0x00000000000000000000000000000000000000ee';

it('moves a one-network database forward, every row kept and named by its chain', async () => {
  const database = await freshDatabase(inject('databaseUrl'), 'migrate_networks');
  onTestFinished(() => database.drop());
  await migrateAppSchemaUpTo(database.url, LAST_ONE_NETWORK_MIGRATION);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO app.merchant (id, name, email) VALUES ('mer_1', 'Shop', 'shop@example.test');
      INSERT INTO app.payment_intent (id, merchant_id, livemode, payment_id, client_secret, token, token_symbol,
        token_decimals, crypto_amount, fee_bps, hold_period_seconds, deadline, payout_address, chain_id,
        escrow_address, signature, metadata, deposit_address)
      VALUES ('pi_1', 'mer_1', true, '0x01', 'pi_1_secret', '0x0000000000000000000000000000000000000000', 'GLMR',
        18, 1000, 100, 3600, now(), '0x00000000000000000000000000000000000000aa', ${MOONBEAM},
        '${escrow.toUpperCase().replace('0X', '0x')}', '0x', '{}', '0x00000000000000000000000000000000000000d1');
      INSERT INTO app.keeper_transaction (id, keeper, chain_id, purpose, payload, "to", data, value, nonce, state)
      VALUES ('ktx_1', '0x00000000000000000000000000000000000000cc', ${MOONBEAM}, 'payout', '{}', '${escrow}', '0x', 0, 0, 'mined');
      INSERT INTO app.payout (id, merchant_id, destination, token, expected_amount, keeper_transaction_id)
      VALUES ('po_sent', 'mer_1', '0x00000000000000000000000000000000000000aa', '0x0000000000000000000000000000000000000000', 990, 'ktx_1'),
             ('po_unsent', 'mer_1', '0x00000000000000000000000000000000000000aa', '0x0000000000000000000000000000000000000000', 5, NULL);
      INSERT INTO app.refund (id, merchant_id, payment_intent_id, livemode, amount, metadata, keeper_transaction_id)
      VALUES ('re_1', 'mer_1', 'pi_1', true, 100, '{}', NULL);
      INSERT INTO app.event (id, merchant_id, type, livemode, data, source)
      VALUES ('evt_1', 'mer_1', 'payment_intent.succeeded', true, '{"object":{"id":"pi_1"}}', 'escrow:0xabc:1');
      INSERT INTO app.deposit_scan_cursor (escrow_address, block_number) VALUES ('${escrow}', 7000123), ('${otherEscrow}', 5);
      INSERT INTO app.outbox_cursor (name, position) VALUES ('pmt:${escrow}', '17000000000000000001284'),
        ('pmt:${otherEscrow}', '1');
    `);
  } finally {
    await client.end();
  }

  await migrateAppSchema(database.url);

  expect(await query(database.url, 'SELECT id, chain_id, payment_id FROM app.payment_intent')).toEqual([
    { id: 'pi_1', chain_id: MOONBEAM, payment_id: '0x01' },
  ]);
  expect(await query(database.url, 'SELECT id, payment_intent_id, amount FROM app.refund')).toEqual([
    { id: 're_1', payment_intent_id: 'pi_1', amount: '100' },
  ]);
  expect(await query(database.url, 'SELECT id, type, source FROM app.event')).toEqual([
    { id: 'evt_1', type: 'payment_intent.succeeded', source: 'escrow:0xabc:1' },
  ]);
  expect(await query(database.url, 'SELECT id, network_payout_addresses FROM app.merchant')).toEqual([
    { id: 'mer_1', network_payout_addresses: {} },
  ]);
  expect(await query(database.url, 'SELECT id, chain_id FROM app.payout ORDER BY id')).toEqual([
    { id: 'po_sent', chain_id: MOONBEAM },
    { id: 'po_unsent', chain_id: MOONBEAM },
  ]);
  // The scanner resumes where it was on the intents' chain; an escrow no intent names had nothing to scan.
  expect(
    await query(database.url, 'SELECT chain_id, escrow_address, block_number FROM app.deposit_scan_cursor'),
  ).toEqual([{ chain_id: MOONBEAM, escrow_address: escrow, block_number: '7000123' }]);
  expect(await query(database.url, 'SELECT name, position FROM app.outbox_cursor ORDER BY name')).toEqual([
    { name: `pmt:${otherEscrow}`, position: '1' },
    { name: `pmt:${MOONBEAM}:${escrow}`, position: '17000000000000000001284' },
  ]);
  // One payment id (and one deposit address) may now be used on a second chain, never twice on one.
  await query(database.url, copyOfIntent("id = 'pi_2', client_secret = 'pi_2_secret', chain_id = 1285"));
  await expect(
    query(database.url, copyOfIntent("id = 'pi_3', client_secret = 'pi_3_secret', deposit_address = NULL")),
  ).rejects.toThrow(/payment_intent_chain_id_payment_id_index/);
});

/** A statement inserting a copy of intent `pi_1` with `changes` (an UPDATE's SET list). */
function copyOfIntent(changes: string): string {
  return `CREATE TEMP TABLE copy AS SELECT * FROM app.payment_intent WHERE id = 'pi_1';
    UPDATE copy SET ${changes};
    INSERT INTO app.payment_intent SELECT * FROM copy;`;
}
