import { describe, expect, it } from "vitest";
import { createMemoryStore } from "./memory.js";

describe("createMemoryStore", () => {
  it("copies values in and out, so callers cannot change what is stored", async () => {
    const store = createMemoryStore();
    const value = { n: 1, list: [1] };
    await store.set("k", value);
    value.list.push(2);
    const read = await store.get<typeof value>("k");
    expect(read).toEqual({ n: 1, list: [1] });
    read!.n = 99;
    expect(await store.get("k")).toEqual({ n: 1, list: [1] });
  });

  it("expires values after their ttl, and setIfAbsent may then store again", async () => {
    let clock = 1000;
    const store = createMemoryStore({ now: () => clock });
    expect(await store.setIfAbsent("lock", "a", { ttlSeconds: 10 })).toBe(true);
    expect(await store.setIfAbsent("lock", "b", { ttlSeconds: 10 })).toBe(false);
    clock += 9_999;
    expect(await store.get("lock")).toBe("a");
    clock += 1;
    expect(await store.get("lock")).toBeUndefined();
    expect(await store.setIfAbsent("lock", "c")).toBe(true);
    clock += 10 ** 12;
    expect(await store.get("lock")).toBe("c");
  });

  it("lists live keys by prefix in key order, up to a limit", async () => {
    let clock = 0;
    const store = createMemoryStore({ now: () => clock });
    await store.set("job:b", 2);
    await store.set("job:a", 1);
    await store.set("job:c", 3, { ttlSeconds: 1 });
    await store.set("other", 0);
    expect(await store.list!("job:")).toEqual([
      { key: "job:a", value: 1 },
      { key: "job:b", value: 2 },
      { key: "job:c", value: 3 },
    ]);
    clock += 1000;
    expect((await store.list!("job:")).map((e) => e.key)).toEqual(["job:a", "job:b"]);
    expect(await store.list!("job:", { limit: 1 })).toEqual([{ key: "job:a", value: 1 }]);
  });

  it("deletes and closes", async () => {
    const store = createMemoryStore();
    await store.set("a", 1);
    await store.set("b", 2);
    await store.delete("a");
    expect(await store.get("a")).toBeUndefined();
    await store.close!();
    expect(await store.get("b")).toBeUndefined();
  });
});
