import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AdapterOptions,
  type CatOps,
  type CatOpsResponse,
  checkAdapterOptions,
  errorResponse,
  isThenable,
  json,
  type PlainRequest,
  type StoreHealth,
} from "@catops/core";
import { createNodeHandler } from "./http.js";
import { DEFAULT_MAX_CONNECTIONS, logDrops, socketLimits } from "./socket-limits.js";
import { playgroundRoute } from "./playground.js";
import {
  exposedPlaygroundMessage,
  isPlaygroundPath,
  playgroundHostGuard,
} from "./playground-guard.js";
import { isLoopbackName } from "./loopback.js";
import { nodeRuntime } from "./runtime.js";
import type { NodeRuntime } from "./types.js";
import { playgroundConnectorOf, sharedBackendsOf } from "./node-bot.js";
import { type Scheduler, startScheduler } from "./scheduler.js";
import type { SharedQueue } from "./shared.js";
import {
  type SocketModeClient,
  type SocketModeOptions,
  startSocketMode,
  wantsSocketMode,
} from "./socket-mode.js";

/**
 * `env` is the configuration connectors see over the bot's own (default process.env), `logger`
 * takes the server's lines (default the bot's), `basePath` is the prefix the server is served
 * below (a reverse proxy's path).
 */
export interface ServeOptions extends AdapterOptions {
  /** Fire the bot's schedules from a timer in this process. Default true. */
  schedules?: boolean;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Use 0.0.0.0 to accept requests from other machines. */
  hostname?: string;
  /** The Runtime port; default nodeRuntime() running deferred jobs in this process. */
  runtime?: NodeRuntime;
  /** Largest request body read, in bytes. Default 1 MiB, the bot's own default. */
  bodyLimit?: number;
  /**
   * A public host (or URL) the playground also answers on, besides loopback names. Default:
   * CATOPS_PUBLIC_URL's host when set.
   */
  publicHost?: string;
  /** How long a client may take to send a request's headers, in ms. Default 5 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, headers and body, in ms. Default 10 s. */
  requestTimeoutMs?: number;
  /** Connections held at once; more are closed on arrival (and logged). Default 1000. */
  maxConnections?: number;
  /**
   * The job queue every replica works (from @catops/postgres). Default: the one createNodeBot
   * opened from CATOPS_DATABASE_URL; none runs deferred jobs in this process.
   */
  queue?: SharedQueue;
  /**
   * Slack Socket Mode, used when SLACK_APP_TOKEN (xapp-…) is set and CATOPS_PUBLIC_URL is not:
   * its reconnect and acknowledgement timings, or `false` to stay on HTTP only.
   */
  socketMode?: Pick<SocketModeOptions, "minBackoffMs" | "maxBackoffMs" | "ackTimeoutMs"> | false;
}

export interface ShutdownOptions {
  /** How long in-flight requests and running jobs may take to finish, in ms. Default 10 s. */
  graceMs?: number;
}

export interface ShutdownReport {
  /** Whether every request and job finished within the grace period. */
  settled: boolean;
  /** Jobs still running at the end, recorded as failed (interrupted) in the store. */
  interrupted: string[];
  /** Jobs still running at the end, given back to the shared queue for another replica. */
  handedBack: string[];
}

export interface RunningServer {
  /** http://host:port, without a trailing slash. */
  url: string;
  port: number;
  hostname: string;
  runtime: NodeRuntime;
  server: Server;
  /** The Slack Socket Mode connection, when the server uses one. */
  socketMode?: SocketModeClient;
  /** The timer firing the bot's schedules, when `schedules` is not false. */
  scheduler?: Scheduler;
  /** The bot being served. */
  bot(): CatOps;
  /** Serves another bot from the next request on (the dev server's reload). */
  replaceBot(next: CatOps): void;
  /**
   * Stops accepting, lets in-flight requests and deferred jobs finish within the grace period,
   * records jobs still running as interrupted, and closes the store.
   */
  close(options?: ShutdownOptions): Promise<ShutdownReport>;
}

const NOTICE_TIMEOUT_MS = 2000;

/** Serves a bot on node:http: its routes, plus the playground when it has a web connector. */
const SERVE_OPTIONS = [
  "schedules",
  "port",
  "hostname",
  "runtime",
  "bodyLimit",
  "publicHost",
  "headersTimeoutMs",
  "requestTimeoutMs",
  "maxConnections",
  "queue",
  "socketMode",
];

