// createNodeBot picks where state and jobs live from configuration: SQLite when nothing is set,
// PostgreSQL (store and queue) with CATOPS_DATABASE_URL, Redis with CATOPS_REDIS_URL, and Redis
// for state with the PostgreSQL queue when both are set.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@catops/core";
import { createNodeBot, sharedBackendsOf } from "@catops/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dropSchema,
  findOrStartPostgres,
  findOrStartRedis,
  type Service,
  uniqueName,
} from "../support/databases.ts";

const schema = uniqueName("nodebot");
const prefix = `${uniqueName("nodebot")}:`;
let postgres: Service;
let redis: Service;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([findOrStartPostgres(), findOrStartRedis()]);
}, 120_000);

afterAll(async () => {
  if (postgres) {
    await dropSchema(postgres.url, schema);
    await dropSchema(postgres.url, `${schema}_queue`);
    await postgres.stop();
  }
  await redis?.stop();
});

const bot = (env: Record<string, string>, dataDir?: string) =>
  createNodeBot({ env, logger: silentLogger, playground: false, dataDir });

describe("createNodeBot's store and queue", () => {
  it("keeps SQLite when neither database is configured", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "catops-nodebot-"));
    try {
      const alone = await bot({}, dataDir);
      expect(sharedBackendsOf(alone)).toBeUndefined();
      await alone.store.set("k", 1);
      expect(await alone.store.get("k")).toBe(1);
      await alone.store.close?.();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("shares state and jobs through PostgreSQL with CATOPS_DATABASE_URL", async () => {
    const env = { CATOPS_DATABASE_URL: postgres.url, CATOPS_DATABASE_SCHEMA: schema };
    const [a, b] = await Promise.all([bot(env), bot(env)]);
    try {
      expect(sharedBackendsOf(a)?.description).toBe("PostgreSQL");
      expect(sharedBackendsOf(a)?.queue).toBeDefined();
      expect(sharedBackendsOf(a)?.cancelNotified).toBe(true);
      await a.store.set("access:groups", { deployers: ["U1"] });
      expect(await b.store.get("access:groups")).toEqual({ deployers: ["U1"] });
      expect(await a.store.health?.()).toEqual({ ok: true });
    } finally {
      await sharedBackendsOf(a)?.close();
      await sharedBackendsOf(b)?.close();
    }
  });

  it("keeps state in Redis with CATOPS_REDIS_URL, jobs staying in process", async () => {
    const env = { CATOPS_REDIS_URL: redis.url, CATOPS_REDIS_PREFIX: prefix };
    const [a, b] = await Promise.all([bot(env), bot(env)]);
    try {
      expect(sharedBackendsOf(a)?.description).toBe("Redis");
      expect(sharedBackendsOf(a)?.queue).toBeUndefined();
      await a.store.set("rota", ["U1", "U2"]);
      expect(await b.store.get("rota")).toEqual(["U1", "U2"]);
    } finally {
      await a.store.delete("rota");
      await sharedBackendsOf(a)?.close();
      await sharedBackendsOf(b)?.close();
    }
  });

  it("keeps state in Redis and jobs on the PostgreSQL queue with both", async () => {
    const env = {
      CATOPS_REDIS_URL: redis.url,
      CATOPS_REDIS_PREFIX: prefix,
      CATOPS_DATABASE_URL: postgres.url,
      CATOPS_DATABASE_SCHEMA: schema,
    };
    const both = await bot(env);
    try {
      const shared = sharedBackendsOf(both)!;
      expect(shared.description).toBe("Redis, jobs on PostgreSQL");
      expect(shared.queue).toBeDefined();
      // Job records are in Redis, where no database trigger sees a cancel: jobs poll for it.
      expect(shared.cancelNotified).toBe(false);
      await both.store.set("where", "redis");
      expect(await redisValue(`${prefix}where`)).toContain('"redis"');
    } finally {
      await both.store.delete("where");
      await sharedBackendsOf(both)?.close();
    }
  });

  it("refuses a queue setting that is not a number, naming it", async () => {
    await expect(
      bot({ CATOPS_DATABASE_URL: postgres.url, CATOPS_QUEUE_CONCURRENCY: "lots" }),
    ).rejects.toThrow('CATOPS_QUEUE_CONCURRENCY must be a number, not "lots"');
  });
});

async function redisValue(key: string): Promise<string | null> {
  const { Redis } = await import("ioredis");
  const client = new Redis(redis.url);
  try {
    return await client.get(key);
  } finally {
    client.disconnect();
  }
}
