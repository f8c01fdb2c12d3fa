// A gateway that served one network is upgraded to serve two. Its database is as the code before several
// networks left it (the app schema's migrations up to then, and the rows that code wrote: a merchant, an
// intent signed for the chain and paid there, a refund, an event). The API migrates it at start. Then
// every row is still there, named by its chain, and the same merchant takes a payment on a second network
// with the same key and payout wallet.
import pg from 'pg';
import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devAccounts } from '../devkit/devAccounts.js';
import { sendPayment, signDevIntent } from '../devkit/devPayments.js';
import { issueApiKey } from '../lib/apiKeys/store.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { withDb } from '../lib/db/client.js';
import { depositAddressOf } from '../lib/depositAddress.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { type ApiStack, startApiStack } from './harness/apiStack.js';
import { LAST_ONE_NETWORK_MIGRATION, migrateAppSchemaUpTo } from './harness/database.js';
import { pollUntil } from './harness/poll.js';
import { type SecondNetwork, startSecondNetwork, twoNetworkSettings } from './harness/secondNetwork.js';
import { expectStatus } from './harness/typedClient.js';

const wallet = privateKeyToAccount(generatePrivateKey()).address;
const amount = parseEther('0.02');
let stack: ApiStack;
let other: SecondNetwork;

beforeAll(async () => {
  stack = await startApiStack({}, undefined, {
    prepareDatabase: async (databaseUrl, deployment, node) => {
      await migrateAppSchemaUpTo(databaseUrl, LAST_ONE_NETWORK_MIGRATION);
      const buyer = walletClientFor(localChain(node.chainId, node.rpcUrl), devAccounts.buyer);
      const escrow = deployment.escrowAddress;
      const signed = await signDevIntent(buyer, escrow, {
        merchant: wallet,
        token: NATIVE_TOKEN,
        amount,
        feeBps: 100,
        holdPeriod: 3_600n,
      });
      const { intent, signature } = signed;
      const depositAddress = depositAddressOf({ chainId: node.chainId, escrow }, intent).toLowerCase();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO app.merchant (id, name, email, payout_address) VALUES ('mch_old', 'Old shop', 'old@example.test', $1);
           INSERT INTO app.merchant_wallet (address, merchant_id) VALUES ($1, 'mch_old');`.replaceAll(
            '$1',
            `'${wallet}'`,
          ),
        );
        await client.query(
          `INSERT INTO app.payment_intent (id, merchant_id, livemode, payment_id, client_secret, token, token_symbol,
             token_decimals, crypto_amount, fee_bps, hold_period_seconds, deadline, payout_address, chain_id,
             escrow_address, signature, metadata, deposit_address)
           VALUES ('pi_old', 'mch_old', false, $1, 'pi_old_secret_x', $2, 'ETH', 18, $3, 100, 3600, to_timestamp($4),
             $5, $6, $7, $8, '{"order_id":"1001"}', $9)`,
          [
            intent.id.toLowerCase(),
            NATIVE_TOKEN,
            amount.toString(),
            Number(intent.deadline),
            wallet,
            node.chainId,
            escrow,
            signature,
            depositAddress,
          ],
        );
        await client.query(
          `INSERT INTO app.refund (id, merchant_id, payment_intent_id, livemode, amount, metadata)
           VALUES ('re_old', 'mch_old', 'pi_old', false, 100, '{}');
           INSERT INTO app.event (id, merchant_id, type, livemode, data, source)
           VALUES ('evt_old', 'mch_old', 'payment_intent.succeeded', false, '{"object":{"id":"pi_old","object":"payment_intent"}}', 'old:1');`,
        );
      } finally {
        await client.end();
      }
      await confirmed(buyer, sendPayment(buyer, escrow, signed));
    },
  });
  other = await startSecondNetwork(stack);
}, 240_000);

afterAll(async () => {
  await other?.stop();
  await stack?.stop();
});

it('keeps what the one-network gateway recorded, and then takes payments on a second network', async () => {
  const { key } = await withDb(stack.api.services.config.databaseUrl, (db) => issueApiKey(db, 'mch_old', 'test'));
  const served = await stack.extraApi(twoNetworkSettings(stack, other));
  const client = served.client(key);

  const old = await pollUntil(
    'the old intent read as paid',
    async () => expectStatus(await client.v1.payment_intents[':id'].$get({ param: { id: 'pi_old' } }), 200),
    (intent) => intent.status === 'succeeded',
    30_000,
  );
  expect(old).toMatchObject({
    network: 'anvil',
    chain_id: 31_337,
    payout_address: wallet,
    amount_crypto: amount.toString(),
    metadata: { order_id: '1001' },
  });
  const refunds = await expectStatus(await client.v1.refunds.$get({ query: {} }), 200);
  expect(refunds.data.map(({ id, network, payment_intent }) => ({ id, network, payment_intent }))).toEqual([
    { id: 're_old', network: 'anvil', payment_intent: 'pi_old' },
  ]);
  // The event as the old code wrote it (events are snapshots of their time).
  const events = await fetch(`${served.api.url}/v1/events`, { headers: { authorization: `Bearer ${key}` } });
  expect(((await events.json()) as { data: { id: string }[] }).data.map(({ id }) => id)).toContain('evt_old');

  // The same merchant, key and payout wallet on the second network.
  const there = await expectStatus(
    await client.v1.payment_intents.$post({
      json: { amount_crypto: amount.toString(), network: 'anvil-2' },
      header: {},
    }),
    200,
  );
  expect(there).toMatchObject({ network: 'anvil-2', chain_id: 31_338, payout_address: wallet });
  const listed = await expectStatus(await client.v1.payment_intents.$get({ query: {} }), 200);
  expect(listed.data.map(({ id }) => id).sort()).toEqual([there.id, 'pi_old'].sort());
});