export async function serve(bot: CatOps, options: ServeOptions = {}): Promise<RunningServer> {
  const { basePath } = checkAdapterOptions(
    { package: "@catops/node", fn: "serve" },
    options,
    SERVE_OPTIONS,
  );
  const logOf = (bot: CatOps) => options.logger ?? bot.logger;
  const hostname = options.hostname ?? "127.0.0.1";
  const env = options.env ?? (process.env as Record<string, unknown>);
  if (bot.connectorPaths.has("web") && !isLoopbackName(hostname) && env.CATOPS_PLAYGROUND !== "1")
    throw new Error(exposedPlaygroundMessage(hostname));
  const refuseForeignHost = playgroundHostGuard({
    publicHost: options.publicHost ?? stringSetting(env.CATOPS_PUBLIC_URL),
  });
  let current = bot;
  let inFlight = 0;
  let closing: Promise<ShutdownReport> | undefined;
  let onIdle: (() => void) | undefined;
  const shared = sharedBackendsOf(bot);
  const queue = options.queue ?? shared?.queue;
  const runtime =
    options.runtime ??
    nodeRuntime({
      env: options.env,
      logger: logOf(bot),
      runJob: (job, jobRuntime) => current.runJob(job, jobRuntime),
      queue,
    });

  /** A request's answer, counted in flight until it is given: at once when the bot answered so. */
  function handle(request: PlainRequest): CatOpsResponse | Promise<CatOpsResponse> {
    if (request.pathname === "/readyz") return readiness(current, queue, Boolean(closing));
    if (closing) return errorResponse(503, "shutting down");
    inFlight++;
    let answer: CatOpsResponse | Promise<CatOpsResponse>;
    try {
      answer = answerRequest(request);
    } catch (error) {
      answered();
      return failed(error);
    }
    if (!isThenable(answer)) {
      answered();
      return answer;
    }
    return Promise.resolve(answer).then(
      (response) => {
        answered();
        return response;
      },
      (error: unknown) => {
        answered();
        return failed(error);
      },
    );
  }

  function answerRequest(request: PlainRequest): CatOpsResponse | Promise<CatOpsResponse> {
    const web = playgroundConnectorOf(current);
    if (!web) return current.handle(request, runtime);
    const refused =
      isPlaygroundPath(request.pathname) && refuseForeignHost(request.headers.get("host"));
    if (refused) return refused;
    return playgroundRoute(request, web, current.store).then(
      (page) => page ?? current.handle(request, runtime),
    );
  }

  function answered(): void {
    inFlight--;
    if (inFlight === 0) onIdle?.();
  }

  function failed(error: unknown): CatOpsResponse {
    logOf(current).error("request failed", { error });
    return errorResponse(500, "internal error");
  }

  const { server, port } = await new Promise<{ server: Server; port: number }>(
    (resolve, reject) => {
      const started = createServer(
        socketLimits(options),
        createNodeHandler(handle, {
          bodyLimit: options.bodyLimit,
          basePath,
          onError: (error) => logOf(current).debug("answer not written", { error }),
        }),
      );
      started.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
      started.on(
        "drop",
        logDrops(started.maxConnections, () => logOf(current)),
      );
      started.once("error", reject);
      started.listen(options.port ?? 3000, hostname, () =>
        resolve({ server: started, port: (started.address() as AddressInfo).port }),
      );
    },
  );

  if (queue) await queue.start(queueWork(() => current, runtime, queue));
  const scheduler =
    options.schedules !== false ? startScheduler({ bot: () => current, runtime }) : undefined;
  // A job left running by a process that died (kill -9, a crash) never finishes: say so now.
  // A server alone on its store runs its jobs in process; replicas sharing one leave this to
  // the queue, which recovers the jobs of a replica that died (or to the leases, without one).
  const sole = !shared && !options.queue;
  const orphans = await (queue
    ? Promise.resolve([])
    : current.interruptOrphanedJobs(runtime, { sole })
  ).catch((error) => {
    logOf(current).error("jobs left by an earlier process could not be checked", { error });
    return [];
  });
  if (orphans.length > 0)
    logOf(current).warn("jobs left running by an earlier process marked interrupted", {
      jobs: orphans,
    });

  const socketMode =
    options.socketMode !== false && wantsSocketMode(env)
      ? startSocketMode({
          appToken: String(env.SLACK_APP_TOKEN),
          bot: () => current,
          runtime,
          env,
          ...options.socketMode,
        })
      : undefined;

  async function shutdown(graceMs: number): Promise<ShutdownReport> {
    const deadline = Date.now() + graceMs;
    await socketMode?.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => {
          onIdle = resolve;
        }),
        sleep(graceMs),
      ]);
    }
    server.closeIdleConnections();
    await queue?.stopTaking();
    await scheduler?.stop();
    const settled = await runtime.settle(Math.max(0, deadline - Date.now()));
    // Jobs from the queue still running go back to it, for another replica to take over.
    const handedBack = (await queue?.handBack("the server shut down")) ?? [];
    const interrupted = await recordInterrupted(current, runtime);
    // A slow command answered "the answer will follow here" is a job too: end what is left.
    // Only a server alone on its store knows that what is left is its own.
    const cutShort = sole
      ? await current
          .interruptOrphanedJobs({ ...runtime, defer: undefined }, { sole: true })
          .catch((error) => {
            logOf(current).error("unfinished jobs could not be ended", { error });
            return [];
          })
      : [];
    interrupted.push(...cutShort.filter((id) => !interrupted.includes(id)));
    server.closeAllConnections();
    await closed;
    if (shared) await shared.close();
    else {
      await queue?.stop();
      await current.store.close?.();
    }
    return { settled: settled && inFlight === 0, interrupted, handedBack };
  }

  return {
    url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
    port,
    hostname,
    runtime,
    server,
    ...(socketMode ? { socketMode } : {}),
    ...(scheduler ? { scheduler } : {}),
    bot: () => current,
    replaceBot(next) {
      current = next;
    },
    close(closeOptions = {}) {
      closing ??= shutdown(closeOptions.graceMs ?? 10_000);
      return closing;
    },
  };
}

