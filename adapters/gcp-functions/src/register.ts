import type { CatOps } from "@catops/core";
import { catopsPubSub } from "./events.js";
import { catopsHttp, type HttpFunctionOptions } from "./handler.js";
import type { CloudEventHandler, FunctionsRegistry, HttpHandler } from "./types.js";

export interface RegisterOptions extends HttpFunctionOptions {
  /** The HTTP function's name (its --target / entry point). Default 'catops'. */
  httpName?: string;
  /** The Pub/Sub CloudEvent function's name. Default 'catops-jobs'. */
  eventName?: string;
}

/**
 * Registers both functions with the Functions Framework:
 * `registerCatOps(functions, bot, { topic: 'catops-jobs' })` with
 * `import * as functions from '@google-cloud/functions-framework'`.
 */
export function registerCatOps(
  functions: FunctionsRegistry,
  bot: Pick<CatOps, "fetch" | "runJob" | "runSchedule" | "schedules">,
  options: RegisterOptions = {},
): { http: HttpHandler; event: CloudEventHandler } {
  const { httpName = "catops", eventName = "catops-jobs", ...rest } = options;
  const http = catopsHttp(bot, rest);
  // The job function needs only the configuration and the logger; the rest is HTTP's.
  const event = catopsPubSub(bot, { env: rest.env, logger: rest.logger });
  functions.http(httpName, http);
  functions.cloudEvent(eventName, event);
  return { http, event };
}
