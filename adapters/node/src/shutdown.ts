import type { Logger } from "@catops/core";
import type { RunningServer, ShutdownOptions } from "./handler.js";

export interface SignalOptions extends ShutdownOptions {
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** Called once the server is closed; default process.exit. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Closes the server gracefully on SIGTERM/SIGINT and exits 0. A second signal while
 * shutting down exits at once with 1. Returns a function that removes the handlers.
 */
export function closeOnSignals(running: RunningServer, options: SignalOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      options.logger?.warn("second signal: exiting without waiting", { signal });
      exit(1);
      return;
    }
    shuttingDown = true;
    options.logger?.info("shutting down", { signal, pending: running.runtime.pending() });
    running.close({ graceMs: options.graceMs }).then(
      (report) => {
        if (report.interrupted.length > 0)
          options.logger?.warn("jobs interrupted", { jobs: report.interrupted });
        options.logger?.info("stopped", { settled: report.settled });
        exit(0);
      },
      (error: unknown) => {
        options.logger?.error("shutdown failed", { error });
        exit(1);
      },
    );
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
