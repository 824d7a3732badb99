// State and jobs shared by many replicas: PostgreSQL (CATOPS_DATABASE_URL) for the store and the
// job queue, or Redis (CATOPS_REDIS_URL) for the store. @catops/postgres and @catops/redis are
// optional peers, loaded only when configured, so a single-process bot installs neither.
import {
  CatOpsError,
  type JobEnvelope,
  type Logger,
  type Store,
  type StoreHealth,
} from "@catops/core";

/** The queue a replica sends deferred jobs to and works (see @catops/postgres). */
export interface SharedQueue {
  replica: string;
  send(job: JobEnvelope): Promise<void>;
  start(work: {
    run(job: JobEnvelope): Promise<void>;
    deadLetter(job: JobEnvelope, reason: string): Promise<void>;
    cancelRequested(jobId: string): void;
    release(jobId: string): Promise<void>;
    resync?(): void;
  }): Promise<void>;
  running(): string[];
  stopTaking(): Promise<void>;
  handBack(reason: string): Promise<string[]>;
  health(): Promise<StoreHealth>;
  stop(): Promise<void>;
}

export interface SharedBackends {
  store: Store;
  /** Present with PostgreSQL: deferred jobs go through it. */
  queue?: SharedQueue;
  /** What the banner and logs show: "PostgreSQL", "Redis", "Redis, jobs on PostgreSQL". */
  description: string;
  /** The database tells the queue of cancellations (job records in PostgreSQL), so no job polls. */
  cancelNotified: boolean;
  close(): Promise<void>;
}

/** Whether the configuration names a shared database (so the store is not SQLite). */
export function sharedStateConfigured(env: Record<string, unknown>): boolean {
  return Boolean(setting(env, "CATOPS_DATABASE_URL") || setting(env, "CATOPS_REDIS_URL"));
}

/** Opens what CATOPS_DATABASE_URL and CATOPS_REDIS_URL name; undefined when neither is set. */
export async function openSharedBackends(
  env: Record<string, unknown>,
  logger?: Logger,
): Promise<SharedBackends | undefined> {
  const databaseUrl = setting(env, "CATOPS_DATABASE_URL");
  const redisUrl = setting(env, "CATOPS_REDIS_URL");
  if (!databaseUrl && !redisUrl) return undefined;
  // Every setting is read before anything opens, so a typo fails without a connection left open.
  const databaseSettings = {
    schema: setting(env, "CATOPS_DATABASE_SCHEMA"),
    maxConnections: numberSetting(env, "CATOPS_DATABASE_POOL_SIZE"),
  };
  const queueSettings = {
    concurrency: numberSetting(env, "CATOPS_QUEUE_CONCURRENCY"),
    retryLimit: numberSetting(env, "CATOPS_QUEUE_RETRIES"),
    retryDelaySeconds: numberSetting(env, "CATOPS_QUEUE_RETRY_DELAY_SECONDS"),
    sweepEveryMs: secondsSetting(env, "CATOPS_QUEUE_SWEEP_SECONDS"),
    pollingIntervalSeconds: numberSetting(env, "CATOPS_QUEUE_POLL_SECONDS"),
  };
  const redisStore = redisUrl
    ? (
        await loadOptionalPeer(() => import("@catops/redis"), "@catops/redis", "CATOPS_REDIS_URL")
      ).createRedisStore({
        url: redisUrl,
        prefix: setting(env, "CATOPS_REDIS_PREFIX") ?? "catops:",
      })
    : undefined;
  if (!databaseUrl)
    return {
      store: redisStore!,
      description: "Redis",
      cancelNotified: false,
      close: () => redisStore!.close(),
    };

  const postgres = await loadOptionalPeer(
    () => import("@catops/postgres"),
    "@catops/postgres",
    "CATOPS_DATABASE_URL",
  );
  let database: Awaited<ReturnType<typeof postgres.openDatabase>> | undefined;
  try {
    database = await postgres.openDatabase({ connectionString: databaseUrl, ...databaseSettings });
    const store = redisStore ?? (await postgres.createPostgresStore({ database }));
    const queue = await postgres.createPostgresQueue({ database, ...queueSettings, logger });
    return backends(store, queue, database, redisStore);
  } catch (error) {
    await database?.close().catch(() => {});
    await redisStore?.close();
    throw error;
  }
}

function backends(
  store: Store,
  queue: SharedQueue,
  database: { close(): Promise<void> },
  redisStore: Store | undefined,
): SharedBackends {
  return {
    store,
    queue,
    description: redisStore ? "Redis, jobs on PostgreSQL" : "PostgreSQL",
    cancelNotified: !redisStore,
    async close() {
      await queue.stop().catch(() => {});
      await store.close?.();
      await database.close();
    },
  };
}

/** Imports an optional peer the configuration asks for; when absent, says what to install. */
export async function loadOptionalPeer<T>(
  importer: () => Promise<T>,
  name: string,
  variable: string,
): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND")
      throw new CatOpsError(`${variable} is set, so CatOps needs ${name}: npm install ${name}`, {
        cause: { package: "@catops/node" },
      });
    throw error;
  }
}

function setting(env: Record<string, unknown>, name: string): string | undefined {
  const value = env[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function numberSetting(env: Record<string, unknown>, name: string): number | undefined {
  const value = setting(env, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new CatOpsError(`${name} must be a number, not "${value}"`, {
      cause: { package: "@catops/node" },
    });
  return number;
}

function secondsSetting(env: Record<string, unknown>, name: string): number | undefined {
  const seconds = numberSetting(env, name);
  return seconds === undefined ? undefined : seconds * 1000;
}
