/**
 * SIGINT, SIGTERM and SIGHUP during a run. Outside the critical section (planning, waiting for the
 * lock) nothing has been written: the guard cleans up and exits at once. Inside it (journal, writes,
 * build, rollback) the guard only aborts `signal`: the writer stops between two files, restores
 * every file and the CLI exits with 128 + the signal number.
 */
import { FluxgenError, signalExitCode } from '../errors.ts';

const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;
type SignalName = (typeof SIGNALS)[number];

export interface SignalGuard {
  /** Aborted, with an INTERRUPTED FluxgenError as reason, when a signal arrives inside `critical`. */
  readonly signal: AbortSignal;
  /** Runs fn as the critical section: a signal aborts `signal` instead of exiting. */
  critical<T>(fn: () => Promise<T>): Promise<T>;
  /** Aborts `signal` for another reason (e.g. the repo lock was lost). */
  abort(reason: FluxgenError): void;
  /** Removes the handlers. */
  dispose(): void;
}

export interface GuardHooks {
  /** Synchronous cleanup before exiting outside the critical section (e.g. releasing the lock). */
  cleanup(): void;
  /** Prints a notice. */
  notify(message: string): void;
}

/** Installs the handlers; call dispose() when the run is over. */
export function guardSignals(hooks: GuardHooks): SignalGuard {
  const controller = new AbortController();
  let depth = 0;
  let written = false;
  const handlers = new Map<SignalName, () => void>();
  for (const name of SIGNALS) {
    const handler = () => {
      if (depth > 0) {
        if (!controller.signal.aborted) {
          controller.abort(new FluxgenError('INTERRUPTED', `interrupted by ${name} while writing`, { signal: name, hint: 'run the command again' }));
        }
        return;
      }
      hooks.cleanup();
      hooks.notify(`error [INTERRUPTED]: interrupted by ${name}; ${written ? 'the change had been written completely' : 'nothing was changed'}`);
      process.exit(signalExitCode(name));
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    async critical<T>(fn: () => Promise<T>): Promise<T> {
      depth++;
      try {
        const result = await fn();
        written = true;
        return result;
      } finally {
        depth--;
      }
    },
    abort(reason) {
      if (!controller.signal.aborted) controller.abort(reason);
    },
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
