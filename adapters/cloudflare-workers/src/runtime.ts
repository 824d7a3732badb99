// The runtime a Worker's request or queue batch gets: ctx.waitUntil for work after the answer,
// the bindings as env, and (for requests) the defer that picks waitUntil or the Queue.
import type { CatOps, Runtime } from "@catops/core";
import { deferTo, queueBinding, timeLeft } from "./defer.js";
import type { ExecutionContext } from "./types.js";

/** The runtime of one request: a job goes to waitUntil, or to the Queue when it is long. */
export function requestRuntime(
  bot: CatOps,
  request: Request,
  env: object,
  ctx: ExecutionContext,
  settings: { queueName: string; waitUntilMs: number },
): Runtime {
  const runtime: Runtime = {
    env: env as Record<string, unknown>,
    waitUntil: (promise) => ctx.waitUntil(promise),
    requestId: request.headers.get("cf-ray") ?? undefined,
  };
  runtime.defer = deferTo({
    bot,
    runtime,
    queue: queueBinding(env as Record<string, unknown>, settings.queueName),
    waitUntilMs: settings.waitUntilMs,
  });
  return runtime;
}

/** The runtime of one queue batch: its jobs are given what is left of the invocation. */
export function queueRuntime(env: object, ctx: ExecutionContext, queueMs: number): Runtime {
  return {
    env: env as Record<string, unknown>,
    waitUntil: (promise) => ctx.waitUntil(promise),
    remainingMs: timeLeft(queueMs),
  };
}
