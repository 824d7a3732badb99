// The store contract: every store (memory, SQLite, DynamoDB, Table Storage, D1, ...) passes
// the same suite. Call it from a test file with a factory that gives a fresh, empty store.
import { type Store, updateValue } from "@catops/core";
import { createJobs } from "@catops/core/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

export interface StoreContractOptions {
  /** False when the store's server is not on this machine: the suite shows as skipped. */
  available?: boolean;
  /** A fresh store; called once per test. Keys are unique per test, so it may be shared. */
  create: () => Promise<Store> | Store;
  /** Waits until a TTL of `seconds` has surely passed (real time, or a fake clock). */
  advance?: (seconds: number) => Promise<void>;
  /** Whether the store supports `list` (needed for job listings). */
  lists?: boolean;
  /**
   * Whether the backend behind it isolates concurrent writers (default true). Only a test
   * double that does not model it says false; the real backend then needs a row of its own.
   */
  isolatesWriters?: boolean;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

export function storeContract(name: string, options: StoreContractOptions): void {
  // A store whose server this machine lacks is reported as skipped, never as passed.
  describe.runIf(options.available ?? true)(`store contract: ${name}`, () => {
    let n = 0;
    const key = (label: string) => `contract:${Date.now().toString(36)}:${++n}:${label}`;
    if (options.setup) beforeAll(options.setup, 120_000);
    if (options.teardown) afterAll(options.teardown, 60_000);

    it("returns undefined for a missing key", async () => {
      const store = await options.create();
      expect(await store.get(key("missing"))).toBeUndefined();
    });

    it("round-trips strings, numbers, objects and arrays", async () => {
      const store = await options.create();
      const values = ["text", 42, { nested: { a: [1, 2, "three"] }, flag: true }, [1, { b: null }]];
      for (const [i, value] of values.entries()) {
        const k = key(`value-${i}`);
        await store.set(k, value);
        expect(await store.get(k)).toEqual(value);
      }
    });

    it("overwrites on set and forgets on delete", async () => {
      const store = await options.create();
      const k = key("overwrite");
      await store.set(k, { v: 1 });
      await store.set(k, { v: 2 });
      expect(await store.get(k)).toEqual({ v: 2 });
      await store.delete(k);
      expect(await store.get(k)).toBeUndefined();
      await store.delete(k); // deleting a missing key is fine
    });

    it("stores set-if-absent only once", async () => {
      const store = await options.create();
      const k = key("once");
      expect(await store.setIfAbsent(k, "first")).toBe(true);
      expect(await store.setIfAbsent(k, "second")).toBe(false);
      expect(await store.get(k)).toBe("first");
    });

    it("lets exactly one of many concurrent set-if-absent calls win", async () => {
      const store = await options.create();
      const k = key("race");
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.setIfAbsent(k, i)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(k)).toBe(results.indexOf(true));
    });

    it("compare-and-set: writes only over the version it read", async () => {
      const store = await options.create();
      expect(store.getVersioned).toBeTypeOf("function");
      expect(store.setIfVersion).toBeTypeOf("function");
      const k = key("cas");
      expect(await store.getVersioned!(k)).toBeUndefined();
      expect(await store.setIfVersion!(k, { n: 1 }, undefined)).toBe(true);
      expect(await store.setIfVersion!(k, { n: 9 }, undefined)).toBe(false);
      const first = (await store.getVersioned!<{ n: number }>(k))!;
      expect(first.value).toEqual({ n: 1 });
      expect(await store.setIfVersion!(k, { n: 2 }, first.version)).toBe(true);
      expect(await store.setIfVersion!(k, { n: 3 }, first.version)).toBe(false);
      expect(await store.get(k)).toEqual({ n: 2 });
      const second = (await store.getVersioned!(k))!;
      await store.set(k, { n: 4 });
      expect(await store.setIfVersion!(k, { n: 5 }, second.version)).toBe(false);
      await store.delete(k);
      expect(await store.setIfVersion!(k, { n: 6 }, second.version)).toBe(false);
      expect(await store.get(k)).toBeUndefined();
    });

    if (options.isolatesWriters !== false)
      it("loses no update when many writers change one key at once", async () => {
        const store = await options.create();
        const k = key("counter");
        await Promise.all(
          Array.from({ length: 8 }, () => updateValue<number>(store, k, (n = 0) => n + 1)),
        );
        expect(await store.get(k)).toBe(8);
      });

    if (options.isolatesWriters !== false)
      it("keeps every member when many are added to one record at once", async () => {
        const store = await options.create();
        const k = key("members");
        const users = Array.from({ length: 8 }, (_, i) => `U${i}`);
        await Promise.all(
          users.map((user) =>
            updateValue<{ members: string[] }>(store, k, (record = { members: [] }) => ({
              members: [...record.members, user],
            })),
          ),
        );
        const stored = await store.get<{ members: string[] }>(k);
        expect(stored?.members.sort()).toEqual(users);
      });

    if (options.isolatesWriters !== false)
      it("files every job created at once in one channel in the recent-jobs index", async () => {
        const store = await options.create();
        const jobs = createJobs(store, Date.now);
        const channel = key("channel");
        const ids = Array.from({ length: 12 }, (_, i) => `${channel}-job${i}`);
        await Promise.all(
          ids.map((id, i) =>
            jobs.create({
              id,
              command: "deploy",
              channel: { id: channel },
              user: { id: `${channel}-U${i % 3}` },
              connector: "test",
            }),
          ),
        );
        const listed = await jobs.recentIn({ channelId: channel }, 50);
        expect(listed.map((job) => job.id).sort()).toEqual([...ids].sort());
        const unfinished = (await jobs.unfinished()).map((job) => job.id);
        expect(unfinished.filter((id) => id.startsWith(channel)).sort()).toEqual([...ids].sort());
        await Promise.all(ids.map((id) => jobs.update(id, { state: "succeeded" })));
        const after = (await jobs.unfinished()).map((job) => job.id);
        expect(after.filter((id) => id.startsWith(channel))).toEqual([]);
      });

    if (options.advance) {
      const advance = options.advance;
      it("counts an expired value as absent for compare-and-set", async () => {
        const store = await options.create();
        const k = key("cas-ttl");
        expect(await store.setIfVersion!(k, "short", undefined, { ttlSeconds: 1 })).toBe(true);
        const read = (await store.getVersioned!(k))!;
        await advance(2);
        expect(await store.getVersioned!(k)).toBeUndefined();
        expect(await store.setIfVersion!(k, "stale", read.version)).toBe(false);
        expect(await store.setIfVersion!(k, "again", undefined)).toBe(true);
        expect(await store.get(k)).toBe("again");
      }, 30_000);

      it("expires values after their TTL, and set-if-absent succeeds again", async () => {
        const store = await options.create();
        const k = key("ttl");
        const kept = key("kept");
        expect(await store.setIfAbsent(k, "short", { ttlSeconds: 1 })).toBe(true);
        await store.set(kept, "forever");
        await advance(2);
        expect(await store.get(k)).toBeUndefined();
        expect(await store.setIfAbsent(k, "again", { ttlSeconds: 60 })).toBe(true);
        expect(await store.get(k)).toBe("again");
        expect(await store.get(kept)).toBe("forever");
      }, 30_000);
    }

    if (options.lists) {
      it("lists keys by prefix", async () => {
        const store = await options.create();
        const prefix = key("list");
        await store.set(`${prefix}:a`, 1);
        await store.set(`${prefix}:b`, 2);
        await store.set(`${key("other")}:c`, 3);
        const listed = await store.list!(`${prefix}:`);
        expect(listed.map((entry) => entry.key).sort()).toEqual([`${prefix}:a`, `${prefix}:b`]);
        expect(listed.map((entry) => entry.value).sort()).toEqual([1, 2]);
      });
    }
  });
}
