// Cancellation of a job running in this process, learned from the store: by polling, or at once
// when the runtime is told that a cancellation was written (a database notification).
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { createCancellation } from "./cancel.js";
import { createJobs } from "./jobs.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("cancellation", () => {
  it("with polling off, stops a job only when told to look, and only when asked to stop", async () => {
    const jobs = createJobs(createMemoryStore(), () => 1000);
    const cancellation = createCancellation(jobs, 0);
    await jobs.create({ id: "j1", command: "deploy", connector: "test" });
    const controller = new AbortController();
    const stop = cancellation.watch("j1", controller);
    expect(await cancellation.checkNow("j1")).toBe(false); // nobody asked
    await jobs.update("j1", { cancelRequested: { by: "U2", at: 1001 } });
    await sleep(50);
    expect(controller.signal.aborted).toBe(false); // no poll saw it
    expect(await cancellation.checkNow("j1")).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(await cancellation.checkNow("j1")).toBe(false); // already stopped
    stop();
    expect(await cancellation.checkNow("j1")).toBe(false); // no longer running here
    expect(await cancellation.checkNow("elsewhere")).toBe(false);
  });

  it("with polling on, stops the job by itself", async () => {
    const jobs = createJobs(createMemoryStore(), () => 1000);
    const cancellation = createCancellation(jobs, 10);
    await jobs.create({ id: "j2", command: "deploy", connector: "test" });
    const controller = new AbortController();
    const stop = cancellation.watch("j2", controller);
    await jobs.update("j2", { cancelRequested: { at: 1001 } });
    for (let i = 0; i < 100 && !controller.signal.aborted; i++) await sleep(10);
    expect(controller.signal.aborted).toBe(true);
    stop();
  });
});

describe("bot.releaseJob", () => {
  it("drops a run's lease, so the job's next delivery is not taken for a duplicate", async () => {
    const store = createMemoryStore();
    const bot = createCatOps({ store, logger: silentLogger });
    await store.set("job-run:j3", 1000, { ttlSeconds: 60 });
    await store.set("job-run:j4", 1000, { ttlSeconds: 60 });
    await bot.releaseJob("j3");
    expect(await store.get("job-run:j3")).toBeUndefined();
    expect(await store.get("job-run:j4")).toBe(1000);
    expect(await bot.checkCancellation("j3")).toBe(false);
  });
});
