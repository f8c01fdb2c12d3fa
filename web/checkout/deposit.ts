// Paying by plain transfer: the intent's deposit address as a QR code of its EIP-681 request, the address
// with a copy button, and the exact amount, beside the wallet buttons; and, once something arrived there,
// what it was and the way forward (a top-up, a refund of the excess, the merchant's decision).
import { html, nothing, type TemplateResult } from 'lit-html';
import { formatToken } from './format.js';
import { qrCode } from './qr.js';
import type { CheckoutState } from './state.js';
import type { PublicIntent } from './types.js';
import type { ViewContext } from './view.js';

export function depositPanel(state: CheckoutState, intent: PublicIntent, context: ViewContext): TemplateResult {
  const { messages, locale } = context;
  const copied = state.copied === intent.deposit.address;
  const { deposit, asset } = intent;
  const amount = formatToken(intent.amount_crypto, asset.decimals, asset.symbol, locale);
  return html`<section class="deposit" aria-labelledby="pmt-deposit">
    <h3 id="pmt-deposit">${messages.depositTitle}</h3>
    ${qrCode(deposit.uri, messages.depositQr(amount))}
    <dl class="facts">
      <div><dt>${messages.depositSendExactly}</dt><dd data-testid="deposit-amount">${amount}</dd></div>
      <div>
        <dt>${messages.depositTo}</dt>
        <dd class="mono address" data-testid="deposit-address">${deposit.address}</dd>
      </div>
    </dl>
    <button class="secondary" @click=${() => context.on.copy(deposit.address)}>
      ${copied ? messages.copied : messages.copyAddress}
    </button>
    <p class="hint">${messages.depositHint(asset.symbol, intent.network.name)}</p>
    ${refundAddressForm(state, intent, context)}
  </section>`;
}

/** For a buyer paying from an exchange: its own address, to be the payment's buyer and get refunds. */
function refundAddressForm(state: CheckoutState, intent: PublicIntent, context: ViewContext): TemplateResult {
  const { messages } = context;
  const saved = intent.deposit.refund_address;
  const form = state.refundAddress;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('address') as HTMLInputElement;
    context.on.saveRefundAddress(input.value.trim());
  };
  return html`<form class="refund-address" @submit=${submit}>
    <label for="pmt-refund-address">${messages.refundAddressLabel}</label>
    <p class="hint" id="pmt-refund-address-hint">${messages.refundAddressHint}</p>
    <input id="pmt-refund-address" name="address" class="mono" autocomplete="off" spellcheck="false"
      placeholder="0x…" aria-describedby="pmt-refund-address-hint" required />
    <button class="secondary" type="submit" ?disabled=${form.kind === 'saving'}>${messages.saveRefundAddress}</button>
    ${saved ? html`<p role="status" data-testid="refund-address">${messages.refundAddressSaved(saved)}</p>` : nothing}
    ${form.kind === 'refused' ? html`<p class="problem" role="alert">${messages.refundAddressRefused(form.code)}</p>` : nothing}
  </form>`;
}

/** What arrived at the deposit address when it is not simply the amount: nothing while nothing did. */
export function depositNotice(intent: PublicIntent, { messages, locale }: ViewContext): TemplateResult {
  const { deposit, asset } = intent;
  const token = (amount: bigint) => formatToken(amount, asset.decimals, asset.symbol, locale);
  const received = BigInt(deposit.amount_received);
  const due = BigInt(intent.amount_crypto);
  const lines: [string, string][] = [];
  if (deposit.underpaid) lines.push(['underpaid', messages.depositUnderpaid(token(received), token(due - received))]);
  if (deposit.overpaid) lines.push(['overpaid', messages.depositOverpaid(token(received), token(received - due))]);
  if (deposit.paid_late) lines.push(['paid_late', messages.depositLate]);
  if (deposit.wrong_asset) lines.push(['wrong_asset', messages.depositWrongAsset(asset.symbol)]);
  if (deposit.wrong_network) lines.push(['wrong_network', messages.depositWrongNetwork(intent.network.name)]);
  if (deposit.refund_address_needed) lines.push(['refund_address_needed', messages.depositFromContract]);
  if (lines.length === 0) return html``;
  return html`<ul class="notice deposit-notice" aria-live="polite">
    ${lines.map(([kind, text]) => html`<li data-deposit=${kind}>${text}</li>`)}
  </ul>`;
}
