// The shared job queue on PostgreSQL (pg-boss): every replica sends deferred jobs to it and
// works it. At-least-once: a job is redelivered when its run fails (bounded retries, then the
// dead-letter queue) or when the replica running it dies (its liveness lock is gone) or hands
// it back on shutdown. The core's job lifecycle makes a redelivery safe: a lease stops a second
// run, and a run found cut short is resumed (idempotent commands) or ended as interrupted.
import { hostname } from "node:os";
import type { JobEnvelope, Logger, StoreHealth } from "@catops/core";
import PgBoss from "pg-boss";
import type { Database } from "./database.js";
import { type Listener, startListener } from "./listener.js";
import { cancelChannel, jobChannel } from "./schema.js";
import { databaseHealth } from "./store.js";

export interface PostgresQueueOptions {
  database: Database;
  /** This process's name among the replicas. Default host-pid-random. */
  replica?: string;
  /** How many jobs this replica runs at once. Default 8. */
  concurrency?: number;
  /** Runs of one job that may fail before it is dead-lettered. Default 2 (three runs). */
  retryLimit?: number;
  /** Seconds before a failed run is tried again. Default 5. */
  retryDelaySeconds?: number;
  /**
   * The visibility timeout: seconds a run may hold a job before the queue takes it back. Default
   * 16 minutes, above the longest a job may run (the bot's 15-minute job timeout).
   */
  expireInSeconds?: number;
  /** How often replicas look for jobs held by a replica that died, in ms. Default 10 s. */
  sweepEveryMs?: number;
  /** How often idle workers look for jobs besides being woken, in seconds. Default 2. */
  pollingIntervalSeconds?: number;
  /** A connection string for the replica's own listening connection; default the pool's. */
  connectionString?: string;
  logger?: Pick<Logger, "info" | "warn" | "error">;
}

/** What a replica does with what the queue delivers. */
export interface QueueWork {
  /** Runs one job to its end (normally `bot.runJob`). A throw is a failed run: retried. */
  run(job: JobEnvelope): Promise<void>;
  /** The queue gave up on a job (normally `bot.abandonJob` as failed). */
  deadLetter(job: JobEnvelope, reason: string): Promise<void>;
  /** A job's record was asked to stop (normally `bot.checkCancellation`). */
  cancelRequested(jobId: string): void;
  /** The job's run is gone (its replica died or handed it back): drop its lease. */
  release(jobId: string): Promise<void>;
  /** After a lost notification connection came back: check every running job again. */
  resync?(): void;
}

export interface PostgresQueue {
  replica: string;
  /** Queues a job for any replica, and wakes idle workers. */
  send(job: JobEnvelope): Promise<void>;
  /** Starts working the queue. */
  start(work: QueueWork): Promise<void>;
  /** Jobs this replica is running now. */
  running(): string[];
  /** Stops taking new jobs (the first step of a drain). */
  stopTaking(): Promise<void>;
  /** Gives the jobs still running here back to the queue, for another replica; their ids. */
  handBack(reason: string): Promise<string[]>;
  /** Looks for jobs held by dead replicas now and sends them back; their ids. */
  sweep(): Promise<string[]>;
  health(): Promise<StoreHealth>;
  stop(): Promise<void>;
}

const QUEUE = "catops-jobs";
const DEAD = "catops-jobs-dead";

interface Claim {
  jobId: string;
  queueJobId: string;
  envelope: JobEnvelope;
  /** Ends the queue's run of this message (it completes) while the job goes on elsewhere. */
  giveBack: () => void;
}

