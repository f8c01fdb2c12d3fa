// A day of business for the fault bench, at a few payments a second: two merchants (each with a webhook
// endpoint that sometimes answers 500 or too late, a payout wallet and a short hold, so the worker
// releases and pays out within the run) taking payments on both chains from buyers who pay from a wallet
// (`pay`), sign a permit for the test token (`payWithPermit`) or send a plain transfer to the deposit
// address; some payments are refunded in part by the merchant and a few disputed by the buyer. Every
// call goes through ApiClient (retrying as a careful shop does), every transaction straight to the node.
import { type Address, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { pmtEscrowAbi } from '../../abis/index.js';
import { escrowIntentOf, escrowPaymentOf } from '../../api/client.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { payWithTestTokenPermit } from '../../devkit/testTokenPermit.js';
import { confirmed, localChain, type WalletClient, walletClientFor } from '../../lib/chain.js';
import { mintTestToken } from '../../lib/deployEscrow.js';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import { ApiClient } from './apiClient.js';
import type { FaultStack, StackChain } from './stack.js';

export type PayMethod = 'pay' | 'permit' | 'deposit';

export interface Merchant {
  id: string;
  key: string;
  wallet: Address;
  endpointId: string;
}

/** An intent the load created, and what it did with it. */
export interface LoadIntent {
  id: string;
  merchant: Merchant;
  chainId: number;
  method: PayMethod;
  /** The fiat quote's rate, when the intent was priced in fiat, and the asset's symbol. */
  rate?: string;
  symbol: string;
  asset: string;
  /** The transaction that paid it (or sent the deposit), once mined. */
  paidTx?: Hex;
  refundsRequested: number;
  disputed: boolean;
  /** Whether `paidTx` is in a final block and succeeded: the auditor's verdict, kept once final. */
  finallyPaid?: boolean;
}

type Intent = PaymentIntentResource & { id: string; status: string };

/** Long enough that a refund or a dispute asked for once a payment shows is not overtaken by its release. */
const HOLD_SECONDS = 45;
const METHODS: PayMethod[] = ['pay', 'permit', 'deposit'];
/** Every so many paid intents, the merchant refunds half; the first few paid by wallet are disputed. */
const REFUND_EVERY = 5;
const DISPUTES = 2;
/** How long a refund or a dispute waits for its payment to show before it is given up. */
const FOLLOW_UP_PATIENCE_MS = 120_000;

export class BusinessDay {
  readonly api: ApiClient;
  readonly intents: LoadIntent[] = [];
  readonly merchants: Merchant[] = [];
  /** Refunds and disputes on their way, each awaited before an audit. */
  readonly #followUps = new Set<Promise<void>>();
  #running = false;
  #loops: Promise<void>[] = [];
  #paid = 0;
  #disputes = 0;
  readonly errors: string[] = [];

  constructor(
    readonly stack: FaultStack,
    readonly buyersPerChain: number,
  ) {
    this.api = new ApiClient(() => stack.apiUrl);
  }

  /** Two merchants, onboarded as an operator and a shop would through the API. */
  async open(): Promise<void> {
    for (const name of ['Fault Shop A', 'Fault Shop B']) {
      const created = await this.api.call<{ id: string; api_key: string }>(
        this.stack.adminKey,
        'POST',
        '/v1/admin/merchants',
        {
          name,
          email: `${name.toLowerCase().replaceAll(' ', '-')}@example.com`,
          hold_period_seconds: HOLD_SECONDS,
        },
      );
      const key = created.body.api_key;
      const wallet = privateKeyToAccount(generatePrivateKey()).address;
      await this.api.call(key, 'POST', '/v1/merchant/wallet', { address: wallet });
      const endpoint = await this.api.call<{ id: string; secret: string }>(key, 'POST', '/v1/webhook_endpoints', {
        url: this.stack.receiver.url,
      });
      this.merchants.push({ id: created.body.id, key, wallet, endpointId: endpoint.body.id });
    }
  }

  /** Starts every buyer's loop, funded on its chain. */
  async start(): Promise<void> {
    this.#running = true;
    for (const chain of this.stack.chains) {
      for (let n = 0; n < this.buyersPerChain; n++) {
        const buyer = await fundedBuyer(chain);
        this.#loops.push(this.#buyerLoop(chain, buyer, n));
      }
    }
  }

  /** Stops starting payments, and resolves once every one started, refund and dispute is through. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
    this.#loops = [];
    while (this.#followUps.size > 0) await Promise.all(this.#followUps);
  }

  async #buyerLoop(chain: StackChain, buyer: WalletClient, offset: number): Promise<void> {
    for (let turn = offset; this.#running; turn++) {
      const merchant = this.merchants[turn % this.merchants.length]!;
      const method = METHODS[turn % METHODS.length]!;
      try {
        await this.#purchase(chain, buyer, merchant, method);
      } catch (err) {
        this.errors.push(`${chain.network} ${method}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }

  async #purchase(chain: StackChain, buyer: WalletClient, merchant: Merchant, method: PayMethod): Promise<void> {
    const token = chain.deployment.tokenAddress;
    const price =
      method === 'permit'
        ? { asset: token, amount: 250, currency: 'USD' }
        : method === 'pay'
          ? { amount: 120, currency: 'USD' }
          : { amount_crypto: parseEther('0.001').toString() };
    const created = await this.api.call<Intent>(merchant.key, 'POST', '/v1/payment_intents', {
      network: chain.network,
      ...price,
      metadata: { method },
    });
    if (created.status !== 200) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const intent = created.body;
    const record: LoadIntent = {
      id: intent.id,
      merchant,
      chainId: chain.chainId,
      method,
      rate: intent.quote?.rate,
      symbol: intent.asset.symbol,
      asset: intent.asset.address,
      refundsRequested: 0,
      disputed: false,
    };
    this.intents.push(record);
    record.paidTx = await pay(chain, buyer, intent, method);
    this.#paid++;
    if (this.#paid % REFUND_EVERY === 0) this.#followUp(this.#refundHalf(record, intent));
    else if (method === 'pay' && this.#disputes < DISPUTES) {
      this.#disputes++;
      this.#followUp(this.#dispute(chain, buyer, record));
    }
  }

  #followUp(work: Promise<void>) {
    const tracked = work.catch((err: Error) => void this.errors.push(`follow-up: ${err.message.split('\n')[0]}`));
    this.#followUps.add(tracked);
    void tracked.then(() => this.#followUps.delete(tracked));
  }

  /**
   * The intent once the API shows it escrowed, read as the merchant; gives up after a while, as a
   * payment a reorg took back never shows.
   */
  async #succeeded(record: LoadIntent): Promise<Intent> {
    const giveUpAt = Date.now() + FOLLOW_UP_PATIENCE_MS;
    while (Date.now() < giveUpAt) {
      const read = await this.api.call<Intent>(record.merchant.key, 'GET', `/v1/payment_intents/${record.id}`);
      if (read.body.payment && read.body.status === 'succeeded') return read.body;
      await new Promise((later) => setTimeout(later, 500));
    }
    throw new Error(`${record.id} never showed succeeded`);
  }

  async #refundHalf(record: LoadIntent, intent: Intent): Promise<void> {
    await this.#succeeded(record);
    record.refundsRequested++;
    const refund = await this.api.call(record.merchant.key, 'POST', '/v1/refunds', {
      payment_intent: record.id,
      amount: (BigInt(intent.amount_crypto) / 2n).toString(),
    });
    if (refund.status !== 200) throw new Error(`refund answered ${refund.status}: ${JSON.stringify(refund.body)}`);
  }

  async #dispute(chain: StackChain, buyer: WalletClient, record: LoadIntent): Promise<void> {
    const intent = await this.#succeeded(record);
    record.disputed = true;
    await confirmed(
      buyer,
      buyer.writeContract({
        address: chain.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'openDispute',
        args: [escrowPaymentOf(intent)],
        account: buyer.account,
        chain: buyer.chain,
      }),
    );
  }
}

