import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore, type SqliteStore } from "@catops/node";
import { afterAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";

const dir = mkdtempSync(join(tmpdir(), "catops-sqlite-"));
const file = join(dir, "nested", "catops.db");
let clock = 1_700_000_000_000;
const now = () => clock;
const opened: SqliteStore[] = [];
const open = (path = file) => {
  const store = createSqliteStore({ path, now });
  opened.push(store);
  return store;
};
const shared = open();

afterAll(async () => {
  for (const store of opened) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

storeContract("sqlite", {
  create: () => shared,
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});

describe("sqlite store", () => {
  it("keeps values across reopening the file, in WAL mode", async () => {
    const first = open();
    await first.set("persist:a", { kept: true });
    // Writes go to the write-ahead log beside the database while it is open.
    expect(existsSync(`${file}-wal`)).toBe(true);
    await first.close();
    const again = open();
    expect(await again.get("persist:a")).toEqual({ kept: true });
  });

  it("lets one of two connections to the same file win set-if-absent", async () => {
    const a = open();
    const b = open();
    const results = [];
    for (let i = 0; i < 20; i++) {
      const key = `two-connections:${i}`;
      const [x, y] = await Promise.all([a.setIfAbsent(key, "a"), b.setIfAbsent(key, "b")]);
      results.push(Number(x) + Number(y));
      expect(await a.get(key)).toBe(x ? "a" : "b");
    }
    expect(results.every((wins) => wins === 1)).toBe(true);
  });

  it("lists by prefix in key order, with a limit, skipping expired keys and look-alikes", async () => {
    const store = open();
    await store.set("jobs:b", 2);
    await store.set("jobs:a", 1);
    await store.set("jobs:c", 3, { ttlSeconds: 1 });
    await store.set("jobs;d", 4);
    await store.set("jobs:\u00e9", 5);
    expect((await store.list("jobs:")).map((entry) => entry.key)).toEqual([
      "jobs:a",
      "jobs:b",
      "jobs:c",
      "jobs:\u00e9",
    ]);
    expect(await store.list("jobs:", { limit: 2 })).toEqual([
      { key: "jobs:a", value: 1 },
      { key: "jobs:b", value: 2 },
    ]);
    clock += 2000;
    expect((await store.list("jobs:")).map((entry) => entry.key)).not.toContain("jobs:c");
  });

  it("sweeps expired rows and keeps the rest", async () => {
    const store = open(":memory:");
    await store.set("short", 1, { ttlSeconds: 5 });
    await store.set("long", 2, { ttlSeconds: 500 });
    await store.set("forever", 3);
    clock += 10_000;
    expect(store.sweep()).toBe(1);
    expect(await store.get("long")).toBe(2);
    expect(await store.get("forever")).toBe(3);
  });

  it("stores undefined as null rather than failing", async () => {
    const store = open(":memory:");
    await store.set("nothing", undefined);
    expect(await store.get("nothing")).toBeNull();
  });
});
