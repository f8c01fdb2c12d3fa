// <pmt-checkout>: the whole checkout as one custom element, used alike by the hosted page (which reads the
// client secret from its URL fragment) and by merchants' pages (attributes). It follows the intent over
// the API's event stream, pays with the wallet the buyer picks, becomes the receipt once paid, and tells
// the host page through DOM events: pmt:processing, pmt:succeeded, pmt:failed, pmt:expired.
import { render } from 'lit-html';
import { ensureChain } from './chain.js';
import { catalogues, pickLanguage } from './i18n/index.js';
import { followIntent } from './intentStream.js';
import { type BuyerAction, buyerAction, type PayProgress, payIntent } from './payment.js';
import { isPaymentFailure, type Phase, problemOf } from './problems.js';
import { ask, WalletError } from './provider.js';
import { type CheckoutState, initialState } from './state.js';
import type { Hex, PublicIntent } from './types.js';
import { view } from './view.js';
import { type WalletOption, walletConnectOption, watchWallets } from './wallets.js';

export type CheckoutEventName = 'pmt:processing' | 'pmt:succeeded' | 'pmt:failed' | 'pmt:expired';

/** Statuses that tell the host page to fulfil: paid in a final block, and not refunded in full. */
const FULFILLABLE = new Set(['succeeded', 'partially_refunded']);

export class PmtCheckout extends HTMLElement {
  static observedAttributes = ['intent', 'client-secret', 'api', 'lang', 'return-url'];

