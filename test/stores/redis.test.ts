import { createRedisStore, type RedisStore } from "@catops/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";
import { findOrStartRedis, type Service, uniqueName } from "../support/databases.ts";

// Keys of this file start with a prefix of its own, so concurrent runs do not collide.
const prefix = `${uniqueName("redis")}:`;
let server: Service;
let shared: RedisStore;
const opened: RedisStore[] = [];
const open = () => {
  const store = createRedisStore({ url: server.url, prefix });
  opened.push(store);
  return store;
};

beforeAll(async () => {
  server = await findOrStartRedis();
  shared = open();
}, 60_000);

afterAll(async () => {
  if (!server) return; // none was found: beforeAll said why
  const keys = await shared.client.keys(`${prefix}*`);
  if (keys.length > 0) await shared.client.del(...keys);
  for (const store of opened) await store.close();
  await server.stop();
});

storeContract("redis", {
  create: () => shared,
  // Expiry is Redis's own (PX), so only real time passes it.
  advance: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 100)),
  lists: true,
});

describe("redis store", () => {
  it("shares state between two clients, as replicas do, and one set-if-absent wins", async () => {
    const a = open();
    const b = open();
    await a.set("replicas:grant", { members: ["U1"] });
    expect(await b.get("replicas:grant")).toEqual({ members: ["U1"] });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).setIfAbsent("replicas:once", i)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("lists by prefix in byte order with a limit; glob characters in keys are literal", async () => {
    await shared.set("ls:b", 2);
    await shared.set("ls:a", 1);
    await shared.set("ls;d", 4);
    await shared.set("ls:\u00e9", 5);
    await shared.set("ls*:x", 7);
    await shared.set("ls*:y", 8);
    expect((await shared.list("ls:")).map((entry) => entry.key)).toEqual([
      "ls:a",
      "ls:b",
      "ls:\u00e9",
    ]);
    expect(await shared.list("ls:", { limit: 2 })).toEqual([
      { key: "ls:a", value: 1 },
      { key: "ls:b", value: 2 },
    ]);
    expect((await shared.list("ls*:")).map((entry) => entry.key)).toEqual(["ls*:x", "ls*:y"]);
  });

  it("keeps other bots' keys apart by prefix", async () => {
    const other = createRedisStore({ url: server.url, prefix: `${prefix}other:` });
    opened.push(other);
    await other.set("k", "theirs");
    await shared.set("k", "ours");
    expect(await other.get("k")).toBe("theirs");
    expect(await shared.get("k")).toBe("ours");
  });

  it("refuses a version it did not hand out, and reports health", async () => {
    await shared.set("odd", 1);
    expect(await shared.setIfVersion("odd", 2, "1")).toBe(false);
    expect(await shared.health()).toEqual({ ok: true });
    const gone = open();
    await gone.close();
    expect((await gone.health()).ok).toBe(false);
  });
});
