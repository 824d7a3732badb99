// The recent-jobs index: `jobs` and the start-up sweep read a few keys, however many job records
// the store holds, and every job created at once lands in it.
import { jobsOf } from "../testing.js";
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "../dispatch/command.js";
import { createJobIndex, RECENT_JOBS_KEPT } from "./job-index.js";
import { createJobs } from "./jobs.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import type { Store } from "../types.js";

/** A store that counts the values it hands out: each value a `get` returns, each entry of a `list`. */
function countingStore(inner: Store) {
  const counted = { valuesRead: 0 };
  const store: Store = {
    ...inner,
    async get<T>(key: string) {
      const value = await inner.get<T>(key);
      counted.valuesRead++;
      return value;
    },
    async getVersioned<T>(key: string) {
      const value = await inner.getVersioned!<T>(key);
      counted.valuesRead++;
      return value;
    },
    async list<T>(prefix: string, options?: { limit?: number }) {
      const found = await inner.list!<T>(prefix, options);
      counted.valuesRead += Math.max(1, found.length);
      return found;
    },
  };
  return { store, counted };
}

const jobLike = (i: number, channel: string, user = `U${i % 7}`) => ({
  id: `bg${i}`,
  command: `deploy svc${i}`,
  user: { id: user },
  channel: { id: channel },
  connector: "local",
});

describe("the recent-jobs index", () => {
  it("`jobs` reads a bounded number of keys, with a thousand records of other channels", async () => {
    const { store, counted } = countingStore(createMemoryStore());
    const bot = createCatOps({ store, logger: silentLogger });
    // A thousand is enough to tell a bounded read from a scan (it read 1,003 before the index),
    // and cheap to create: each create rewrites the unfinished-jobs list it joins.
    for (let i = 0; i < 1000; i++) await jobsOf(bot).create(jobLike(i, `COTHER${i % 50}`));
    for (let i = 0; i < 3; i++) await jobsOf(bot).create(jobLike(10_000 + i, "CHERE", "U1"));

    counted.valuesRead = 0;
    const reply = await bot.dispatch({
      command: ["jobs"],
      user: { id: "U1" },
      channel: { id: "CHERE" },
    });
    // One index read and the three records it names.
    expect(counted.valuesRead).toBeLessThanOrEqual(4);
    const lines = reply?.text?.split("\n") ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("`deploy svc10002`");
    expect(reply?.text).not.toContain("svc1 ");
  });

  it("lists a channel's jobs newest first, and keeps only the newest of a busy channel", async () => {
    let clock = 1_000_000;
    const store = createMemoryStore();
    const jobs = createJobs(store, () => clock++);
    for (let i = 0; i < RECENT_JOBS_KEPT + 20; i++) await jobs.create(jobLike(i, "CBUSY"));
    const recent = await jobs.recentIn({ channelId: "CBUSY" }, 100);
    expect(recent).toHaveLength(RECENT_JOBS_KEPT);
    expect(recent[0]?.id).toBe(`bg${RECENT_JOBS_KEPT + 19}`);
    expect(recent.at(-1)?.id).toBe("bg20");
  });

  it("keeps every job created at once in one channel", async () => {
    const jobs = createJobs(createMemoryStore(), Date.now);
    await Promise.all(Array.from({ length: 30 }, (_, i) => jobs.create(jobLike(i, "CRUSH"))));
    const ids = (await jobs.recentIn({ channelId: "CRUSH" }, 100)).map((job) => job.id);
    expect(ids.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `bg${i}`).sort());
    expect((await jobs.unfinished()).map((job) => job.id).sort()).toEqual(ids);
  });

  it("finds unfinished jobs without listing records, and forgets those that ended", async () => {
    const { store, counted } = countingStore(createMemoryStore());
    let clock = 5_000_000;
    const jobs = createJobs(store, () => clock);
    for (let i = 0; i < 500; i++) {
      await jobs.create(jobLike(i, "CDONE"));
      await jobs.update(`bg${i}`, { state: "succeeded", endedAt: clock });
    }
    await jobs.create(jobLike(900, "CRUN"));
    await jobs.create(jobLike(901, "CRUN"));
    await jobs.update("bg901", { state: "running", startedAt: clock });

    counted.valuesRead = 0;
    const unfinished = await jobs.unfinished();
    expect(unfinished.map((job) => job.id)).toEqual(["bg900", "bg901"]);
    // Eight index keys and the two records they name, not 502 records.
    expect(counted.valuesRead).toBeLessThanOrEqual(10);

    // An entry whose record never appeared is dropped once it is old enough.
    const index = createJobIndex(store, () => clock, 3600);
    await index.add("ghost", clock, {});
    expect((await index.unfinished()).map((entry) => entry.id)).toContain("ghost");
    await jobs.unfinished();
    expect((await index.unfinished()).map((entry) => entry.id)).toContain("ghost");
    clock += 120_000;
    await jobs.unfinished();
    expect((await index.unfinished()).map((entry) => entry.id)).toEqual(["bg900", "bg901"]);
  });

  it("`jobs --mine` lists the user's own jobs from every conversation; a DM lists its own", async () => {
    const bot = createCatOps({
      logger: silentLogger,
      commands: [{ ...command({ defer: true, run: () => "done" }), name: "slow" } as never],
    });
    await jobsOf(bot).create(jobLike(1, "CONE", "U1"));
    await jobsOf(bot).create(jobLike(2, "CTWO", "U1"));
    await jobsOf(bot).create(jobLike(3, "CTWO", "U2"));
    await jobsOf(bot).create(jobLike(4, "DU1", "U1"));
    const say = async (text: string, channel: string) =>
      (await bot.dispatch({ command: [], text, user: { id: "U1" }, channel: { id: channel } }))
        ?.text ?? "";
    const mine = await say("jobs --mine", "CTWO");
    expect(mine).toContain("svc1");
    expect(mine).toContain("svc2");
    expect(mine).toContain("svc4");
    expect(mine).not.toContain("svc3");
    const inDm = await say("jobs", "DU1");
    expect(inDm).toContain("svc4");
    expect(inDm.split("\n")).toHaveLength(1);
    const inChannel = await say("jobs", "CTWO");
    expect(inChannel).toContain("svc2");
    expect(inChannel).toContain("svc3");
    expect(inChannel).not.toContain("svc1");
  });
});
