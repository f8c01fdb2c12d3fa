// Auto-release over the real stack: escrow, indexer, API and `npm run worker` processes. Payments past
// their hold are released in batches of RELEASE_BATCH_SIZE, a disputed one is skipped, nothing is released
// early, and running the job again sends nothing twice.
import { parseEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

const HOLD_SECONDS = 300;
const BATCH = 2;

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack, { RELEASE_BATCH_SIZE: String(BATCH) });
  shop = await stack.merchant({ holdPeriodSeconds: HOLD_SECONDS });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

interface KeeperRow {
  state: string;
  payload: { paymentIds: string[] };
}

const releaseTransactions = () =>
  query<KeeperRow>(
    stack.api.services.config.databaseUrl,
    `SELECT state, payload FROM app.keeper_transaction WHERE keeper = $1 AND purpose = 'release' ORDER BY nonce`,
    [workers.keeper.toLowerCase()],
  );

it('releases payments past their hold in batches, skips a disputed one, and sends nothing twice', async () => {
  const intents = [];
  for (let i = 0; i < 5; i++) {
    const created = await expectStatus(
      await shop.client.v1.payment_intents.$post({
        json: { amount_crypto: parseEther(`0.00${i + 1}`).toString() },
        header: {},
      }),
      200,
    );
    await stack.pay(created);
    intents.push(await stack.waitForIntent(shop, created.id, (intent) => intent.status === 'succeeded'));
  }
  const [disputed, ...releasable] = intents;
  await stack.openDispute(disputed!);
  await stack.waitForIntent(shop, disputed!.id, (intent) => intent.status === 'disputed');

  await workers.start('worker');
  await workers.run('payments__auto_release');
  expect(await releaseTransactions(), 'nothing is released during the hold').toEqual([]);

  await stack.skipChainTime(HOLD_SECONDS + 1);
  await workers.run('payments__auto_release');
  for (const intent of releasable) {
    const released = await stack.waitForIntent(shop, intent.id, (body) => body.payment!.released !== null);
    expect(released).toMatchObject({ status: 'succeeded', payment: { amount_escrowed: '0' } });
  }
  const sent = await releaseTransactions();
  expect(sent.map((tx) => tx.payload.paymentIds.length)).toEqual([BATCH, BATCH]);
  expect(sent.flatMap((tx) => tx.payload.paymentIds).sort()).toEqual(
    releasable.map((intent) => intent.payment_id).sort(),
  );

  // Again: the pending transactions are settled as mined, and nothing new is sent.
  await workers.run('payments__auto_release');
  expect((await releaseTransactions()).map((tx) => tx.state)).toEqual(['mined', 'mined']);
  const stillDisputed = await shop.client.v1.payment_intents[':id'].$get({ param: { id: disputed!.id } });
  expect(await expectStatus(stillDisputed, 200)).toMatchObject({ status: 'disputed', payment: { released: null } });
});
