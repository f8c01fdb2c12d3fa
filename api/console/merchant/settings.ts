// The merchant's settings: payout schedule, API keys (created and rolled keys shown once, revoked at
// once), webhook endpoints (the signing secret shown once when made or rolled, enabled again after the
// gateway disabled one) and each endpoint's delivery log with redelivery, all through the API's own
// routes; every change is in the audit log.
import type { Context, Hono } from 'hono';
import type { InferRequestType } from 'hono/client';
import { html } from 'hono/html';
import { isAddress, isHex } from 'viem';
import { newSecret } from '../../../lib/console/tokens.js';
import { WALLET_PROOF_MAX_AGE_MS, walletProofMessage } from '../../../lib/console/walletProof.js';
import { payoutSchedules } from '../../../lib/db/schema/index.js';
import type { ApiEnv } from '../../context.js';
import { type Answer, answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { deliveryAttempts } from '../deliveries.js';
import { statusBadge, when } from '../format.js';
import { networkName } from '../networks.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

type V1 = ConsoleApi['v1'];
type ApiKey = Ok<V1['api_keys']['$get']>['data'][number];
type Account = Ok<V1['merchant']['$get']>;

/** How long a rolled key or signing secret keeps working, as offered. */
const ROLL_GRACE = [
  { seconds: 0, label: 'at once' },
  { seconds: 3_600, label: 'in 1 hour' },
  { seconds: 86_400, label: 'in 24 hours' },
  { seconds: 604_800, label: 'in 7 days' },
];

/**
 * What a key can still do, read off its object: only a roll sets `expires_at`, and the API rolls a key
 * once, so a key with a future `expires_at` is in its grace period (it may be revoked, not rolled again),
 * and one whose `expires_at` has passed works no more, like a revoked one.
 */
function keyState(key: ApiKey, now: number): 'active' | 'in_grace' | 'expired' | 'revoked' {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at === null) return 'active';
  return key.expires_at * 1000 > now ? 'in_grace' : 'expired';
}

/** What a page shows once after a change: a new secret, or what went wrong. */
interface Flash {
  problem?: string;
  secret?: { label: string; value: string };
}

const field = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === 'string' ? form[name].trim() : '';

/** The Idempotency-Key a form carries (`once`), if any. */
const idempotencyKeyOf = (form: Record<string, unknown>) => ({
  'idempotency-key': field(form, 'idempotency_key') || undefined,
});

type PayoutSettings = InferRequestType<V1['merchant']['payout_settings']['$post']>['json'];

/** What both roll routes take: the key or endpoint, the grace, and the form's Idempotency-Key. */
type RollRequest = InferRequestType<V1['api_keys'][':id']['roll']['$post']>;