/** Ends the jobs the shutdown cut short as interrupted, telling their channel when it can. */
async function recordInterrupted(bot: CatOps, runtime: NodeRuntime): Promise<string[]> {
  const jobs = runtime.runningJobs();
  for (const job of jobs) {
    const ending = bot.abandonJob(
      job.id,
      { state: "interrupted", reason: "the server shut down" },
      { ...runtime, requestId: job.requestId ?? job.id },
    );
    await Promise.race([ending.catch(() => {}), sleep(NOTICE_TIMEOUT_MS)]);
  }
  return jobs.map((job) => job.id);
}

/** What the shared queue does with what it delivers: the bot's own job lifecycle. */
function queueWork(bot: () => CatOps, runtime: NodeRuntime, queue: SharedQueue) {
  return {
    run: (job: Parameters<CatOps["runJob"]>[0]) => {
      const run = bot().runJob(job, runtime);
      runtime.waitUntil(run); // counted as pending, so a drain waits for it
      return run;
    },
    deadLetter: async (job: Parameters<CatOps["runJob"]>[0], reason: string) => {
      await bot().abandonJob(job.id, { state: "failed", reason }, runtime);
    },
    cancelRequested: (jobId: string) => {
      bot()
        .checkCancellation(jobId)
        .catch((error: unknown) => bot().logger.warn("cancellation not checked", { jobId, error }));
    },
    release: (jobId: string) => bot().releaseJob(jobId),
    resync: () => {
      for (const jobId of queue.running())
        void bot()
          .checkCancellation(jobId)
          .catch(() => {});
    },
  };
}

/** GET /readyz: 200 while the store (and the queue's database) answer, 503 while not or closing. */
async function readiness(
  bot: CatOps,
  queue: SharedQueue | undefined,
  closing: boolean,
): Promise<CatOpsResponse> {
  const checks: StoreHealth[] = closing
    ? [{ ok: false, reason: "shutting down" }]
    : await Promise.all([
        Promise.resolve(bot.store.health?.() ?? { ok: true }).catch(() => ({
          ok: false,
          reason: "the store's health check failed",
        })),
        queue?.health() ?? { ok: true },
      ]);
  const failed = checks.find((check) => !check.ok);
  return json(
    failed ? { ready: false, reason: failed.reason } : { ready: true },
    failed ? 503 : 200,
  );
}

function stringSetting(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
