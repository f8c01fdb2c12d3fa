// The checkout drawn from its state with lit-html, which patches the DOM in place, so focus and the
// screen reader's place survive every update. Status changes are announced through one aria-live region.
import { html, nothing, type TemplateResult } from 'lit-html';
import { depositNotice, depositPanel } from './deposit.js';
import { formatCountdown, formatFiat, formatTime, formatToken, shortAddress } from './format.js';
import type { Messages } from './i18n/index.js';
import type { StreamState } from './intentStream.js';
import type { BuyerAction, PayProgress } from './payment.js';
import { type Activity, buyerActions, type CheckoutState, chainNow, type Problem, secondsLeft } from './state.js';
import { styles } from './styles.js';
import type { PublicIntent } from './types.js';
import type { WalletOption } from './wallets.js';

export interface ViewHandlers {
  pay(wallet: WalletOption): void;
  connect(wallet: WalletOption): void;
  act(action: BuyerAction): void;
  dismiss(): void;
  copy(text: string): void;
  saveRefundAddress(address: string): void;
}

export interface ViewContext {
  messages: Messages;
  locale: string;
  nowMs: number;
  returnUrl: string | undefined;
  on: ViewHandlers;
}

export function view(state: CheckoutState, context: ViewContext): TemplateResult {
  const { intent } = state;
  return html`<style>${styles}</style>
    <section class="card" aria-labelledby="pmt-title" lang=${context.locale}>
      ${intent ? body(state, intent, context) : loading(state, context)}
    </section>`;
}

/** "Retrying in N s" while the stream is down, counted to its next attempt. */
function retryText(stream: StreamState & { kind: 'retrying' }, { messages, nowMs }: ViewContext): string {
  return messages.apiRetrying(Math.max(1, Math.ceil((stream.at - nowMs) / 1000)));
}

function loading(state: CheckoutState, context: ViewContext): TemplateResult {
  const { messages } = context;
  const text =
    state.stream.kind === 'not_found'
      ? messages.notFound
      : state.stream.kind === 'retrying'
        ? retryText(state.stream, context)
        : messages.apiConnecting;
  return html`<h2 id="pmt-title" class="title">${messages.checkout}</h2>
    <p class="status" role="status" aria-live="polite" data-state=${state.stream.kind}>${text}</p>`;
}

function body(state: CheckoutState, intent: PublicIntent, context: ViewContext): TemplateResult {
  const { messages, locale } = context;
  const left = secondsLeft(state, context.nowMs);
  // A payment this page saw mined closes the pay panel until the stream shows it: never a second one.
  const open = intent.status === 'requires_payment' && left > 0 && !state.submitted;
  const expired = intent.status === 'expired' || (intent.status === 'requires_payment' && left <= 0);
  return html`<header>
      <h2 id="pmt-title" class="title" tabindex="-1">${messages.title(intent.merchant_name)}</h2>
      ${intent.livemode ? nothing : html`<p class="badge">${messages.testMode}</p>`}
      ${intent.description ? html`<p class="description">${intent.description}</p>` : nothing}
    </header>
    <dl class="facts">
      <div>
        <dt>${messages.amount}</dt>
        <dd class="amount">
          ${
            intent.amount !== null && intent.currency && intent.currency_exponent !== null
              ? html`<span class="fiat">${formatFiat(intent.amount, intent.currency, intent.currency_exponent, locale)}</span>`
              : nothing
          }
          <span class="crypto" data-testid="crypto-amount"
            >${formatToken(intent.amount_crypto, intent.asset.decimals, intent.asset.symbol, locale)}</span
          >
        </dd>
      </div>
      <div>
        <dt>${messages.network}</dt>
        <dd>${intent.network.name}</dd>
      </div>
    </dl>
    ${liveStatus(state, intent, context, { open, expired, left })}
    ${depositNotice(intent, context)}
    ${open ? payPanel(state, intent, context) : nothing}
    ${open ? depositPanel(state, intent, context) : nothing}
    ${intent.payment ? receipt(state, intent, context) : nothing}
    ${state.stream.kind === 'retrying' ? html`<p class="notice" role="alert">${retryText(state.stream, context)}</p>` : nothing}
    ${!open && context.returnUrl ? html`<a class="return" href=${returnLink(context.returnUrl, intent)}>${messages.returnToMerchant(intent.merchant_name)}</a>` : nothing}`;
}

