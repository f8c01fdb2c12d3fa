// <pmt-checkout>: the whole checkout as one custom element, used alike by the hosted page (which reads the
// client secret from its URL fragment) and by merchants' pages (attributes). It follows the intent over
// the API's event stream, pays with the wallet the buyer picks, becomes the receipt once paid, and tells
// the host page through DOM events: pmt:processing, pmt:succeeded, pmt:failed, pmt:expired.
import { render } from 'lit-html';
import { ensureChain } from './chain.js';
import { escrowErrorName } from './contracts.js';
import { catalogues, pickLanguage } from './i18n/index.js';
import { followIntent } from './intentStream.js';
import { type BuyerAction, buyerAction, PayError, payIntent } from './payment.js';
import { ask, WalletError } from './provider.js';
import { type CheckoutState, initialState, type Problem } from './state.js';
import type { Hex, PublicIntent } from './types.js';
import { view } from './view.js';
import { type WalletOption, walletConnectOption, watchWallets } from './wallets.js';

type Phase = 'connect' | 'switch' | 'send';

export type CheckoutEventName = 'pmt:processing' | 'pmt:succeeded' | 'pmt:failed' | 'pmt:expired';

/** Statuses that mean the merchant may fulfil: the payment is escrowed in a final block. */
const FULFILLABLE = new Set(['succeeded', 'partially_refunded', 'refunded', 'disputed']);

export class PmtCheckout extends HTMLElement {
  static observedAttributes = ['intent', 'client-secret', 'api', 'lang', 'return-url'];

  #state: CheckoutState = initialState;
  readonly #root = this.attachShadow({ mode: 'open' });
  #session: AbortController | undefined;
  #emitted = new Set<CheckoutEventName>();
  /** Providers whose account changes this element already follows. */
  #followed = new WeakSet<object>();
  /** Wallets in this browser, and WalletConnect where the operator enabled it. */
  #injected: WalletOption[] = [];
  #walletConnect: WalletOption | undefined;

  connectedCallback() {
    this.#start();
  }

  disconnectedCallback() {
    this.#session?.abort();
    this.#session = undefined;
  }

  attributeChangedCallback(name: string, previous: string | null, next: string | null) {
    if (!this.#session || previous === next) return;
    // Another intent or gateway is another session; a new language or return link only a redraw.
    if (name === 'lang' || name === 'return-url') this.#draw();
    else this.#start();
  }

  /** The intent's current state as the element last heard it, or undefined before the first event. */
  get paymentIntent(): PublicIntent | undefined {
    return this.#state.intent;
  }

  #start() {
    this.#session?.abort();
    const session = new AbortController();
    this.#session = session;
    this.#state = initialState;
    this.#emitted = new Set();
    this.#walletConnect = undefined;
    const intentId = this.getAttribute('intent') ?? '';
    // The hosted page carries the secret in its fragment, which browsers never send to a server.
    const clientSecret =
      this.getAttribute('client-secret') ??
      (this.hasAttribute('hosted') ? decodeURIComponent(location.hash.slice(1)) : '');
    const api = (this.getAttribute('api') ?? new URL(import.meta.url).origin).replace(/\/$/, '');
    void followIntent({
      api,
      intentId,
      clientSecret,
      signal: session.signal,
      onState: (stream) => this.#set({ stream }),
      onIntent: (intent) => {
        if (intent.walletconnect_project_id && !this.#walletConnect)
          this.#walletConnect = walletConnectOption(api, intent.walletconnect_project_id, intent);
        this.#set({ intent, receivedAt: Date.now(), wallets: this.#wallets() });
        this.#announce(intent);
      },
    });
    const unwatch = watchWallets((wallets) => {
      this.#injected = wallets;
      this.#set({ wallets: this.#wallets() });
    });
    const ticker = setInterval(() => this.#draw(), 1_000);
    session.signal.addEventListener('abort', () => {
      unwatch();
      clearInterval(ticker);
    });
    this.#draw();
  }

  #wallets(): WalletOption[] {
    return this.#walletConnect ? [...this.#injected, this.#walletConnect] : this.#injected;
  }

  #set(change: Partial<CheckoutState>) {
    this.#state = { ...this.#state, ...change };
    this.#draw();
  }

