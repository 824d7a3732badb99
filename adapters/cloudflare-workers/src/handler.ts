import {
  type AdapterOptions,
  type CatOps,
  checkAdapterOptions,
  errorResponse,
  onFirstUse,
  stripBasePath,
  toWebResponse,
} from "@catops/core";
import type { Hono } from "hono/tiny";
import { requestRuntime } from "./runtime.js";
import type { ExecutionContext, MessageBatch, ScheduledController } from "./types.js";

/** A bot, or how to make one from the bindings (once per isolate, on first use). */
export type BotSource<Env> = CatOps | ((env: Env) => CatOps | Promise<CatOps>);

/**
 * `env` replaces the bindings as the settings the bot reads (default: the bindings), `logger`
 * takes the adapter's and the runtime's lines (default: the bot's), and `basePath` is the prefix
 * of a route the Worker serves below.
 */
export interface CatOpsWorkerOptions<Env extends object> extends AdapterOptions {
  /** The Queue producer binding that takes long jobs (`defer: 'long'`). Default 'JOBS'. */
  queue?: string;
  /** A hono app of your own, for extra routes; CatOps is mounted after them, on every path. */
  app?: Hono<{ Bindings: Env }>;
  /** How long a job may run in `ctx.waitUntil` after the answer, in ms. Default 30 s. */
  waitUntilMs?: number;
  /** How long one queue handler invocation may run, in ms. Default 15 minutes. */
  queueMs?: number;
}

/** A module worker: `export default catopsWorker((env) => createCatOps({...}))`. */
export interface CatOpsWorker<Env extends object> {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  queue(batch: MessageBatch, env: Env, ctx: ExecutionContext): Promise<void>;
  /** Cron Triggers: runs the schedules written with the cron that fired. */
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void>;
}

/**
 * Serves a CatOps bot as a Cloudflare Worker. Short deferred work runs after the answer through
 * `ctx.waitUntil`; long work (`defer: 'long'`) goes to the Queue binding when there is one and
 * comes back through the `queue` handler, one `bot.runJob` per message.
 */
export function catopsWorker<Env extends object = Record<string, unknown>>(
  source: BotSource<Env>,
  options: CatOpsWorkerOptions<Env> = {},
): CatOpsWorker<Env> {
  const { basePath } = checkAdapterOptions(
    { package: "@catops/cloudflare-workers", fn: "catopsWorker" },
    options,
    ["queue", "app", "waitUntilMs", "queueMs"],
  );
  const settings = { env: options.env, logger: options.logger };
  const queueName = options.queue ?? "JOBS";
  // Cloudflare's limits: 30 s of waitUntil after the answer, 15 minutes per queue invocation.
  // A job is given what is left, so it times out and says so instead of being cut off.
  const waitUntilMs = options.waitUntilMs ?? 30_000;
  const queueMs = options.queueMs ?? 15 * 60_000;
  // Bindings are per env object; the isolate reuses it, so the bot is built once per isolate.
  const bots = new WeakMap<object, Promise<CatOps>>();

  function botFor(env: Env): Promise<CatOps> {
    if (typeof source !== "function") return Promise.resolve(source);
    let bot = bots.get(env);
    if (!bot) {
      bot = Promise.resolve()
        .then(() => source(env))
        .catch((error: unknown) => {
          bots.delete(env); // the next request tries again
          throw error;
        });
      bots.set(env, bot);
    }
    return bot;
  }

  async function handleRequest(
    request: Request,
    env: Env,
    ctx: ExecutionContext,
  ): Promise<Response> {
    let bot: CatOps;
    try {
      bot = await botFor(env);
    } catch (error) {
      if (options.logger) options.logger.error("the bot could not be created", { error });
      else console.error("catops: the bot could not be created", error);
      return toWebResponse(errorResponse(500, "internal error"));
    }
    const runtime = requestRuntime(bot, request, env, ctx, { ...settings, queueName, waitUntilMs });
    return bot.fetch(withoutBasePath(request, basePath), runtime);
  }

  // What a Cron Trigger or a queue batch runs loads with the first of them: a request never
  // needs it.
  const background = onFirstUse(async () => {
    const [{ createScheduledHandler }, { createQueueHandler }] = await Promise.all([
      import("./scheduled.js"),
      import("./queue.js"),
    ]);
    return {
      scheduled: createScheduledHandler(botFor, settings),
      queue: createQueueHandler(botFor, { ...settings, queueMs }),
    };
  });

  // A hono app of the user's routes its own paths and hands CatOps every other. Without one,
  // requests go straight to the bot: a router with one catch-all route cost ~3 µs a request
  // (a Worker's whole request is ~50) and its bytes on the cold path.
  const { app } = options;
  app?.all("*", (c) => handleRequest(c.req.raw, c.env, c.executionCtx as ExecutionContext));

  return {
    fetch: app
      ? (request, env, ctx) => Promise.resolve(app.fetch(request, env, ctx as never))
      : handleRequest,
    scheduled: async (controller, env, ctx) => (await background()).scheduled(controller, env, ctx),
    queue: async (batch, env, ctx) => (await background()).queue(batch, env, ctx),
  };
}

/** The request as the bot routes it: the base path removed, everything else as it came. */
function withoutBasePath(request: Request, basePath: string): Request {
  if (!basePath) return request;
  const url = new URL(request.url);
  const pathname = stripBasePath(url.pathname, basePath);
  if (pathname === url.pathname) return request;
  url.pathname = pathname;
  return new Request(url, request);
}
