// The Table Storage store against azurite: the shared store contract, then what is particular
// to Table Storage (forbidden key characters, expiry without native TTL, large values).
import { TableClient } from "@azure/data-tables";
import { createTableStore } from "@catops/azure-functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";
import { type Azurite, startAzurite } from "../support/azurite.ts";

let azurite: Azurite;
let clock = 1_700_000_000_000;
let store: ReturnType<typeof createTableStore>;

beforeAll(async () => {
  azurite = await startAzurite();
  store = createTableStore({
    connectionString: azurite.connectionString,
    tableName: "contract",
    now: () => clock,
  });
}, 60_000);
afterAll(() => azurite?.stop());

storeContract("azure table storage (azurite)", {
  create: () => store,
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});

describe("table store on azurite", () => {
  it("keeps keys with characters Table Storage forbids, and lists them by prefix", async () => {
    const odd = ["a/b", "c\\d", "e#f", "g?h", "100%", "tab\there", "quote'd", "snow☃", "nl\nx"];
    for (const [i, suffix] of odd.entries()) await store.set(`odd:${suffix}`, i);
    for (const [i, suffix] of odd.entries()) expect(await store.get(`odd:${suffix}`)).toBe(i);
    const listed = await store.list!("odd:");
    expect(listed.map((entry) => entry.key).sort()).toEqual(odd.map((s) => `odd:${s}`).sort());
    expect(await store.list!("odd:a/")).toEqual([{ key: "odd:a/b", value: 0 }]);
    await store.delete("odd:e#f");
    expect(await store.get("odd:e#f")).toBeUndefined();
  });

  it("lists across partitions when the prefix stops before the first ':'", async () => {
    await store.set("rota:primary", "ann");
    await store.set("rotation", "weekly");
    await store.set("rot/x:1", "slash");
    await store.set("rsvp:1", "no");
    const listed = await store.list!("rot");
    expect(listed.map((entry) => entry.key).sort()).toEqual([
      "rot/x:1",
      "rota:primary",
      "rotation",
    ]);
    expect(await store.list!("rota", { limit: 1 })).toHaveLength(1);
  });

  it("reads expired values as absent and leaves them out of listings", async () => {
    await store.set("exp:short", "gone soon", { ttlSeconds: 5 });
    await store.set("exp:long", "stays", { ttlSeconds: 3600 });
    expect(await store.get("exp:short")).toBe("gone soon");
    clock += 6000;
    expect(await store.get("exp:short")).toBeUndefined();
    expect((await store.list!("exp:")).map((entry) => entry.key)).toEqual(["exp:long"]);
    // The expired entity is still in the table: there is no native TTL.
    const raw = TableClient.fromConnectionString(azurite.connectionString, "contract", {
      allowInsecureConnection: true,
    });
    const entity = await raw.getEntity("exp", "exp:short");
    expect(Number(entity.expiresAt)).toBeLessThanOrEqual(clock);
  });

  it("replaces an expired entity for exactly one of many concurrent set-if-absent calls", async () => {
    await store.set("race:expired", "old", { ttlSeconds: 1 });
    clock += 2000;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.setIfAbsent("race:expired", i, { ttlSeconds: 60 })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get("race:expired")).toBe(results.indexOf(true));
  });

  it("round-trips a value larger than one string property holds", async () => {
    const big = { lines: Array.from({ length: 3000 }, (_, i) => `line ${i} ${"x".repeat(30)}`) };
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    await store.set("big:one", big);
    expect(await store.get("big:one")).toEqual(big);
  });

  it("refuses a key longer than Table Storage allows, with a clear error", async () => {
    await expect(store.set(`long:${"k".repeat(600)}`, 1)).rejects.toThrow(/too long/);
  });

  it("creates its table on first use and reports a missing connection string clearly", async () => {
    const fresh = createTableStore({
      connectionString: azurite.connectionString,
      tableName: "freshtable",
    });
    await fresh.set("a:b", 1);
    expect(await fresh.get("a:b")).toBe(1);
    const unset = createTableStore({ connectionString: undefined });
    await expect(unset.get("a")).rejects.toThrow(/connection string is empty/);
  });
});
