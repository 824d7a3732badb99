// The runtime one Azure invocation gets: the queue as its defer, background work it settles,
// the invocation's logger, and the time left before the Functions host stops it.
import type { InvocationContext } from "@azure/functions";
import type { Logger } from "@catops/core";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import type { JobQueue } from "./defer.js";
import { invocationLogger } from "./logger.js";
import type { InvocationRuntime } from "./types.js";

export interface RuntimeSettings {
  env: Record<string, string | undefined>;
  queue: JobQueue;
  redact: (text: string) => string;
  functionTimeoutMs: number;
  /** Where lines go instead of the invocation context. */
  logger?: Logger;
}

/** Makes the runtime of each invocation, HTTP or queue. */
export function invocationRuntimes(settings: RuntimeSettings) {
  return function runtimeFor(context: InvocationContext, startedAt: number): InvocationRuntime {
    const pending: Promise<unknown>[] = [];
    let ended = false;
    const logger = settings.logger ?? invocationLogger(context, settings.redact, () => ended);
    return {
      env: settings.env,
      logger,
      requestId: context.invocationId,
      hmacSha256: nodeHmacSha256,
      defer: (job) => settings.queue.send(job),
      waitUntil: (promise) => {
        pending.push(promise.catch((error) => logger.error("background work failed", { error })));
      },
      remainingMs: () => startedAt + settings.functionTimeoutMs - Date.now(),
      settle: async () => {
        while (pending.length > 0) await Promise.allSettled(pending.splice(0));
      },
      end: () => {
        ended = true;
      },
    };
  };
}
