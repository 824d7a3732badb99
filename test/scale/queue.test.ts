// The PostgreSQL job queue (pg-boss) between replicas, each replica a queue of its own on one
// database: a job runs once on whichever replica takes it, a failing run is retried and then
// dead-lettered, a cancellation written anywhere wakes the replica running the job, and a
// replica that stops hands its running jobs back for another to finish.
import type { JobEnvelope } from "@catops/core";
import {
  createPostgresQueue,
  createPostgresStore,
  type Database,
  openDatabase,
  type PostgresQueue,
  type PostgresStore,
  type QueueWork,
} from "@catops/postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dropSchema, findOrStartPostgres, type Service, uniqueName } from "../support/databases.ts";

const schema = uniqueName("queue");
let server: Service;
const databases: Database[] = [];
const queues: PostgresQueue[] = [];
let store: PostgresStore;

beforeAll(async () => {
  server = await findOrStartPostgres();
  store = await createPostgresStore({ database: await open() });
}, 120_000);

afterAll(async () => {
  if (!server) return; // none was found: beforeAll said why
  for (const queue of queues) await queue.stop().catch(() => {});
  for (const database of databases) await database.close();
  await dropSchema(server.url, schema);
  await dropSchema(server.url, `${schema}_queue`);
  await server.stop();
}, 60_000);

// Each test's replicas leave the queue when it ends, so the next test's replicas are alone on it.
afterEach(async () => {
  for (const queue of queues) await queue.stopTaking();
});

async function open(): Promise<Database> {
  const database = await openDatabase({ connectionString: server.url, schema, maxConnections: 4 });
  databases.push(database);
  return database;
}

let seq = 0;
const envelope = (label: string): JobEnvelope => ({
  kind: "catops.job",
  id: `${label}-${++seq}-${Date.now().toString(36)}`,
  connector: "slack",
  event: { command: [label] },
  enqueuedAt: Date.now(),
});

/** What one replica did with what its queue delivered. */
function recordingWork(name: string, overrides: Partial<QueueWork> = {}) {
  const seen = {
    runs: [] as string[],
    dead: [] as { id: string; reason: string }[],
    cancels: [] as string[],
    released: [] as string[],
  };
  const work: QueueWork = {
    run: async (job) => {
      seen.runs.push(job.id);
    },
    deadLetter: async (job, reason) => {
      seen.dead.push({ id: job.id, reason });
    },
    cancelRequested: (jobId) => seen.cancels.push(jobId),
    release: async (jobId) => {
      seen.released.push(jobId);
    },
    ...overrides,
  };
  return { name, seen, work };
}

async function replica(
  work: QueueWork,
  options: { retryLimit?: number; retryDelaySeconds?: number; expireInSeconds?: number } = {},
) {
  const queue = await createPostgresQueue({
    database: await open(),
    concurrency: 2,
    pollingIntervalSeconds: 0.5,
    retryDelaySeconds: options.retryDelaySeconds ?? 1,
    retryLimit: options.retryLimit,
    expireInSeconds: options.expireInSeconds,
    sweepEveryMs: 60_000,
  });
  queues.push(queue);
  await queue.start(work);
  return queue;
}

async function until<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("postgres job queue", () => {
  it("runs each job once, on whichever replica takes it", async () => {
    const a = recordingWork("a");
    const b = recordingWork("b");
    const qa = await replica(a.work);
    await replica(b.work);
    const sent = Array.from({ length: 20 }, () => envelope("once"));
    for (const job of sent) await qa.send(job);
    await until(() => a.seen.runs.length + b.seen.runs.length >= 20);
    await new Promise((resolve) => setTimeout(resolve, 600)); // a second delivery would show now
    const runs = [...a.seen.runs, ...b.seen.runs];
    expect(runs.sort()).toEqual(sent.map((job) => job.id).sort());
    // Both replicas work the queue.
    expect(a.seen.runs.length).toBeGreaterThan(0);
    expect(b.seen.runs.length).toBeGreaterThan(0);
  });

  it("tries a failing job again, then hands it to the dead-letter work", async () => {
    let attempts = 0;
    const failing = recordingWork("failing", {
      run: async () => {
        attempts++;
        throw new Error("the store is down");
      },
    });
    const queue = await replica(failing.work, { retryLimit: 1, retryDelaySeconds: 0 });
    const job = envelope("doomed");
    await queue.send(job);
    const dead = await until(() => failing.seen.dead.find((entry) => entry.id === job.id), 20_000);
    expect(attempts).toBe(2); // the first run and one retry
    expect(dead.reason).toMatch(/failed every time/);
    await queue.stopTaking();
  }, 30_000);

  it("wakes the replica running a job the moment its record asks for a cancellation", async () => {
    const watcher = recordingWork("watcher");
    await replica(watcher.work);
    const id = `cancel-${Date.now().toString(36)}`;
    await store.set(`job:${id}`, { id, state: "running" });
    const before = Date.now();
    // Any replica writes the request (the core's `cancel` does it with a conditional write).
    expect(
      await store.setIfVersion(
        `job:${id}`,
        { id, state: "running", cancelRequested: { by: "U2", at: before } },
        (await store.getVersioned(`job:${id}`))!.version,
      ),
    ).toBe(true);
    await until(() => watcher.seen.cancels.includes(id), 5_000);
    expect(Date.now() - before).toBeLessThan(2_000);
    // Later writes to the record do not wake anyone again.
    await store.set(`job:${id}`, { id, state: "cancelled", cancelRequested: { at: before } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watcher.seen.cancels.filter((jobId) => jobId === id)).toHaveLength(1);
  });

  it("hands running jobs back on shutdown; another replica takes them", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const leaving = recordingWork("leaving", { run: () => held });
    const qLeaving = await replica(leaving.work);
    const job = envelope("handed");
    await qLeaving.send(job);
    await until(() => qLeaving.running().includes(job.id));
    const staying = recordingWork("staying");
    await replica(staying.work);
    await qLeaving.stopTaking();
    expect(await qLeaving.handBack("the server shut down")).toEqual([job.id]);
    expect(leaving.seen.released).toEqual([job.id]);
    await until(() => staying.seen.runs.includes(job.id) || undefined, 15_000);
    release();
  }, 30_000);

  // Last: it shortens the queue's visibility timeout, a setting of the queue every replica shares.
  it("takes a job back from a run that holds it past the visibility timeout, and delivers it again", async () => {
    const deliveries: number[] = [];
    const slow = recordingWork("slow", {
      run: async (job) => {
        deliveries.push(Date.now());
        // The first run hangs; the redelivery finishes.
        if (deliveries.length === 1) await new Promise((resolve) => setTimeout(resolve, 5_000));
        slow.seen.runs.push(job.id);
      },
    });
    const queue = await replica(slow.work, { expireInSeconds: 1, retryDelaySeconds: 0 });
    const job = envelope("hung");
    await queue.send(job);
    await until(() => slow.seen.runs.includes(job.id), 20_000);
    expect(deliveries.length).toBe(2);
    expect(deliveries[1]! - deliveries[0]!).toBeGreaterThanOrEqual(1_000);
  }, 30_000);
});