function liveStatus(
  state: CheckoutState,
  intent: PublicIntent,
  { messages }: ViewContext,
  { open, expired, left }: { open: boolean; expired: boolean; left: number },
): TemplateResult {
  let text: string;
  if (expired) text = messages.expired;
  else if (intent.status === 'canceled') text = messages.canceled;
  else if (intent.status === 'processing')
    text = messages.processing(messages.confirmations(intent.payment?.confirmations ?? 0));
  else if (intent.payment) text = paidText(intent, messages);
  else if (state.submitted) text = messages.submitted;
  else text = activityText(state.activity, intent, messages) ?? messages.awaitingPayment;
  return html`<p class="status" role="status" aria-live="polite" data-status=${expired ? 'expired' : intent.status}>
      ${text}
    </p>
    ${open ? html`<p class="countdown" aria-hidden="true">${messages.expiresIn(formatCountdown(left))}</p>` : nothing}`;
}

function paidText(intent: PublicIntent, messages: Messages): string {
  if (intent.status === 'disputed') return messages.disputedStatus;
  if (intent.status === 'refunded') return messages.refundedStatus;
  if (intent.status === 'partially_refunded') return messages.partiallyRefunded;
  return messages.succeeded;
}

function activityText(activity: Activity, intent: PublicIntent, messages: Messages): string | undefined {
  switch (activity.kind) {
    case 'connecting':
      return messages.connecting(activity.wallet);
    case 'switching':
      return messages.switching(intent.network.name);
    case 'checking':
      return messages.checking;
    case 'paying':
    case 'acting': {
      const hash = activity.kind === 'paying' ? activity.progress.hash : activity.hash;
      return hash ? messages.waitingForBlock : messages.confirmInWallet;
    }
    default:
      return undefined;
  }
}

function payPanel(state: CheckoutState, intent: PublicIntent, context: ViewContext): TemplateResult {
  const { messages } = context;
  const busy = state.activity.kind !== 'idle';
  return html`<div class="pay">
    ${state.activity.kind === 'paying' ? steps(state.activity.progress, intent, context) : nothing}
    ${problem(state.problem, intent, context)}
    ${
      state.wallets.length === 0
        ? html`<p class="notice" data-problem="no_wallet">${messages.noWallet}</p>`
        : html`<p class="label" id="pmt-pay-with">${messages.payWith}</p>
          <ul class="wallets" aria-labelledby="pmt-pay-with">
            ${state.wallets.map((wallet) => walletButton(wallet, wallet.name, busy, () => context.on.pay(wallet)))}
          </ul>`
    }
  </div>`;
}

function steps(progress: PayProgress, intent: PublicIntent, { messages }: ViewContext): TemplateResult {
  const { method, step, hash } = progress;
  const all =
    method === 'approve'
      ? (['approve', 'pay'] as const)
      : method === 'permit'
        ? (['permit', 'pay'] as const)
        : (['pay'] as const);
  const label = { approve: messages.stepApprove, permit: messages.stepPermit, pay: () => messages.stepPay };
  const current = all.indexOf(step as never);
  return html`<ol class="steps">
    ${all.map(
      (name, index) =>
        html`<li data-step=${name} aria-current=${index === current ? 'step' : 'false'} class=${index < current ? 'done' : ''}>
          ${label[name](intent.asset.symbol)}
          ${index === current && hash ? txLink(hash, intent, messages.viewTransaction) : nothing}
        </li>`,
    )}
  </ol>`;
}

function problem(found: Problem | undefined, intent: PublicIntent, context: ViewContext): TemplateResult {
  if (!found) return html``;
  const { messages, locale } = context;
  const token = (amount: bigint) => formatToken(amount, intent.asset.decimals, intent.asset.symbol, locale);
  const text = {
    rejected: () => messages.rejected,
    connect_refused: () => messages.connectRefused,
    wrong_network: () => messages.wrongNetwork(intent.network.name),
    pending_request: () => messages.pendingRequest,
    insufficient_funds: () =>
      found.kind === 'insufficient_funds' ? messages.insufficientFunds(token(found.have), token(found.need)) : '',
    insufficient_gas: () => messages.insufficientGas(intent.network.native_currency.symbol),
    not_mined: () => messages.notMined,
    refused: () => refusal(found.kind === 'refused' ? found.error : undefined, messages),
    failed_onchain: () => messages.failedOnchain,
    unreachable: () => messages.walletUnreachable(intent.network.name),
  }[found.kind]();
  return html`<div class="problem" role="alert" data-problem=${found.kind}>
    <p>${text}</p>
    ${found.kind === 'failed_onchain' || found.kind === 'not_mined' ? txLink(found.hash, intent, messages.viewTransaction) : nothing}
    <button class="secondary" @click=${context.on.dismiss}>${messages.tryAgain}</button>
  </div>`;
}

function refusal(error: string | undefined, messages: Messages): string {
  if (error === 'IntentExpired') return messages.refusedExpired;
  if (error === 'PaymentIdUsed') return messages.refusedPaid;
  if (error === 'EnforcedPause') return messages.refusedPaused;
  return messages.refusedOther(error ?? 'execution reverted');
}