  #state: CheckoutState = initialState;
  readonly #root = this.attachShadow({ mode: 'open' });
  /** One per intent followed: aborting it stops the stream, the ticker, listeners and any wallet flow. */
  #session: AbortController | undefined;
  /** The wallet flow under way (a payment, a release), stopped early once the stream shows its outcome. */
  #flow: AbortController | undefined;
  #emitted = new Set<CheckoutEventName>();
  /** Wallets whose account changes this session follows (once each, however often the buyer connects). */
  #followed = new Set<WalletOption>();
  /** Wallets in this browser, and WalletConnect where the operator enabled it. */
  #injected: WalletOption[] = [];
  #walletConnect: WalletOption | undefined;
  /** The gateway, intent and client secret of this session, for the calls the page makes besides the stream. */
  #access = { api: '', intentId: '', clientSecret: '' };

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
    this.#followed = new Set();
    this.#walletConnect = undefined;
    const api = (this.getAttribute('api') ?? new URL(import.meta.url).origin).replace(/\/$/, '');
    this.#access = {
      api,
      intentId: this.getAttribute('intent') ?? '',
      clientSecret: this.getAttribute('client-secret') ?? (this.hasAttribute('hosted') ? secretFromFragment() : ''),
    };
    void followIntent({
      ...this.#access,
      signal: session.signal,
      onState: (stream) => this.#set({ stream }),
      onIntent: (intent) => this.#receive(api, intent),
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

  #receive(api: string, intent: PublicIntent) {
    if (intent.walletconnect_project_id && !this.#walletConnect)
      this.#walletConnect = walletConnectOption(api, intent.walletconnect_project_id, intent);
    const change: Partial<CheckoutState> = { intent, receivedAt: Date.now(), wallets: this.#wallets() };
    if (intent.payment) {
      // Paid, whoever sent it: a payment still being waited for here is over.
      change.submitted = undefined;
      if (this.#state.activity.kind === 'paying') {
        this.#flow?.abort();
        change.activity = { kind: 'idle' };
      }
    }
    this.#set(change);
    this.#announce(intent);
  }

  #wallets(): WalletOption[] {
    return this.#walletConnect ? [...this.#injected, this.#walletConnect] : this.#injected;
  }

  #set(change: Partial<CheckoutState>) {
    this.#state = { ...this.#state, ...change };
    this.#draw();
  }

  /** The clipboard exists only in secure contexts, and may be refused: the address stays there to select. */
  async #copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.#set({ copied: text });
    } catch {
      this.#set({ copied: undefined });
    }
  }

  /** PUT /v1/payment_intents/:id/refund_address; the intent it answers is the page's new state. */
  async #saveRefundAddress(address: string) {
    const { api, intentId, clientSecret } = this.#access;
    this.#set({ refundAddress: { kind: 'saving' } });
    try {
      const response = await fetch(`${api}/v1/payment_intents/${encodeURIComponent(intentId)}/refund_address`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-client-secret': clientSecret },
        body: JSON.stringify({ address }),
      });
      const body = await response.json();
      if (!response.ok) {
        this.#set({ refundAddress: { kind: 'refused', code: body?.error?.code ?? 'unavailable' } });
        return;
      }
      this.#set({ refundAddress: { kind: 'idle' } });
      this.#receive(api, body as PublicIntent);
    } catch {
      this.#set({ refundAddress: { kind: 'refused', code: 'unavailable' } });
    }
  }

  #draw() {
    const language = pickLanguage([this.getAttribute('lang') ?? '', ...navigator.languages]);
    const locale = navigator.languages.find((tag) => tag.toLowerCase().startsWith(language)) ?? language;
    render(
      view(this.#state, {
        messages: catalogues[language]!,
        locale,
        nowMs: Date.now(),
        returnUrl: webUrl(this.getAttribute('return-url') ?? this.#state.intent?.return_url),
        on: {
          pay: (wallet) => void this.#pay(wallet),
          connect: (wallet) => void this.#connectOnly(wallet),
          act: (action) => void this.#act(action),
          dismiss: () => this.#set({ problem: undefined }),
          copy: (text) => void this.#copy(text),
          saveRefundAddress: (address) => void this.#saveRefundAddress(address),
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
    if (!this.#followed.has(wallet)) {
      this.#followed.add(wallet);
      const onAccounts = (accounts: string[]) => {
        if (this.#state.wallet?.option === wallet)
          this.#set({ wallet: accounts[0] ? { option: wallet, account: accounts[0] as Hex } : undefined });
      };
      wallet.provider.on?.('accountsChanged', onAccounts);
      this.#session?.signal.addEventListener('abort', () =>
        wallet.provider.removeListener?.('accountsChanged', onAccounts),
      );
    }
    return account;
  }

  async #connectOnly(wallet: WalletOption) {
    await this.#attempt('connect', async () => {
      await this.#connect(wallet);
    });
  }

  async #pay(wallet: WalletOption) {
    await this.#attempt('connect', async (phase, signal) => {
      const account = await this.#connect(wallet);
      const intent = this.#state.intent!;
      phase('switch');
      this.#set({ activity: { kind: 'switching' } });
      await ensureChain(wallet.provider, intent.network);
      phase('send');
      this.#set({ activity: { kind: 'checking' } });
      const onProgress = (progress: PayProgress) => this.#set({ activity: { kind: 'paying', progress } });
      const hash = await payIntent(wallet.provider, account, intent, onProgress, signal);
      // Mined; the stream has not shown it yet (if it had, this flow would have been stopped).
      this.#set({ submitted: hash });
    });
  }

  async #act(action: BuyerAction) {
    const wallet = this.#state.wallet;
    if (!wallet) return;
    await this.#attempt('switch', async (phase, signal) => {
      this.#set({ problem: undefined, activity: { kind: 'acting', action } });
      await ensureChain(wallet.option.provider, this.#state.intent!.network);
      phase('send');
      const onSent = (hash: Hex) => this.#set({ activity: { kind: 'acting', action, hash } });
      await buyerAction(wallet.option.provider, wallet.account, this.#state.intent!, action, onSent, signal);
    });
  }

  /** Runs a wallet flow in this session; whatever stops it becomes the problem shown, with its way forward. */
  async #attempt(first: Phase, flow: (phase: (next: Phase) => void, signal: AbortSignal) => Promise<void>) {
    const session = this.#session;
    if (!session) return;
    const controller = new AbortController();
    this.#flow = controller;
    session.signal.addEventListener('abort', () => controller.abort(), { once: true });
    const { signal } = controller;
    let phase = first;
    try {
      await flow((next) => {
        phase = next;
      }, signal);
      this.#set({ activity: { kind: 'idle' } });
    } catch (error) {
      // Stopped on purpose: the element left the page, or the stream already showed the outcome.
      if (signal.aborted) return;
      const problem = problemOf(error, phase);
      this.#set({ activity: { kind: 'idle' }, problem });
      if (isPaymentFailure(problem)) this.#emit('pmt:failed', { paymentIntent: this.#state.intent, reason: problem });
    }
  }
}

/** The hosted page's fragment, which holds the client secret; empty when it is not one. */
function secretFromFragment(): string {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
}

/** An absolute http(s) URL, or undefined: anything else is never made a link. */
function webUrl(candidate: string | null | undefined): string | undefined {
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function defineCheckoutElement(name = 'pmt-checkout') {
  if (!customElements.get(name)) customElements.define(name, class extends PmtCheckout {});
}
