// The loop behind the worker's walkers over final blocks (the webhook outbox, the deposit scanner): a step
// every `intervalMs`, the next one at once while a step says there is more, and a failed step logged and
// tried again after the interval (and reported, unless an outage failed it).
import { withoutQueryParameters } from '../lib/db/client.js';
import { isOutage, reportError } from '../lib/errorReporting.js';

export interface StepLoop {
  /** Stops scheduling steps and waits for the one in hand. */
  stop(): Promise<void>;
}

/** Starts stepping; `step` resolves with whether there is more to do right away. */
export function startStepLoop(
  name: string,
  step: () => Promise<boolean>,
  intervalMs: number,
  log: { error(message: string): void },
): StepLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = step().then(
      (more) => schedule(more ? 0 : intervalMs),
      (err: unknown) => {
        const shown = withoutQueryParameters(err);
        log.error(`${name}: ${shown instanceof Error ? shown.message : String(shown)}; retrying`);
        if (!isOutage(err)) reportError(err, { loop: name });
        schedule(intervalMs);
      },
    );
  };
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms);
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
