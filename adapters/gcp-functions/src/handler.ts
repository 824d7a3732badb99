// The HTTP function: every CatOps route (Slack, Mattermost, Discord, alerts, health) behind one URL.
import { type AdapterOptions, type CatOps, checkAdapterOptions } from "@catops/core";
import { invocationRuntime, resolveEnv, resolveLogger } from "./runtime.js";
import { createJobPublisher, type PublisherOptions } from "./defer.js";
import { sendWebResponse, toWebRequest } from "./request.js";
import type { FunctionsRequest, FunctionsResponse, HttpHandler } from "./types.js";

/**
 * `env` defaults to process.env, `logger` to a structured Cloud Logging one, and `basePath` is
 * the prefix the function is served below.
 */
export interface HttpFunctionOptions extends AdapterOptions {
  /**
   * The Pub/Sub topic deferred jobs go to; CATOPS_PUBSUB_TOPIC when absent. Without one, jobs
   * run in this instance after the answer, where Cloud Run may throttle the CPU.
   */
  topic?: string;
  /** The Pub/Sub client (or a factory for it); `new PubSub()` when absent. */
  pubsub?: PublisherOptions["pubsub"];
}

/** An HTTP function for `@google-cloud/functions-framework` serving `bot.fetch`. */
export function catopsHttp(
  bot: Pick<CatOps, "fetch">,
  options: HttpFunctionOptions = {},
): HttpHandler {
  const { basePath } = checkAdapterOptions(
    { package: "@catops/gcp-functions", fn: "catopsHttp" },
    options,
    ["topic", "pubsub"],
  );
  const env = resolveEnv(options);
  const logger = resolveLogger(options, env);
  const topic = options.topic ?? stringValue(env.CATOPS_PUBSUB_TOPIC);
  const defer = topic ? createJobPublisher({ topic, pubsub: options.pubsub }) : undefined;

  return async function handleHttp(req: FunctionsRequest, res: FunctionsResponse): Promise<void> {
    const runtime = invocationRuntime({ env, logger, requestId: req.executionId, defer });
    try {
      const response = await bot.fetch(toWebRequest(req, basePath), runtime);
      await sendWebResponse(res, response);
    } catch (error) {
      logger.error("request failed", { error, requestId: req.executionId });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.end(new TextEncoder().encode('{"ok":false,"error":"internal error"}'));
      }
    }
    // Late replies run after the answer; the invocation stays open until they settle.
    await runtime.settle();
  };
}

function stringValue(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
