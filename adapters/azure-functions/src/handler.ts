// registerCatOps: the two Azure functions that serve a bot, an HTTP catch-all and a queue trigger.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { type CatOps, checkAdapterOptions, createRedactor, errorResponse } from "@catops/core";
import { createJobHandler } from "./jobs.js";
import { invocationRuntimes } from "./runtime.js";
import { createJobQueue, queueClientFromSetting } from "./defer.js";
import { registerSchedules } from "./scheduled.js";
import { toResponseInit, toWebRequest } from "./request.js";
import type { AzureFunctionsOptions, FunctionsApp } from "./types.js";

const DEFAULTS = {
  httpFunctionName: "catops-http",
  queueFunctionName: "catops-jobs",
  queueName: "catops-jobs",
  connection: "AzureWebJobsStorage",
  maxDequeueCount: 5,
  functionTimeoutMs: 5 * 60_000,
};
const OWN_OPTIONS = [...Object.keys(DEFAULTS), "queueClient"];
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
const QUEUE_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Registers the bot with an `@azure/functions` v4 `app`: one anonymous HTTP function on a
 * catch-all route (GET, POST) serving `bot.fetch`, and a Storage Queue function running
 * deferred jobs; and a timer function for each of the bot's schedules.
 */
export function registerCatOps(
  app: FunctionsApp,
  bot: CatOps,
  options: AzureFunctionsOptions = {},
): void {
  const { basePath, ...settings } = validate(options);
  const env = options.env ?? process.env;
  const source = options.queueClient;
  const queue = createJobQueue(() =>
    typeof source === "function"
      ? source()
      : (source ?? queueClientFromSetting(env, settings.connection, settings.queueName)),
  );

  // The storage connection string carries the account key: it never reaches a log line.
  const storage = env[settings.connection];
  const redactStorage = createRedactor([storage, /AccountKey=([^;]+)/i.exec(storage ?? "")?.[1]]);
  const redact = (text: string) => redactStorage(bot.redact(text));

  const runtimeFor = invocationRuntimes({
    env,
    queue,
    redact,
    functionTimeoutMs: settings.functionTimeoutMs,
    logger: options.logger,
  });

  app.http(settings.httpFunctionName, {
    route: "{*path}",
    methods: ["GET", "POST"],
    authLevel: "anonymous",
    handler: async function serveHttp(
      request: HttpRequest,
      context: InvocationContext,
    ): Promise<HttpResponseInit> {
      // Work handed to waitUntil (a late reply) runs on after the answer: the worker process
      // stays up between invocations, but nothing here waits for it.
      const runtime = runtimeFor(context, Date.now());
      try {
        const response = await bot.fetch(await toWebRequest(request, basePath), runtime);
        return await toResponseInit(response, request.method);
      } catch (error) {
        runtime.logger?.error("request failed", { error });
        return toResponseInit(errorResponse(500, "internal error"), request.method);
      } finally {
        runtime.end();
      }
    },
  });

  app.storageQueue(settings.queueFunctionName, {
    queueName: settings.queueName,
    connection: settings.connection,
    handler: createJobHandler(bot, {
      maxDequeueCount: settings.maxDequeueCount,
      runtimeFor,
    }),
  });

  registerSchedules(app, bot, runtimeFor);
}

function validate(options: AzureFunctionsOptions): typeof DEFAULTS & { basePath: string } {
  const { basePath } = checkAdapterOptions(
    { package: "@catops/azure-functions", fn: "registerCatOps" },
    options,
    OWN_OPTIONS,
  );
  const settings = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && key in DEFAULTS) (settings as Record<string, unknown>)[key] = value;
  for (const key of ["httpFunctionName", "queueFunctionName"] as const)
    if (!FUNCTION_NAME.test(settings[key]))
      throw new TypeError(`registerCatOps: ${key} "${settings[key]}" is not a valid function name`);
  if (!QUEUE_NAME.test(settings.queueName))
    throw new TypeError(
      `registerCatOps: queueName "${settings.queueName}" is not a valid queue name (3-63 lowercase letters, digits, single hyphens)`,
    );
  if (!settings.connection)
    throw new TypeError("registerCatOps: connection must name an app setting");
  if (!Number.isInteger(settings.maxDequeueCount) || settings.maxDequeueCount < 1)
    throw new TypeError("registerCatOps: maxDequeueCount must be a positive integer");
  if (!(settings.functionTimeoutMs > 0))
    throw new TypeError("registerCatOps: functionTimeoutMs must be a positive number of ms");
  if (settings.httpFunctionName === settings.queueFunctionName)
    throw new TypeError("registerCatOps: the two functions need different names");
  return { ...settings, basePath };
}
