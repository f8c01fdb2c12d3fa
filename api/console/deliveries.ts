// A webhook delivery's attempts as both the endpoint's delivery log and the payment page show them.
import { html } from 'hono/html';
import type { ConsoleApi, Ok } from './apiClient.js';
import { when } from './format.js';

type Delivery = Ok<ConsoleApi['v1']['webhook_deliveries']['$get']>['data'][number];

export const deliveryAttempts = (delivery: Pick<Delivery, 'attempts'>) =>
  delivery.attempts.map(
    (attempt) =>
      html`<div>#${attempt.attempt} ${when(attempt.created)}: ${attempt.status_code ?? 'no answer'} in ${attempt.latency_ms} ms${attempt.response ? html` <code>${attempt.response.slice(0, 120)}</code>` : ''}</div>`,
  );
