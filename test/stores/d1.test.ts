// The store contract against the real D1 inside workerd: a small Worker exposes the store's
// operations over fetch, and the Store below calls it through miniflare.
import type { Store } from "@catops/core";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";
import { bundleWorker } from "../workers/bundle.ts";

let mf: Miniflare | undefined;

async function call(op: string, args: unknown[] = [], table?: string): Promise<any> {
  if (!mf) throw new Error("miniflare is not running");
  const response = await mf.dispatchFetch("http://store.test/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ op, args, table }),
  });
  const body = (await response.json()) as { result?: unknown; error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body.result;
}

function workerStore(table?: string): Store {
  return {
    get: (key) => call("get", [key], table),
    set: (key, value, options) => call("set", [key, value, options], table),
    setIfAbsent: (key, value, options) => call("setIfAbsent", [key, value, options], table),
    getVersioned: (key) => call("getVersioned", [key], table),
    setIfVersion: (key, value, version, options) =>
      call("setIfVersion", [key, value, version, options], table),
    delete: (key) => call("delete", [key], table),
    list: (prefix, options) => call("list", [prefix, options], table),
  };
}

async function start() {
  const bundle = await bundleWorker(
    new URL("../workers/store-worker.ts", import.meta.url).pathname,
  );
  mf = new Miniflare({
    modules: true,
    script: bundle.code,
    compatibilityDate: "2024-09-23",
    d1Databases: { DB: "catops-store-test" },
  });
  await mf.ready;
}

beforeAll(start, 60_000);
afterAll(async () => {
  await mf?.dispose();
  mf = undefined;
});

storeContract("d1 (workerd)", {
  create: () => workerStore(),
  advance: (seconds) => call("advance", [seconds]),
  lists: true,
});

describe("d1 store details (workerd)", () => {
  it("creates its table on first use, under the name it is given", async () => {
    const store = workerStore("custom_table");
    await store.set("a", { v: 1 });
    const tables = await call("sql", ["SELECT name FROM sqlite_master WHERE type = 'table'"]);
    expect(tables.map((row: { name: string }) => row.name)).toContain("custom_table");
    expect(await store.get("a")).toEqual({ v: 1 });
    expect(await workerStore().get("a")).toBeUndefined();
  });

  it("refuses a table name that is not a plain identifier", async () => {
    await expect(workerStore("x; DROP TABLE y").get("a")).rejects.toThrow(/invalid D1 table name/);
  });

  it("keeps an expiry column and leaves rows without a TTL unexpiring", async () => {
    const store = workerStore("ttl_rows");
    await store.set("forever", 1);
    await store.set("brief", 2, { ttlSeconds: 30 });
    const rows = await call("sql", ["SELECT key, expires_at FROM ttl_rows ORDER BY key"]);
    expect(rows[0]).toMatchObject({ key: "brief" });
    expect(rows[0].expires_at).toBeGreaterThan(Date.now());
    expect(rows[1]).toEqual({ key: "forever", expires_at: null });
  });

  it("lists in key order, honours a limit, skips expired entries and matches % and _ literally", async () => {
    const store = workerStore("listing");
    await store.set("p%_:b", 2);
    await store.set("p%_:a", 1);
    await store.set("p%_:c", 3, { ttlSeconds: 1 });
    await store.set("pXY:d", 4);
    expect(await store.list!("p%_:", { limit: 2 })).toEqual([
      { key: "p%_:a", value: 1 },
      { key: "p%_:b", value: 2 },
    ]);
    await call("advance", [5]);
    expect((await store.list!("p%_:")).map((entry) => entry.key)).toEqual(["p%_:a", "p%_:b"]);
  });

  it("sweeps expired rows out of the table on a later write", async () => {
    const store = workerStore("sweep");
    await store.set("first", 1); // the first write sweeps, and starts the interval
    await store.set("old", 1, { ttlSeconds: 1 });
    await call("advance", [11 * 60]);
    await store.setIfAbsent("new", 2);
    const rows = await call("sql", ["SELECT key FROM sweep ORDER BY key"]);
    expect(rows.map((row: { key: string }) => row.key)).toEqual(["first", "new"]);
  });
});
