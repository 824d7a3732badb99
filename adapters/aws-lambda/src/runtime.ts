// The Runtime port for one Lambda invocation. Lambda freezes the process as soon as the
// handler returns, so `waitUntil` exists only where work can run after the answer: a streamed
// HTTP answer (the stream ends, the invocation goes on) and invocations nobody waits on (jobs,
// alarms). A buffered HTTP answer is the handler's return value: nothing can follow it.
import type { Logger, Runtime } from "@catops/core";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import type { LambdaContext } from "./types.js";

export interface Invocation {
  runtime: Runtime;
  /**
   * Waits for everything handed to waitUntil, until `marginMs` before Lambda's deadline; nothing
   * to wait for (most invocations) is undefined, so the invocation ends without another turn.
   */
  settle(): Promise<void> | undefined;
}

/** Upper-case string values a middleware put on the context (secrets from SSM, say). */
export function contextEnv(context: object): Record<string, string> {
  return contextValues(context) ?? {};
}

/** contextEnv, or undefined when the context has none: most invocations allocate nothing. */
function contextValues(context: object): Record<string, string> | undefined {
  let env: Record<string, string> | undefined;
  for (const name in context) {
    // Lambda's own fields are camelCase: only an upper-case first letter needs the full check.
    const first = name.charCodeAt(0);
    if (first < 65 || first > 90 || !Object.hasOwn(context, name) || !UPPER_CASE.test(name))
      continue;
    const value = (context as Record<string, unknown>)[name];
    if (typeof value !== "string") continue;
    env ??= {};
    env[name] = value;
  }
  return env;
}

const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

/**
 * The env connectors see: the configured one as it is (the same object every invocation, so the
 * core merges it once), with any upper-case values a middleware put on the context over it.
 */
function withContextEnv(env: Record<string, unknown>, context: object): Record<string, unknown> {
  const fromContext = contextValues(context);
  return fromContext ? { ...env, ...fromContext } : env;
}

export function createInvocation(
  context: LambdaContext,
  options: {
    env: Record<string, unknown>;
    logger: Logger;
    marginMs: number;
    /** Whether work can run after the answer in this invocation. */
    afterAnswer: boolean;
  },
): Invocation {
  const { logger, marginMs } = options;
  // Made with the first work that runs on after the answer: most invocations have none.
  let pending: Set<Promise<void>> | undefined;
  const runtime: Runtime = {
    requestId: context.awsRequestId,
    remainingMs: () => context.getRemainingTimeInMillis(),
    hmacSha256: nodeHmacSha256,
    env: withContextEnv(options.env, context),
    logger,
  };
  if (options.afterAnswer)
    runtime.waitUntil = function waitInThisInvocation(promise) {
      const tracked: Promise<void> = promise
        .then(
          () => {},
          (error) => logger.error("background work failed", { error }),
        )
        .finally(() => pending?.delete(tracked));
      pending ??= new Set();
      pending.add(tracked);
    };

  function settle(): Promise<void> | undefined {
    return pending && pending.size > 0 ? settleWithinDeadline(pending) : undefined;
  }

  async function settleWithinDeadline(work: Set<Promise<void>>): Promise<void> {
    while (work.size > 0) {
      const budget = context.getRemainingTimeInMillis() - marginMs;
      if (budget <= 0) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), budget);
      });
      const done = await Promise.race([Promise.all([...work]).then(() => true), timeout]);
      clearTimeout(timer);
      if (!done) break;
    }
    if (work.size > 0)
      logger.error("work still running when the invocation had to end; it will not finish", {
        pending: work.size,
        requestId: context.awsRequestId,
      });
  }

  return { runtime, settle };
}
