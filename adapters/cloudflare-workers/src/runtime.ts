// The runtime a Worker's request, queue batch or Cron Trigger gets: ctx.waitUntil for work after
// the answer, the bindings as env (or the env option), the logger option when there is one, and
// (for requests) the defer that picks waitUntil or the Queue.
import type { CatOps, Logger, Runtime } from "@catops/core";
import type { ExecutionContext } from "./types.js";

/** What catopsWorker's options put in every runtime. */
export interface RuntimeSettings {
  env?: Record<string, unknown>;
  logger?: Logger;
}

/** The part every invocation shares. */
export function invocationRuntime(
  bindings: object,
  ctx: ExecutionContext,
  settings: RuntimeSettings,
): Runtime {
  return {
    env: settings.env ?? (bindings as Record<string, unknown>),
    logger: settings.logger,
    waitUntil: (promise) => ctx.waitUntil(promise),
  };
}

/** The runtime of one request: a job goes to waitUntil, or to the Queue when it is long. */
export function requestRuntime(
  bot: CatOps,
  request: Request,
  bindings: object,
  ctx: ExecutionContext,
  settings: RuntimeSettings & { queueName: string; waitUntilMs: number },
): Runtime {
  const runtime = invocationRuntime(bindings, ctx, settings);
  runtime.requestId = request.headers.get("cf-ray") ?? undefined;
  // Where a job goes loads with the first job: most requests defer nothing.
  runtime.defer = async (job) => {
    const { deferTo, queueBinding } = await import("./defer.js");
    const queue = queueBinding(bindings as Record<string, unknown>, settings.queueName);
    return deferTo({ bot, runtime, queue, waitUntilMs: settings.waitUntilMs })(job);
  };
  return runtime;
}
