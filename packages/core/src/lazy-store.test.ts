import { describe, expect, it } from "vitest";
import { type CompleteStore, lazyStore } from "./lazy-store.js";
import { createMemoryStore } from "./store/memory.js";

function counted(): {
  loads: () => number;
  closes: () => number;
  load: () => Promise<CompleteStore>;
} {
  let loads = 0;
  let closes = 0;
  return {
    loads: () => loads,
    closes: () => closes,
    load: async () => {
      loads++;
      const memory = createMemoryStore() as CompleteStore;
      return { ...memory, close: async () => void closes++ };
    },
  };
}

describe("lazyStore", () => {
  it("loads nothing until the first read or write, then loads once for every call", async () => {
    const loading = counted();
    const store = lazyStore(loading.load);
    expect(loading.loads()).toBe(0);

    const [stored] = await Promise.all([
      store.setIfAbsent("a", { n: 1 }),
      store.set("b", 2, { ttlSeconds: 60 }),
    ]);
    expect(stored).toBe(true);
    expect(await store.get("a")).toEqual({ n: 1 });
    const versioned = await store.getVersioned!("a");
    expect(await store.setIfVersion!("a", { n: 2 }, versioned!.version)).toBe(true);
    expect(await store.setIfVersion!("a", { n: 3 }, versioned!.version)).toBe(false);
    expect(await store.list!("")).toEqual([
      { key: "a", value: { n: 2 } },
      { key: "b", value: 2 },
    ]);
    await store.delete("b");
    expect(await store.get("b")).toBeUndefined();
    expect(loading.loads()).toBe(1);
  });

  it("closes what was loaded, and loads nothing to close", async () => {
    const unused = counted();
    await lazyStore(unused.load).close!();
    expect(unused.loads()).toBe(0);

    const used = counted();
    const store = lazyStore(used.load);
    await store.get("x");
    await store.close!();
    expect(used.closes()).toBe(1);
  });

  it("tries a failed load again on the next call", async () => {
    let attempts = 0;
    const store = lazyStore(async () => {
      attempts++;
      if (attempts === 1) throw new Error("chunk not readable");
      return createMemoryStore() as CompleteStore;
    });
    await expect(store.get("k")).rejects.toThrow("chunk not readable");
    expect(await store.setIfAbsent("k", 1)).toBe(true);
    expect(attempts).toBe(2);
  });
});
