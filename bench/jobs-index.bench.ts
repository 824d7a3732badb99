// `jobs` in a channel with 1,000 / 100,000 / 1,000,000 job records of other channels in the
// store, on SQLite and on DynamoDB (dynalite on loopback): the recent-jobs index makes it read
// the same few keys whatever the count. The full listing it replaced (`jobs.recent`, every
// `job:` record) is timed beside it up to the size named by --scan-up-to.
// `pnpm --filter @catops/bench bench:jobs [--sizes 1000,100000] [--dynamo-up-to 100000]`.
import { jobsOf } from "@catops/core/testing";
import { BatchWriteItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { createCatOps, type JobRecord, type Store, silentLogger } from "@catops/core";
import { JOB_TTL_SECONDS } from "@catops/core/jobs";
import Database from "better-sqlite3";
import { benchDynamo, benchSqlite } from "./lib/stores.ts";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const sizes = arg("sizes", "1000,100000,1000000").split(",").map(Number);
const dynamoUpTo = Number(arg("dynamo-up-to", "1000000"));
const scanUpTo = Number(arg("scan-up-to", "100000"));
const ROUNDS = 20;
const CHANNEL = "CBENCH";

/** A background job record: another channel's, ended, like most of a week's records. */
function background(i: number, now: number): JobRecord {
  return {
    id: `bg${i.toString(36).padStart(6, "0")}`,
    command: `deploy service-${i % 40} --env prod`,
    user: { id: `U${i % 300}` },
    channel: { id: `C${i % 1000}` },
    connector: "slack",
    state: "succeeded",
    createdAt: now - (i % 86_400) * 1000,
    startedAt: now - (i % 86_400) * 1000,
    endedAt: now - (i % 86_400) * 1000 + 4000,
    result: "Deployed.",
  };
}

interface Target {
  name: string;
  store: Store;
  load(count: number): Promise<void>;
  stop(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const { name, store, path, stop } = await benchSqlite();
  return {
    name,
    store,
    async load(count) {
      // Straight into the store's table, as its own writes lay rows out.
      const db = new Database(path);
      const insert = db.prepare(
        "INSERT OR REPLACE INTO catops_kv (key, value, expires_at) VALUES (?, ?, ?)",
      );
      const now = Date.now();
      const expires = now + JOB_TTL_SECONDS * 1000;
      db.transaction(() => {
        for (let i = 0; i < count; i++) {
          const job = background(i, now);
          insert.run(`job:${job.id}`, JSON.stringify(job), expires);
        }
      })();
      db.close();
    },
    stop,
  };
}

async function dynamoTarget(): Promise<Target> {
  const { name, store, client, tableName: TableName, stop } = await benchDynamo();
  return {
    name,
    store,
    async load(count) {
      // BatchWriteItem, 25 items a call, 8 calls in flight; the item layout is the store's.
      const now = Date.now();
      const expiresAt = String(Math.floor(now / 1000) + JOB_TTL_SECONDS);
      let next = 0;
      const worker = async () => {
        for (;;) {
          const start = next;
          next += 25;
          if (start >= count) return;
          let requests: WriteRequest[] = [];
          for (let i = start; i < Math.min(count, start + 25); i++) {
            const job = background(i, now);
            requests.push({
              PutRequest: {
                Item: {
                  pk: { S: `job:${job.id}` },
                  value: { S: JSON.stringify(job) },
                  expiresAt: { N: expiresAt },
                },
              },
            });
          }
          while (requests.length > 0) {
            const out = await client.send(
              new BatchWriteItemCommand({ RequestItems: { [TableName]: requests } }),
            );
            requests = out.UnprocessedItems?.[TableName] ?? [];
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    },
    stop,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(run: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  await run(); // warm-up
  const took: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    took.push(performance.now() - start);
  }
  return median(took);
}

export interface JobsIndexRow {
  store: string;
  records: number;
  loadSeconds: number;
  jobsMs: number;
  sweepMs: number;
  fullListingMs?: number;
}

export async function measureJobsIndex(): Promise<JobsIndexRow[]> {
  const rows: JobsIndexRow[] = [];
  for (const make of [sqliteTarget, dynamoTarget]) {
    for (const size of sizes) {
      const target = await make();
      if (target.name.startsWith("DynamoDB") && size > dynamoUpTo) {
        await target.stop();
        continue;
      }
      try {
        const loadStart = performance.now();
        await target.load(size);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        const bot = createCatOps({ store: target.store, logger: silentLogger });
        for (let i = 0; i < 10; i++)
          await jobsOf(bot).create({
            id: `here${i}`,
            command: `restart api-${i}`,
            user: { id: "U1" },
            channel: { id: CHANNEL },
            connector: "slack",
          });
        const event = { command: ["jobs"], user: { id: "U1" }, channel: { id: CHANNEL } };
        const check = await bot.dispatch(event);
        if ((check?.text?.split("\n").length ?? 0) !== 10)
          throw new Error(`unexpected jobs reply: ${check?.text?.slice(0, 120)}`);
        const jobsMs = await time(() => bot.dispatch(event));
        const sweepMs = await time(() => jobsOf(bot).unfinished());
        const fullListingMs =
          size <= scanUpTo ? await time(() => jobsOf(bot).recent(10), 3) : undefined;
        const row = {
          store: target.name,
          records: size,
          loadSeconds,
          jobsMs,
          sweepMs,
          fullListingMs,
        };
        console.log(JSON.stringify(row));
        rows.push(row);
      } finally {
        await target.stop();
      }
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await measureJobsIndex();
