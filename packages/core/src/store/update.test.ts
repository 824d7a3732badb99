// Read-modify-write on the store without lost updates: group grants and job changes made at
// the same moment all stay.
import { describe, expect, it } from "vitest";
import { grant, revoke } from "../dispatch/group-grants.js";
import { loadStoredGroups } from "../dispatch/groups.js";
import { createJobs } from "../engine/jobs.js";
import type { Store } from "../types.js";
import { createMemoryStore } from "./memory.js";
import { updateValue } from "./update.js";

describe("updateValue", () => {
  it("keeps every grant made at once, and every revoke", async () => {
    const store = createMemoryStore();
    const users = Array.from({ length: 12 }, (_, i) => `U${i}`);
    const granted = await Promise.all(users.map((user) => grant(store, "oncall", user)));
    expect(granted.every(Boolean)).toBe(true);
    expect((await loadStoredGroups(store)).oncall?.sort()).toEqual([...users].sort());
    await Promise.all(users.slice(0, 6).map((user) => revoke(store, "oncall", user)));
    expect((await loadStoredGroups(store)).oncall?.sort()).toEqual(users.slice(6).sort());
  });

  it("keeps a cancellation request and the job's end written at the same moment", async () => {
    const jobs = createJobs(createMemoryStore(), () => 1000);
    await jobs.create({ id: "j1", command: "deploy", connector: "slack" });
    await Promise.all([
      jobs.update("j1", { cancelRequested: { by: "U2", at: 1001 } }),
      jobs.update("j1", { state: "succeeded", endedAt: 1002 }),
      jobs.update("j1", { progress: "step 3 of 3" }),
    ]);
    expect(await jobs.get("j1")).toMatchObject({
      state: "succeeded",
      endedAt: 1002,
      progress: "step 3 of 3",
      cancelRequested: { by: "U2", at: 1001 },
    });
  });

  it("writes nothing when the change gives undefined", async () => {
    const store = createMemoryStore();
    await store.set("k", { n: 1 });
    const result = await updateValue(store, "k", () => undefined);
    expect(result).toEqual({ value: { n: 1 }, written: false });
  });

  it("falls back to get-then-set on a store without compare-and-set", async () => {
    const { getVersioned: _g, setIfVersion: _s, ...plain } = createMemoryStore();
    const store: Store = plain;
    expect(await updateValue<number>(store, "n", (n = 0) => n + 1)).toEqual({
      value: 1,
      written: true,
    });
    expect(await store.get("n")).toBe(1);
  });

  it("gives up with a clear error when the key changes under every attempt", async () => {
    const store = createMemoryStore();
    let n = 0;
    const change = (current: number | undefined) => {
      void store.set("busy", ++n); // another writer, every time
      return (current ?? 0) + 1;
    };
    await expect(updateValue(store, "busy", change, { attempts: 3 })).rejects.toThrow(
      'store: "busy" kept changing under 3 attempts to update it',
    );
  });
});
