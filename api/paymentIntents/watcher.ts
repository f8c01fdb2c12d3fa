// Pushes intent changes to open event streams. One loop per API process asks the database for every
// watched intent at once, so a thousand open checkouts cost one query per tick, not a thousand.
import { inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { ChainViews } from '../../lib/chainViews.js';
import type { Db } from '../../lib/db/client.js';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { type IntentRow, selectIntents } from '../../lib/paymentIntents/query.js';
import { type ResourceContext, statusClockOf } from '../../lib/resources/paymentIntent.js';

export type IntentListener = (row: IntentRow, context: ResourceContext) => void;

export interface IntentWatcher {
  /** Calls `listener` with the intent on every tick (listeners drop repeats themselves), and `onStop` when the watcher stops. */
  watch(intentId: string, listener: IntentListener, onStop: () => void): () => void;
  /** Ends every watch (the API is shutting down): open event streams close, and clients reconnect elsewhere. */
  stop(): void;
}

export interface WatcherOptions {
  db: Db;
  views: ChainViews;
  readContext: () => Promise<ResourceContext>;
  intervalMs: number;
  log: Logger;
}

export function intentWatcher({ db, views, readContext, intervalMs, log }: WatcherOptions): IntentWatcher {
  const listeners = new Map<string, Set<IntentListener>>();
  const stoppers = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function tick() {
    timer = undefined;
    const ids = [...listeners.keys()];
    if (ids.length === 0 || stopped) return;
    try {
      const context = await readContext();
      const rows = await selectIntents(db, views, statusClockOf(context)).query.where(inArray(paymentIntent.id, ids));
      for (const row of rows) for (const listener of listeners.get(row.intent.id) ?? []) listener(row, context);
    } catch (err) {
      log.warn({ err }, 'intent watcher could not read intents; retrying');
    }
    schedule();
  }

  function schedule() {
    if (!timer && !stopped && listeners.size > 0) timer = setTimeout(() => void tick(), intervalMs);
  }

  return {
    watch(intentId, listener, onStop) {
      const set = listeners.get(intentId) ?? new Set();
      set.add(listener);
      listeners.set(intentId, set);
      stoppers.add(onStop);
      schedule();
      return () => {
        set.delete(listener);
        stoppers.delete(onStop);
        if (set.size === 0) listeners.delete(intentId);
      };
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const onStop of stoppers) onStop();
    },
  };
}