export async function createPostgresQueue(options: PostgresQueueOptions): Promise<PostgresQueue> {
  const { database } = options;
  const { pool, schema, quoted: s } = database;
  const replica =
    options.replica ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const liveness = (name: string) => `catops-replica:${schema}:${name}`;
  const log = options.logger;
  const boss = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: `${schema}_queue`,
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on("error", (error) => log?.warn("job queue error", { error }));
  // pg-boss installs its schema when it first starts, and two replicas doing that at the same
  // moment collide: they take turns under one lock.
  await oneAtATime(database, `catops-queue-setup:${schema}`, async () => {
    await boss.start();
    await ensureQueue(boss, DEAD, {});
    await ensureQueue(boss, QUEUE, {
      retryLimit: options.retryLimit ?? 2,
      retryDelay: options.retryDelaySeconds ?? 5,
      expireInSeconds: options.expireInSeconds ?? 16 * 60,
      deadLetter: DEAD,
    });
  });

  const claims = new Map<string, Claim>();
  /** Handlers pg-boss is awaiting: it completes or fails their message once each settles. */
  const handling = new Set<Promise<void>>();
  const workerIds: string[] = [];
  let listener: Listener | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let taking = false;

  async function claim(entry: Claim) {
    const { jobId, queueJobId } = entry;
    claims.set(jobId, entry);
    await pool.query(
      `INSERT INTO ${s}.catops_claims (job_id, queue_job_id, replica) VALUES ($1, $2, $3)
       ON CONFLICT (job_id) DO UPDATE
       SET queue_job_id = excluded.queue_job_id, replica = excluded.replica, claimed_at = now()`,
      [jobId, queueJobId, replica],
    );
  }

  async function unclaim(jobId: string, queueJobId: string) {
    claims.delete(jobId);
    await pool.query(
      `DELETE FROM ${s}.catops_claims WHERE job_id = $1 AND queue_job_id = $2 AND replica = $3`,
      [jobId, queueJobId, replica],
    );
  }

  async function sweep(work: QueueWork): Promise<string[]> {
    const client = await pool.connect();
    const recovered: string[] = [];
    try {
      await client.query("BEGIN");
      // One replica sweeps at a time; the others find the lock taken and skip this round.
      const { rows: turn } = await client.query(
        "SELECT pg_try_advisory_xact_lock(hashtext($1)) AS mine",
        [`catops-sweep:${schema}`],
      );
      if (!turn[0]?.mine) {
        await client.query("COMMIT");
        return recovered;
      }
      // A replica is dead when nobody holds its liveness lock: taking it here (released at
      // COMMIT) succeeds only then.
      const { rows } = await client.query<{ job_id: string; queue_job_id: string }>(
        `SELECT job_id, queue_job_id::text FROM ${s}.catops_claims
         WHERE replica <> $1 AND pg_try_advisory_xact_lock(hashtext($2 || replica))`,
        [replica, `catops-replica:${schema}:`],
      );
      for (const row of rows) {
        await work.release(row.job_id);
        await boss.fail(QUEUE, row.queue_job_id, { reason: "the replica running it died" });
        await client.query(`DELETE FROM ${s}.catops_claims WHERE job_id = $1`, [row.job_id]);
        recovered.push(row.job_id);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    if (recovered.length > 0)
      log?.warn("jobs of a replica that died sent back to the queue", { jobs: recovered });
    return recovered;
  }

  let started: QueueWork | undefined;

  async function send(job: JobEnvelope) {
    await boss.send(QUEUE, job as unknown as object);
    await pool.query("SELECT pg_notify($1, '')", [jobChannel(schema)]);
  }

  return {
    replica,
    send,
    async start(work) {
      started = work;
      listener = await startListener({
        database,
        connectionString: options.connectionString,
        livenessKey: liveness(replica),
        channels: {
          [cancelChannel(schema)]: (jobId) => work.cancelRequested(jobId),
          [jobChannel(schema)]: () => {
            for (const id of workerIds) boss.notifyWorker(id);
          },
        },
        onReconnect: () => work.resync?.(),
        onError: (error) => log?.warn("job queue notifications", { error }),
      });
      const handler = async ([job]: PgBoss.Job<JobEnvelope>[]) => {
        if (!job) return;
        const envelope = job.data;
        let giveBack!: () => void;
        const givenBack = new Promise<void>((resolve) => {
          giveBack = resolve;
        });
        const handled = (async () => {
          await claim({ jobId: envelope.id, queueJobId: job.id, envelope, giveBack });
          try {
            await Promise.race([work.run(envelope), givenBack]);
          } finally {
            await unclaim(envelope.id, job.id).catch(() => {});
          }
        })();
        handling.add(handled);
        try {
          await handled;
        } finally {
          handling.delete(handled);
        }
      };
      const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
      taking = true;
      for (let i = 0; i < (options.concurrency ?? 8); i++)
        workerIds.push(await boss.work(QUEUE, { batchSize: 1, pollingIntervalSeconds }, handler));
      workerIds.push(
        await boss.work<JobEnvelope>(DEAD, { pollingIntervalSeconds }, async ([job]) => {
          if (job) await work.deadLetter(job.data, "it failed every time it was tried");
        }),
      );
      const every = options.sweepEveryMs ?? 10_000;
      sweeper = setInterval(() => {
        sweep(work).catch((error) => log?.warn("job queue sweep failed", { error }));
      }, every);
      sweeper.unref();
    },
    running: () => [...claims.keys()],
    async stopTaking() {
      if (!taking) return;
      taking = false;
      clearInterval(sweeper);
      await boss.offWork(QUEUE);
      await boss.offWork(DEAD);
    },
    async handBack(reason) {
      // A new message for another replica; this one's message then completes here. Failing it
      // instead would race with the replica that takes it over.
      const handed: string[] = [];
      for (const { jobId, envelope, giveBack } of [...claims.values()]) {
        await started?.release(jobId);
        await send(envelope);
        giveBack();
        handed.push(jobId);
      }
      if (handed.length > 0) log?.info("jobs handed back to the queue", { jobs: handed, reason });
      return handed;
    },
    sweep: () => (started ? sweep(started) : Promise.resolve([])),
    health: () => databaseHealth(database, 2000),
    async stop() {
      clearInterval(sweeper);
      // pg-boss completes a message right after its handler settles, without waiting: let those
      // writes land before the pool they use is closed.
      const settled = Promise.allSettled([...handling]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await boss.stop({ graceful: false, close: false, wait: true });
      await listener?.stop();
    },
  };
}

/** Creates a queue when missing, and keeps its settings current. */
async function ensureQueue(boss: PgBoss, name: string, settings: Omit<PgBoss.Queue, "name">) {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...settings });
  await boss.updateQueue(name, { name, ...settings });
}

/** Runs `fn` while holding a session advisory lock, so replicas take turns at it. */
async function oneAtATime<T>(database: Database, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
    }
  } finally {
    client.release();
  }
}
