// Options shared by the HTTP and the CloudEvent function, and the per-invocation runtime they build.
import type { AdapterOptions, Logger, Runtime } from "@catops/core";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import { createCloudLogger, secretValues } from "./logger.js";

/** `env` defaults to process.env, `logger` to a structured Cloud Logging one (severity on stdout). */
export type FunctionOptions = Pick<AdapterOptions, "env" | "logger">;

export interface InvocationRuntime extends Runtime {
  /** Waits for everything handed to `waitUntil`; failures are logged, never thrown. */
  settle(): Promise<void>;
}

export function resolveEnv(options: FunctionOptions): Record<string, unknown> {
  return options.env ?? process.env;
}

export function resolveLogger(options: FunctionOptions, env: Record<string, unknown>): Logger {
  return options.logger ?? createCloudLogger({ secrets: secretValues(env) });
}

/** The runtime of one invocation: node:crypto HMAC, the logger, work kept until it settles. */
export function invocationRuntime(base: {
  env: Record<string, unknown>;
  logger: Logger;
  requestId?: string;
  defer?: Runtime["defer"];
}): InvocationRuntime {
  const pending: Promise<unknown>[] = [];
  return {
    env: base.env,
    logger: base.logger,
    hmacSha256: nodeHmacSha256,
    ...(base.requestId ? { requestId: base.requestId } : {}),
    ...(base.defer ? { defer: base.defer } : {}),
    waitUntil: (promise) => {
      // Handled at once: an unhandled rejection makes the framework end the instance.
      pending.push(
        Promise.resolve(promise).catch((error) =>
          base.logger.error("background work failed", { error }),
        ),
      );
    },
    settle: async () => {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
}