function receipt(state: CheckoutState, intent: PublicIntent, context: ViewContext): TemplateResult {
  const { messages, locale } = context;
  const payment = intent.payment!;
  const actions = buyerActions(intent, state.wallet?.account, chainNow(state, context.nowMs));
  const refunded = BigInt(intent.amount_refunded);
  const busy = state.activity.kind !== 'idle';
  return html`<section class="receipt" aria-labelledby="pmt-receipt">
    <h3 id="pmt-receipt">${messages.receipt}</h3>
    <dl class="facts">
      <div><dt>${messages.paidBy}</dt><dd class="mono">${shortAddress(payment.buyer)}</dd></div>
      <div><dt>${messages.transaction}</dt><dd>${txLink(payment.escrowed.tx_hash, intent, messages.viewTransaction)}</dd></div>
      ${payment.settled ? nothing : html`<div><dt>${messages.heldUntil}</dt><dd>${formatTime(payment.release_after, locale)}</dd></div>`}
    </dl>
    <ul class="events" aria-live="polite">
      ${payment.disputed && !payment.settled ? html`<li data-event="disputed">${messages.disputeOpen(formatTime(payment.dispute_deadline!, locale))}</li>` : nothing}
      ${
        payment.dispute_resolution
          ? html`<li data-event="dispute_settled">${messages.disputeEnded(
              formatToken(payment.dispute_resolution.buyer_amount, intent.asset.decimals, intent.asset.symbol, locale),
              formatToken(
                BigInt(payment.dispute_resolution.merchant_amount) + BigInt(payment.dispute_resolution.fee_amount),
                intent.asset.decimals,
                intent.asset.symbol,
                locale,
              ),
            )}</li>`
          : nothing
      }
      ${refunded > 0n ? html`<li data-event="refunded">${messages.refunded(formatToken(refunded, intent.asset.decimals, intent.asset.symbol, locale))} </li>` : nothing}
      ${payment.released ? html`<li data-event="released">${messages.released(intent.merchant_name)} ${txLink(payment.released.tx_hash, intent, messages.viewTransaction)}</li>` : nothing}
    </ul>
    ${state.activity.kind === 'idle' || state.activity.kind === 'acting' ? problem(state.problem, intent, context) : nothing}
    ${actions.held && !actions.isBuyer ? walletChoice(state, context) : nothing}
    ${
      actions.canRelease
        ? html`<div class="actions">
          <div>
            <button class="primary" ?disabled=${busy} @click=${() => context.on.act('release')}>${messages.confirmReceipt}</button>
            <p class="hint">${messages.confirmReceiptHint(intent.merchant_name)}</p>
          </div>
          ${
            actions.canDispute
              ? html`<div>
                <button class="secondary" ?disabled=${busy} @click=${() => context.on.act('openDispute')}>${messages.reportProblem}</button>
                <p class="hint">${messages.reportProblemHint(formatTime(payment.release_after, locale))}</p>
              </div>`
              : nothing
          }
        </div>`
        : nothing
    }
  </section>`;
}

function walletChoice(state: CheckoutState, context: ViewContext): TemplateResult {
  const { messages } = context;
  return html`<div class="manage">
    <p>${state.wallet ? messages.notBuyer(shortAddress(state.wallet.account)) : messages.connectToManage}</p>
    <ul class="wallets">
      ${state.wallets.map((wallet) =>
        walletButton(wallet, `${messages.connectWallet}: ${wallet.name}`, state.activity.kind !== 'idle', () =>
          context.on.connect(wallet),
        ),
      )}
    </ul>
  </div>`;
}

function walletButton(wallet: WalletOption, label: string, disabled: boolean, onClick: () => void): TemplateResult {
  return html`<li>
    <button class="wallet" ?disabled=${disabled} @click=${onClick}>
      ${wallet.icon ? html`<img src=${wallet.icon} alt="" width="24" height="24" />` : nothing}
      <span>${label}</span>
    </button>
  </li>`;
}

/** A transaction: a link to the network's explorer where it has one, else its shortened hash. */
function txLink(hash: string, intent: PublicIntent, label: string): TemplateResult {
  const explorer = intent.network.explorer_url;
  return explorer
    ? html`<a href=${`${explorer}/tx/${hash}`} target="_blank" rel="noopener noreferrer">${label}</a>`
    : html`<span class="mono" data-testid="tx-hash" title=${hash}>${shortAddress(hash)}</span>`;
}

/** The merchant's return URL with the intent and its status, as Stripe adds `payment_intent` to it. */
function returnLink(url: string, intent: PublicIntent): string {
  const target = new URL(url);
  target.searchParams.set('payment_intent', intent.id);
  target.searchParams.set('status', intent.status);
  return target.href;
}