/** A fresh buyer on `chain` with native currency and test tokens. */
async function fundedBuyer(chain: StackChain): Promise<WalletClient> {
  const account = privateKeyToAccount(generatePrivateKey());
  const network = localChain(chain.chainId, chain.anvil.rpcUrl);
  const admin = walletClientFor(network, devAccounts.admin);
  await admin.request({
    method: 'anvil_setBalance' as never,
    params: [account.address, `0x${parseEther('1000').toString(16)}`] as never,
  });
  await mintTestToken(admin, chain.deployment.tokenAddress, account.address, 1_000_000n * 10n ** 6n);
  return walletClientFor(network, account);
}

/** Pays `intent` by `method` from `buyer`, straight to the node; resolves with the mined transaction. */
async function pay(chain: StackChain, buyer: WalletClient, intent: Intent, method: PayMethod): Promise<Hex> {
  const send = (call: { to: Address; data?: Hex; value: bigint }) =>
    confirmed(buyer, buyer.sendTransaction({ ...call, account: buyer.account, chain: buyer.chain })).then(
      (receipt) => receipt.transactionHash,
    );
  if (method === 'deposit') return send({ to: intent.deposit.address as Address, value: BigInt(intent.amount_crypto) });
  if (method === 'pay') {
    const { to, data, value } = intent.transaction;
    return send({ to: to as Address, data: data as Hex, value: BigInt(value) });
  }
  const receipt = await payWithTestTokenPermit(buyer, {
    escrow: chain.deployment.escrowAddress,
    intent: escrowIntentOf(intent),
    signature: intent.signed_intent.signature as Hex,
  });
  return receipt.transactionHash;
}