function csrf(token: string) {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** The select of a roll's grace period: how long the `what` it replaces keeps working. */
const graceChoice = (what: string) =>
  html`<label>Old ${what} stops
    <select name="expires_in_seconds">
      ${ROLL_GRACE.map((grace) => html`<option value="${grace.seconds}">${grace.label}</option>`)}
    </select>
  </label>`;

/**
 * A form that makes a secret carries an Idempotency-Key of its own: sent again (a reload of the page that
 * showed the secret), it replays the first answer, which never holds the secret, and makes nothing new.
 */
const once = () => html`<input type="hidden" name="idempotency_key" value="${newSecret()}" />`;

function flashOf(flash: Flash) {
  return html`${flash.problem ? html`<p class="problem" role="alert">${flash.problem}</p>` : ''}
    ${
      flash.secret
        ? html`<div class="notice" role="status">
            <p>${flash.secret.label}: copy it now, it is not shown again.</p>
            <p><code data-secret>${flash.secret.value}</code></p>
          </div>`
        : ''
    }`;
}

/** Setting the payout wallet: the wallet island (web/console/wallet.ts) signs the proof and posts it. */
function walletForm(c: Context<ApiEnv>, account: Account, action: string) {
  const { csrfToken } = c.var.console;
  const issuedAt = new Date();
  const message = walletProofMessage({
    merchantId: account.id,
    merchantName: account.name,
    address: '{address}',
    issuedAt,
    csrfToken,
  });
  return html`<form method="post" action="${action}" data-wallet-proof="${message}">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="issued" value="${issuedAt.toISOString()}" />
    <input type="hidden" name="address" />
    <input type="hidden" name="signature" />
    ${
      c.var.services.networks.size > 1
        ? html`<label>For
            <select name="network">
              <option value="">every network without a wallet of its own</option>
              ${[...c.var.services.networks.values()].map(({ network }) => html`<option value="${network.name}">${network.name} only</option>`)}
            </select>
          </label>`
        : ''
    }
    <button type="submit">Set payout wallet from my wallet</button>
    <p data-wallet-status role="status">Your wallet signs a message proving it is yours; nothing is sent on chain.</p>
  </form>`;
}

/** The secret an answer shows once; a replayed answer has none, and says so. */
const secretShown = (label: string, secret: string | undefined): Flash =>
  secret
    ? { secret: { label, value: secret } }
    : { problem: `${label} was shown when it was made, and is not shown again.` };

export function mountSettings(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const current = `${base}/settings`;

  const show = async (c: Context<ApiEnv>, flash: Flash = {}, status: 200 | 400 = 200) => {
    const api = consoleApi(c);
    const [account, keys, endpoints] = await Promise.all([
      answerOf(api.v1.merchant.$get()),
      answerOf(api.v1.api_keys.$get({ query: { limit: '100' } })),
      answerOf(api.v1.webhook_endpoints.$get({ query: { limit: '100' } })),
    ]);
    if (!account.ok || !keys.ok || !endpoints.ok) {
      throw new Error(
        `the settings page could not read the API (${account.status}/${keys.status}/${endpoints.status})`,
      );
    }
    const token = c.var.console.csrfToken;
    return renderConsole(
      c,
      spec,
      {
        title: 'Settings',
        current,
        island: 'wallet',
        body: html`<h2>Settings</h2>
          ${flashOf(flash)}
          <h3>Payouts</h3>
          <dl>
            <dt>Payout wallet</dt><dd data-payout-wallet>${account.body.payout_address ? html`<code>${account.body.payout_address}</code>` : 'none set'}</dd>
            ${account.body.network_payout_addresses.map(
              (
                own,
              ) => html`<dt>On ${networkName(own)}</dt><dd data-payout-wallet="${networkName(own)}"><code>${own.address}</code>
                <form method="post" action="${current}/wallet/default" style="display:inline">
                  ${csrf(token)}
                  <input type="hidden" name="network" value="${own.network ?? ''}" />
                  <button type="submit">Use the payout wallet instead</button>
                </form></dd>`,
            )}
          </dl>
          ${walletForm(c, account.body, `${current}/wallet`)}
          <form method="post" action="${current}/payouts" class="filters">
            ${csrf(token)}
            <label>Schedule
              <select name="schedule">
                ${payoutSchedules.map(
                  (schedule) =>
                    html`<option value="${schedule}" ${schedule === account.body.payout_schedule ? 'selected' : ''}>${schedule}</option>`,
                )}
              </select>
            </label>
            <button type="submit">Save schedule</button>
          </form>

          <h3>API keys</h3>
          <table>
            <thead><tr><th>Key</th><th>Created</th><th>Last used</th><th>State</th><th></th></tr></thead>
            <tbody>
              ${keys.body.data.map((key) => {
                const state = keyState(key, Date.now());
                return html`<tr data-key="${key.id}">
                  <td>${key.name ?? ''}<br /><code>${key.redacted}</code></td>
                  <td>${when(key.created)}</td>
                  <td>${key.last_used ? when(key.last_used) : 'never'}</td>
                  <td>${
                    state === 'in_grace'
                      ? html`rolled, expires ${when(key.expires_at!)}`
                      : state === 'expired'
                        ? html`${statusBadge(state)} ${when(key.expires_at!)}`
                        : statusBadge(state)
                  }</td>
                  <td>
                    ${
                      state === 'active'
                        ? html`<form method="post" action="${current}/api_keys/${key.id}/roll" class="filters">
                            ${csrf(token)} ${once()} ${graceChoice('key')}
                            <button type="submit">Roll</button>
                          </form>`
                        : ''
                    }
                    ${
                      state === 'active' || state === 'in_grace'
                        ? html`<form method="post" action="${current}/api_keys/${key.id}/revoke">${csrf(token)}<button type="submit">Revoke</button></form>`
                        : ''
                    }
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
          <form method="post" action="${current}/api_keys" class="filters">
            ${csrf(token)} ${once()}
            <label>Name <input name="name" maxlength="100" placeholder="e.g. reporting" /></label>
            <button type="submit">Create key</button>
          </form>

          <h3>Webhook endpoints</h3>
          <table>
            <thead><tr><th>Endpoint</th><th>Events</th><th>State</th><th></th></tr></thead>
            <tbody>
              ${endpoints.body.data.map(
                (endpoint) => html`<tr data-endpoint="${endpoint.id}">
                  <td><a href="${current}/webhooks/${endpoint.id}"><code>${endpoint.url}</code></a>${endpoint.description ? html`<br />${endpoint.description}` : ''}</td>
                  <td>${endpoint.enabled_events.join(', ')}</td>
                  <td>${statusBadge(endpoint.status)}${
                    endpoint.status === 'disabled'
                      ? html`<form method="post" action="${current}/webhooks/${endpoint.id}/enable">${csrf(token)}<button type="submit">Enable</button></form>`
                      : ''
                  }</td>
                  <td>
                    <form method="post" action="${current}/webhooks/${endpoint.id}/roll_secret" class="filters">
                      ${csrf(token)} ${once()} ${graceChoice('secret')}
                      <button type="submit">Roll secret</button>
                    </form>
                    <form method="post" action="${current}/webhooks/${endpoint.id}/delete">${csrf(token)}<button type="submit">Delete</button></form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          <form method="post" action="${current}/webhooks" class="filters">
            ${csrf(token)} ${once()}
            <label>URL <input name="url" type="url" required placeholder="https://shop.example/webhooks/pmt" size="36" /></label>
            <label>Description <input name="description" maxlength="500" /></label>
            <button type="submit">Add endpoint</button>
          </form>`,
      },
      status,
    );
  };

  app.get(current, (c) => show(c));

  app.post(`${current}/wallet`, async (c) => {
    const form = await c.req.parseBody();
    const address = field(form, 'address');
    const signature = field(form, 'signature');
    const issuedAt = new Date(field(form, 'issued'));
    const age = Date.now() - issuedAt.getTime();
    if (
      !isAddress(address) ||
      !isHex(signature) ||
      Number.isNaN(age) ||
      age < -60_000 ||
      age > WALLET_PROOF_MAX_AGE_MS
    ) {
      return show(
        c,
        { problem: 'The wallet’s signature is missing or too old: connect your wallet and sign again.' },
        400,
      );
    }
    const { user, merchantName, csrfToken } = c.var.console;
    const message = walletProofMessage({
      merchantId: user.merchantId!,
      merchantName: merchantName ?? '',
      address,
      issuedAt,
      csrfToken,
    });
    // A contract wallet (EIP-1271) answers on the chain it is set for.
    const network = field(form, 'network') || undefined;
    const { networks, defaultNetwork } = c.var.services;
    const chain = [...networks.values()].find((served) => served.network.name === network) ?? defaultNetwork;
    const proven = await chain.chain.verifyMessage({ address, message, signature }).catch(() => false);
    if (!proven)
      return show(c, { problem: `That signature is not ${address}’s: sign with the wallet you are setting.` }, 400);
    const outcome = await consoleChange(c, (api) =>
      api.v1.merchant.wallet.$post({ json: { address, network }, header: {} }),
    );
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  // A network back on the one payout wallet: nothing to prove, as no new address is claimed.
  app.post(`${current}/wallet/default`, async (c) => {
    const network = field(await c.req.parseBody(), 'network');
    const outcome = await consoleChange(c, (api) =>
      api.v1.merchant.wallet.$post({ json: { address: null, network }, header: {} }),
    );
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  app.post(`${current}/payouts`, async (c) => {
    // Any other schedule is the API's to refuse, with its own message.
    const schedule = field(await c.req.parseBody(), 'schedule') as PayoutSettings['schedule'];
    const outcome = await consoleChange(c, (api) =>
      api.v1.merchant.payout_settings.$post({ json: { schedule }, header: {} }),
    );
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  app.post(`${current}/api_keys`, async (c) => {
    const form = await c.req.parseBody();
    const name = field(form, 'name');
    const outcome = await consoleChange(c, (api) =>
      api.v1.api_keys.$post({ json: name ? { name } : {}, header: idempotencyKeyOf(form) }),
    );
    if (!outcome.ok) return show(c, { problem: outcome.problem }, 400);
    return show(c, secretShown(`Secret key ${outcome.body.redacted}`, outcome.body.secret));
  });

  /** A roll form (`graceChoice`): the API's roll of `:id` with the grace chosen, its new secret shown once. */
  const rollForm =
    <T extends { secret?: string }>(
      roll: (c: Context<ApiEnv>, request: RollRequest) => Promise<Answer<T>>,
      label: (rolled: T) => string,
    ) =>
    async (c: Context<ApiEnv>) => {
      const form = await c.req.parseBody();
      const seconds = Number(field(form, 'expires_in_seconds'));
      const outcome = await roll(c, {
        param: { id: encodeURIComponent(c.req.param('id')!) },
        json: { expires_in_seconds: Number.isInteger(seconds) ? seconds : 0 },
        header: idempotencyKeyOf(form),
      });
      if (!outcome.ok) return show(c, { problem: outcome.problem }, 400);
      return show(c, secretShown(label(outcome.body), outcome.body.secret));
    };

  app.post(
    `${current}/api_keys/:id/roll`,
    rollForm(
      (c, request) => consoleChange(c, (api) => api.v1.api_keys[':id'].roll.$post(request)),
      (key) => `The new secret key ${key.redacted}`,
    ),
  );

  app.post(`${current}/api_keys/:id/revoke`, async (c) => {
    const id = encodeURIComponent(c.req.param('id'));
    const outcome = await consoleChange(c, (api) => api.v1.api_keys[':id'].revoke.$post({ param: { id }, header: {} }));
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  app.post(`${current}/webhooks`, async (c) => {
    const form = await c.req.parseBody();
    const description = field(form, 'description');
    const outcome = await consoleChange(c, (api) =>
      api.v1.webhook_endpoints.$post({
        json: { url: field(form, 'url'), ...(description ? { description } : {}) },
        header: idempotencyKeyOf(form),
      }),
    );
    if (!outcome.ok) return show(c, { problem: outcome.problem }, 400);
    return show(c, secretShown(`Signing secret of ${outcome.body.url}`, outcome.body.secret));
  });

  app.post(
    `${current}/webhooks/:id/roll_secret`,
    rollForm(
      (c, request) => consoleChange(c, (api) => api.v1.webhook_endpoints[':id'].roll_secret.$post(request)),
      (endpoint) => `The new signing secret of ${endpoint.url}`,
    ),
  );

  app.post(`${current}/webhooks/:id/enable`, async (c) => {
    const id = encodeURIComponent(c.req.param('id'));
    const outcome = await consoleChange(c, (api) =>
      api.v1.webhook_endpoints[':id'].$post({ param: { id }, json: { disabled: false }, header: {} }),
    );
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  app.post(`${current}/webhooks/:id/delete`, async (c) => {
    const id = encodeURIComponent(c.req.param('id'));
    const outcome = await consoleChange(c, (api) => api.v1.webhook_endpoints[':id'].$delete({ param: { id } }));
    return outcome.ok ? c.redirect(current, 303) : show(c, { problem: outcome.problem }, 400);
  });

  const deliveriesPage = async (c: Context<ApiEnv>, problem?: string) => {
    const id = c.req.param('id')!;
    const deliveries = await answerOf(
      consoleApi(c).v1.webhook_endpoints[':id'].deliveries.$get({
        param: { id: encodeURIComponent(id) },
        query: { limit: '100' },
      }),
    );
    if (!deliveries.ok) {
      return renderConsole(
        c,
        spec,
        { title: 'Not found', current, body: html`<p class="problem">No endpoint ${id} in your account.</p>` },
        404,
      );
    }
    const token = c.var.console.csrfToken;
    return renderConsole(
      c,
      spec,
      {
        title: 'Webhook deliveries',
        current,
        body: html`<p><a href="${current}">← Settings</a></p>
          <h2>Deliveries to <code>${id}</code></h2>
          ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
          <table>
            <thead><tr><th>Event</th><th>Status</th><th>Attempts</th><th>Created</th><th></th></tr></thead>
            <tbody>
              ${deliveries.body.data.map(
                (delivery) => html`<tr data-delivery="${delivery.id}">
                  <td>${delivery.event_type}<br /><code>${delivery.event}</code></td>
                  <td>${statusBadge(delivery.status)}${delivery.next_attempt_at ? html`<br />next ${when(delivery.next_attempt_at)}` : ''}</td>
                  <td>${deliveryAttempts(delivery)}</td>
                  <td>${when(delivery.created)}</td>
                  <td><form method="post" action="${current}/webhooks/${id}/redeliver/${delivery.event}">${csrf(token)}<button type="submit">Redeliver</button></form></td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${deliveries.body.data.length === 0 ? html`<p>Nothing sent here yet.</p>` : ''}`,
      },
      problem ? 400 : 200,
    );
  };

  app.get(`${current}/webhooks/:id`, (c) => deliveriesPage(c));

  app.post(`${current}/webhooks/:id/redeliver/:event`, async (c) => {
    const id = c.req.param('id');
    const event = encodeURIComponent(c.req.param('event'));
    const outcome = await consoleChange(c, (api) =>
      api.v1.events[':id'].redeliver.$post({ param: { id: event }, json: { webhook_endpoint: id }, header: {} }),
    );
    return outcome.ok ? c.redirect(`${current}/webhooks/${id}`, 303) : deliveriesPage(c, outcome.problem);
  });
}
