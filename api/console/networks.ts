// Networks on console pages: each object's network by name, and the filter that keeps one network's.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ApiEnv } from '../context.js';

/** An object's network by its name, or by its chain once the gateway no longer serves it. */
export const networkName = (row: { network: string | null; chain_id: number }) =>
  row.network ?? `chain ${row.chain_id}`;

/** The served network a page's `network` query names, or undefined (any network). */
export function chosenNetwork(c: Context<ApiEnv>): string | undefined {
  const name = c.req.query('network')?.trim();
  return [...c.var.services.networks.values()].some(({ network }) => network.name === name) ? name : undefined;
}

/** A filter form's network choice: every served network, or any; none on a one-network gateway. */
export function networkFilter(c: Context<ApiEnv>, chosen: string | undefined) {
  const { networks } = c.var.services;
  if (networks.size < 2) return '';
  return html`<label>Network
    <select name="network">
      <option value="">any</option>
      ${[...networks.values()].map(
        ({ network }) =>
          html`<option value="${network.name}" ${network.name === chosen ? 'selected' : ''}>${network.name}</option>`,
      )}
    </select>
  </label>`;
}