  #draw() {
    const language = pickLanguage([this.getAttribute('lang') ?? '', ...navigator.languages]);
    const locale = navigator.languages.find((tag) => tag.toLowerCase().startsWith(language)) ?? language;
    const returnUrl = this.getAttribute('return-url') ?? this.#state.intent?.return_url ?? undefined;
    render(
      view(this.#state, {
        messages: catalogues[language]!,
        locale,
        nowMs: Date.now(),
        returnUrl: returnUrl && /^https?:\/\//.test(returnUrl) ? returnUrl : undefined,
        on: {
          pay: (wallet) => void this.#pay(wallet),
          connect: (wallet) => void this.#connectOnly(wallet),
          act: (action) => void this.#act(action),
          dismiss: () => this.#set({ problem: undefined }),
        },
      }),
      this.#root,
    );
  }

  #emit(name: CheckoutEventName, detail: Record<string, unknown>) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Each status event once per intent, in the order a payment goes through them. */
  #announce(intent: PublicIntent) {
    const once = (name: CheckoutEventName) => {
      if (this.#emitted.has(name)) return;
      this.#emitted.add(name);
      this.#emit(name, { paymentIntent: intent });
    };
    if (intent.status === 'processing') once('pmt:processing');
    if (FULFILLABLE.has(intent.status)) once('pmt:succeeded');
    if (intent.status === 'expired') once('pmt:expired');
    if (intent.status === 'canceled') once('pmt:failed');
  }

  async #connect(wallet: WalletOption): Promise<Hex> {
    this.#set({ problem: undefined, activity: { kind: 'connecting', wallet: wallet.name } });
    const [account] = await ask<Hex[]>(wallet.provider, 'eth_requestAccounts');
    if (!account) throw new WalletError({ kind: 'rejected' });
    this.#set({ wallet: { option: wallet, account } });
    if (!this.#followed.has(wallet.provider)) {
      this.#followed.add(wallet.provider);
      wallet.provider.on?.('accountsChanged', (accounts: string[]) => {
        if (this.#state.wallet?.option === wallet)
          this.#set({ wallet: accounts[0] ? { option: wallet, account: accounts[0] as Hex } : undefined });
      });
    }
    return account;
  }

  async #connectOnly(wallet: WalletOption) {
    await this.#attempt('connect', async () => {
      await this.#connect(wallet);
    });
  }

  async #pay(wallet: WalletOption) {
    const signal = this.#session!.signal;
    await this.#attempt('connect', async (phase) => {
      const account = await this.#connect(wallet);
      const intent = this.#state.intent!;
      phase('switch');
      this.#set({ activity: { kind: 'switching' } });
      await ensureChain(wallet.provider, intent.network);
      phase('send');
      this.#set({ activity: { kind: 'checking' } });
      await payIntent(
        wallet.provider,
        account,
        intent,
        (progress) => this.#set({ activity: { kind: 'paying', progress } }),
        signal,
      );
    });
  }

  async #act(action: BuyerAction) {
    const wallet = this.#state.wallet;
    if (!wallet) return;
    const signal = this.#session!.signal;
    await this.#attempt('switch', async (phase) => {
      this.#set({ problem: undefined, activity: { kind: 'acting', action } });
      await ensureChain(wallet.option.provider, this.#state.intent!.network);
      phase('send');
      await buyerAction(
        wallet.option.provider,
        wallet.account,
        this.#state.intent!,
        action,
        (hash) => this.#set({ activity: { kind: 'acting', action, hash } }),
        signal,
      );
    });
  }

  /** Runs a wallet flow; whatever stops it becomes the problem shown, with its way forward. */
  async #attempt(first: Phase, flow: (phase: (next: Phase) => void) => Promise<void>) {
    let phase = first;
    try {
      await flow((next) => {
        phase = next;
      });
      this.#set({ activity: { kind: 'idle' } });
    } catch (error) {
      if (this.#session?.signal.aborted) return;
      const problem = problemOf(error, phase);
      this.#set({ activity: { kind: 'idle' }, problem });
      if (problem.kind === 'failed_onchain' || problem.kind === 'refused')
        this.#emit('pmt:failed', { paymentIntent: this.#state.intent, reason: problem });
    }
  }
}

function problemOf(error: unknown, phase: Phase): Problem {
  if (error instanceof PayError) {
    const failure = error.failure;
    return failure.kind === 'insufficient_funds'
      ? failure
      : failure.kind === 'refused'
        ? { kind: 'refused', error: failure.error }
        : { kind: 'failed_onchain', hash: failure.hash };
  }
  if (!(error instanceof WalletError)) return { kind: 'unreachable' };
  const failure = error.failure;
  switch (failure.kind) {
    case 'rejected':
      return phase === 'connect'
        ? { kind: 'connect_refused' }
        : phase === 'switch'
          ? { kind: 'wrong_network' }
          : { kind: 'rejected' };
    case 'pending_request':
      return failure;
    case 'unknown_chain':
      return { kind: 'wrong_network' };
    case 'reverted':
      return { kind: 'refused', error: escrowErrorName(failure.data) };
    default:
      return { kind: 'unreachable' };
  }
}

export function defineCheckoutElement(name = 'pmt-checkout') {
  if (!customElements.get(name)) customElements.define(name, class extends PmtCheckout {});
}
